'use strict'
// What `import ... from 'undici'` loads in fleet-check's bundles (tsconfig.json's `paths`) and
// tests (jest.config.js), in our code and in the packages bundled with it: undici's
// dispatchers without the rest of its index (fetch, WebSocket, caches, cookies, EventSource,
// mocks, interceptors). That index is about 380 KB of the bundle that every run compiled, and
// mostly evaluated, before its first line, though fleet-check's requests use the dispatchers
// alone and @actions/http-client (loaded by @actions/core) imports ProxyAgent alone. The classes
// are undici's own modules, so a bundle still holds one copy of each.
// `npm run bundle` fails if a bundled module imports a name this file does not export.
const Dispatcher = require('undici/lib/dispatcher/dispatcher')
const api = require('undici/lib/api')
const util = require('undici/lib/core/util')

// As undici's index does: request() and connect() on every dispatcher (ProxyAgent opens its
// tunnel with connect()).
Object.assign(Dispatcher.prototype, api)

exports.Dispatcher = Dispatcher
exports.Client = require('undici/lib/dispatcher/client')
exports.Pool = require('undici/lib/dispatcher/pool')
exports.Agent = require('undici/lib/dispatcher/agent')
exports.ProxyAgent = require('undici/lib/dispatcher/proxy-agent')
exports.EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent')
exports.buildConnector = require('undici/lib/core/connect')
exports.errors = require('undici/lib/core/errors')
exports.util = { parseHeaders: util.parseHeaders, headerNameToString: util.headerNameToString }

// Octokit (through @actions/github, in chunks of its own) sends its requests with undici's
// fetch: loaded on the first call, as a chunk of its own too.
exports.fetch = async function fetch(input, init) {
  const { fetch } = await import('undici/lib/web/fetch/index.js')
  try {
    return await fetch(input, init)
  } catch (error) {
    // As undici's index does: the stack of the call, not of fetch's internals.
    if (error && typeof error === 'object') Error.captureStackTrace(error)
    throw error
  }
}
