// TLS and proxies through the committed bundle: the TLS stack, undici and its proxy agent as
// bundled, and what only a process shows (undici's warnings on stderr).
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { fleet, runBundle } from '../helpers/run-action.js'
import { json, startProxy, startServer, type Proxy, type TestServer } from '../helpers/servers.js'
import {
  makeCertificates,
  startHttpsServer,
  type Certificates,
  type HttpsServer
} from '../helpers/tls.js'
import { expectVerdict, target, SHA } from '../helpers/outcome.js'

let certs: Certificates
let valid: HttpsServer
let expired: HttpsServer
let plain: TestServer
let proxy: Proxy
beforeAll(async () => {
  certs = makeCertificates()
  valid = await startHttpsServer(certs.valid, (_req, res) => json(res, { sha: SHA }))
  expired = await startHttpsServer(certs.expired, (_req, res) => json(res, { sha: SHA }))
  plain = await startServer((_req, res) => json(res, { sha: SHA }))
  proxy = await startProxy()
})
afterAll(async () => {
  await valid.close()
  await expired.close()
  await plain.close()
  await proxy.close()
})

test('ca-file: a leaf of the private CA is current; an expired one is missing', async () => {
  const run = await runBundle({
    inputs: {
      targets: fleet([
        ['ok', `${valid.origin}/version`],
        ['old-cert', `${expired.origin}/version`]
      ]),
      'ca-file': 'ca.pem',
      retries: '2'
    },
    files: { 'ca.pem': certs.ca }
  })
  expectVerdict(run, 'old-cert', 'missing', 'TLS error: certificate has expired (CERT_HAS_EXPIRED)')
  expect(target(run, 'ok').status).toBe('current')
  // A TLS error is not transient: one attempt.
  expect(target(run, 'old-cert').attempts).toBe(1)
})

test('proxies: HTTPS_PROXY tunnels with ca-file, NO_PROXY bypasses, and stderr stays quiet', async () => {
  const before = proxy.seen.length
  const host = `build.fleet-check.invalid:${valid.port}`
  const run = await runBundle({
    inputs: {
      targets: fleet([
        ['tunnelled', `https://${host}/version`],
        ['direct', `${plain.origin}/version`]
      ]),
      'ca-file': 'ca.pem',
      retries: '0'
    },
    env: { HTTPS_PROXY: proxy.origin, HTTP_PROXY: proxy.origin, NO_PROXY: '127.0.0.1' },
    files: { 'ca.pem': certs.ca }
  })
  expectVerdict(run, 'tunnelled', 'current', null)
  expectVerdict(run, 'direct', 'current', null)
  // The name resolves nowhere: only the tunnel could reach it. The direct target went around.
  expect(proxy.seen.slice(before)).toEqual([{ method: 'CONNECT', target: host }])
  // undici's "EnvHttpProxyAgent is experimental" is noise users cannot act on: a process-wide
  // warning, printed once per process, so only a process of its own can show it is gone.
  expect(run.stderr).toBe('')
})
