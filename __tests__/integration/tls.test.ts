// HTTPS: certificates are verified, TLS failures are not retried, https -> http is refused.
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals'
import { Agent, type Dispatcher } from 'undici'
import { checkTarget } from '../../src/probe/check.js'
import { createDispatcher, fetchOnce } from '../../src/probe/http.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import { target } from './target.js'
import { selfSigned, startHttpsServer, type HttpsServer, type KeyPair } from '../helpers/tls.js'

const SHA = '4f2a9c1e0b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39'

let pair: KeyPair
let tls: HttpsServer
let plain: TestServer
const dispatchers: Dispatcher[] = []

beforeAll(async () => {
  pair = selfSigned()
  plain = await startServer((_req, res) => json(res, { sha: 'plain-http' }))
  tls = await startHttpsServer(pair, (req, res) => {
    if (req.url === '/to-http') {
      res.writeHead(302, { location: `${plain.origin}/version` })
      res.end()
    } else json(res, { sha: SHA })
  })
})

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map(d => d.destroy()))
})

afterAll(async () => {
  await tls.close()
  await plain.close()
})

function dispatcher(d: Dispatcher): Dispatcher {
  dispatchers.push(d)
  return d
}

/** A client that trusts the test certificate, to show the server itself works. */
const trusting = (): Dispatcher => dispatcher(new Agent({ connect: { ca: pair.cert } }))

test('a self-signed certificate is a TLS error, not retried', async () => {
  const before = tls.requests.length
  const obs = await checkTarget(
    target(`${tls.origin}/version`),
    2,
    dispatcher(createDispatcher({}))
  )
  expect(obs.kind).not.toBe('reported')
  expect(obs).toMatchObject({ code: 'tls', reason: expect.stringMatching(/^TLS error/) })
  // Node 24 appends a hint about --use-system-ca to the message; the code closes the reason
  expect(obs).toMatchObject({
    reason: expect.stringMatching(
      /^TLS error: self-signed certificate\b.*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/
    )
  })
  expect(obs.attempts).toBe(1)
  // no request got past the handshake
  expect(tls.requests.length).toBe(before)
})

test('the same server answers a client that trusts its certificate', async () => {
  const obs = await checkTarget(target(`${tls.origin}/version`), 0, trusting())
  expect(obs).toMatchObject({ build: SHA, attempts: 1 })
})

test('a redirect from https to http is refused, and the http server is never asked', async () => {
  const before = plain.requests.length
  const attempt = await fetchOnce(target(`${tls.origin}/to-http`), trusting())
  expect(attempt).toEqual({
    ok: false,
    code: 'redirect-refused',
    reason: 'redirect from https to http refused',
    transient: false
  })
  expect(plain.requests.length).toBe(before)
})
