// A `ca-file` is trusted through one TLS context for the whole run: building it per connection
// (from Node's 120-odd roots and the file) was most of the CPU of a sweep of HTTPS servers.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { rootCertificates } from 'node:tls'
import { createDispatcher, secureContextFor } from '../../src/probe/http.js'
import { checkFleet } from '../../src/probe/check.js'
import { makeCertificates, startHttpsServer, type Certificates } from '../helpers/tls.js'

let certs: Certificates
let server: Awaited<ReturnType<typeof startHttpsServer>>
beforeAll(async () => {
  certs = makeCertificates()
  server = await startHttpsServer(certs.valid, (_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432' }))
  })
})
afterAll(() => server?.close())

test('the same CA gives the same context; another CA a new one', () => {
  const a = secureContextFor(certs.ca)
  expect(secureContextFor(certs.ca)).toBe(a)
  expect(secureContextFor(rootCertificates[0])).not.toBe(a)
})

test("the shared context still verifies: the CA's servers are trusted, others are not", async () => {
  // Dispatchers of one run, made from the same ca, connect with the one context.
  const dispatcher = createDispatcher({ ca: certs.ca })
  await dispatcher.close()
  const target = {
    name: 'tls',
    url: `${server.origin}/version`,
    displayUrl: `${server.origin}/version`,
    extraction: { kind: 'auto' as const },
    headers: {},
    timeoutMs: 5_000,
    samples: 1,
    cacheBust: false
  }
  const trusted = await checkFleet([target], { retries: 0, concurrency: 2, ca: certs.ca })
  expect(trusted[0]).toMatchObject({
    kind: 'reported',
    build: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
  })
  // Without the CA the same server is refused: the context is not trusting everything.
  const untrusted = await checkFleet([target], { retries: 0, concurrency: 2 })
  expect(untrusted[0].kind).toBe('none')
})
