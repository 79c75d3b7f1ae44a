// TLS faults: certificates made by the openssl CLI, servers on loopback.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, fleet } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import { expectVerdict, expectWithin, pathOf, SHA, OVERHEAD_MS } from '../helpers/outcome.js'
import {
  makeCertificates,
  startHttpsServer,
  type Certificates,
  type HttpsServer,
  selfSigned,
  type KeyPair
} from '../helpers/tls.js'

describe('a self-signed certificate', () => {
  let pair: KeyPair
  let server: HttpsServer
  beforeAll(async () => {
    pair = selfSigned()
    server = await startHttpsServer(pair, (_req, res) => json(res, { sha: SHA }))
  })
  afterAll(() => server.close())

  test('is missing by default: a TLS error, not retried', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: { targets: fleet([['self', `${server.origin}/version`]]), retries: '2' }
    })
    const t = expectVerdict(
      run,
      'self',
      'missing',
      /^TLS error: self-signed certificate\b.*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/
    )
    expect(t.attempts).toBe(1)
    // Node's hint about --use-system-ca is no use to an Actions user: ca-file is the way.
    expect(t.reason).not.toContain('use-system-ca')
    expect(server.requests.length).toBe(before)
    expectWithin(run, OVERHEAD_MS)
  })

  test('is current with ca-file pointing at its PEM', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([['self', `${server.origin}/version`]]),
        'ca-file': 'fleet-ca.pem'
      },
      files: { 'fleet-ca.pem': pair.cert }
    })
    expectVerdict(run, 'self', 'current', null)
    expect(server.requests.length).toBe(before + 1)
    expectWithin(run, OVERHEAD_MS)
  })

  test('ca-file trusts what it holds, no more: another self-signed certificate is refused', async () => {
    const other = selfSigned()
    const run = await runAction({
      inputs: { targets: fleet([['self', `${server.origin}/version`]]), 'ca-file': 'ca.pem' },
      files: { 'ca.pem': other.cert }
    })
    expectVerdict(run, 'self', 'missing', /^TLS error: .*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/)
  })
})

describe('certificates from a CA', () => {
  let certs: Certificates
  let valid: HttpsServer
  let expired: HttpsServer
  let plain: TestServer
  beforeAll(async () => {
    certs = makeCertificates()
    plain = await startServer((_req, res) => json(res, { sha: SHA }))
    const handler = (req: { url?: string }, res: import('node:http').ServerResponse) => {
      if (pathOf(req.url) === '/to-http') {
        res.writeHead(302, { location: `${plain.origin}/version` })
        return res.end()
      }
      if (pathOf(req.url) === '/to-https') {
        res.writeHead(302, { location: `${valid.origin}/version` })
        return res.end()
      }
      json(res, { sha: SHA })
    }
    valid = await startHttpsServer(certs.valid, handler)
    expired = await startHttpsServer(certs.expired, handler)
  })
  afterAll(async () => {
    await valid.close()
    await expired.close()
    await plain.close()
  })

  test('a leaf signed by the ca-file CA is current', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['ok', `${valid.origin}/version`]]), 'ca-file': 'ca.pem' },
      files: { 'ca.pem': certs.ca }
    })
    expectVerdict(run, 'ok', 'current', null)
  })

  test('an expired certificate is missing: CERT_HAS_EXPIRED, not retried', async () => {
    const before = expired.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([['old-cert', `${expired.origin}/version`]]),
        'ca-file': 'ca.pem',
        retries: '2'
      },
      files: { 'ca.pem': certs.ca }
    })
    const t = expectVerdict(
      run,
      'old-cert',
      'missing',
      /^TLS error: certificate has expired \(CERT_HAS_EXPIRED\)$/
    )
    expect(t.attempts).toBe(1)
    expect(expired.requests.length).toBe(before)
    expectWithin(run, OVERHEAD_MS)
  })

  test('an https to http redirect is refused; the http server is never asked', async () => {
    const before = plain.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([['downgrade', `${valid.origin}/to-http`]]),
        'ca-file': 'ca.pem',
        retries: '2'
      },
      files: { 'ca.pem': certs.ca }
    })
    const t = expectVerdict(run, 'downgrade', 'missing', 'redirect from https to http refused')
    expect(t.attempts).toBe(1)
    expect(plain.requests.length).toBe(before)
    expectWithin(run, OVERHEAD_MS)
  })

  test('an https to https redirect is followed: the refusal is about the scheme', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['hop', `${valid.origin}/to-https`]]), 'ca-file': 'ca.pem' },
      files: { 'ca.pem': certs.ca }
    })
    expectVerdict(run, 'hop', 'current', null)
  })
})
