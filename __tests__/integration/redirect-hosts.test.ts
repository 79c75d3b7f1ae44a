// Issue 8: another host's answer does not speak for this server. A redirect may change the
// scheme (to https), the port and the path on the target's own host; to another host it makes
// the target missing unless the target says `redirects: any`. Loopback has many hosts:
// 127.0.0.1, 127.0.0.2, `localhost` and [::1] are different names for the rule.
import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Dispatcher } from 'undici'
import { checkTarget } from '../../src/probe/check.js'
import { createDispatcher, fetchOnce } from '../../src/probe/http.js'
import { json, type Handler } from '../helpers/servers.js'
import { makeCertificates, startHttpsServer, type Certificates } from '../helpers/tls.js'
import { target } from './target.js'

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80910111213'
const OTHER = '5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d'
const SECRET_HEADERS = { 'X-Api-Key': 'k-secret', Authorization: 'Bearer t-secret' }

interface Server {
  /** http://host:port, with [brackets] for IPv6 */
  origin: string
  host: string
  port: number
  requests: { url: string; headers: http.IncomingHttpHeaders }[]
  close(): Promise<void>
}

let dispatcher: Dispatcher
const open: { close(): Promise<void> }[] = []

/** An HTTP server on one loopback address. */
async function serveOn(address: string, handler: Handler): Promise<Server> {
  const requests: Server['requests'] = []
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  await new Promise<void>(resolve => server.listen(0, address, resolve))
  const port = (server.address() as AddressInfo).port
  const host = address.includes(':') ? `[${address}]` : address
  const s: Server = {
    origin: `http://${host}:${port}`,
    host,
    port,
    requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  open.push(s)
  return s
}

const redirectTo =
  (location: () => string, status = 302): Handler =>
  (_req, res) => {
    res.writeHead(status, { location: location(), 'content-type': 'text/plain' })
    res.end('moved')
  }

const answers =
  (sha: string): Handler =>
  (_req, res) =>
    json(res, { sha })

beforeEach(() => {
  dispatcher = createDispatcher({})
})

afterEach(async () => {
  await dispatcher.destroy()
  await Promise.all(open.splice(0).map(s => s.close()))
})

describe('to another host: missing, with where it led', () => {
  test('127.0.0.1 -> 127.0.0.2: the other answer is not read, not retried', async () => {
    const other = await serveOn('127.0.0.2', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `${other.origin}/version`)
    )
    const obs = await checkTarget(target(`${here.origin}/version`), 2, dispatcher)
    expect(obs).toMatchObject({
      reason: `redirected to 127.0.0.2:${other.port}: its answer does not show what this server runs`,
      finalUrl: `${other.origin}/version`,
      attempts: 1
    })
    expect(obs.kind).not.toBe('reported')
    expect(other.requests).toHaveLength(0)
    expect(here.requests).toHaveLength(1)
  })

  test('127.0.0.1 -> localhost: the same machine under another name is another host', async () => {
    const here = await serveOn('127.0.0.1', (req, res) =>
      req.headers.host?.startsWith('localhost')
        ? json(res, { sha: SHA })
        : redirectTo(() => `http://localhost:${here.port}/version`)(req, res)
    )
    const obs = await checkTarget(target(`${here.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-other-host',
      reason: `redirected to localhost:${here.port}: its answer does not show what this server runs`
    })
    expect(obs.finalUrl).toBe(`http://localhost:${here.port}/version`)
    expect(here.requests).toHaveLength(1)
  })

  test('a chain: same host on hop 1, another host on hop 2', async () => {
    const other = await serveOn('127.0.0.2', answers(SHA))
    const here = await serveOn('127.0.0.1', (req, res) =>
      req.url === '/start'
        ? redirectTo(() => '/next')(req, res)
        : redirectTo(() => `${other.origin}/lb/version`, 307)(req, res)
    )
    const obs = await checkTarget(target(`${here.origin}/start`), 2, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-other-host',
      reason: `redirected to 127.0.0.2:${other.port}: its answer does not show what this server runs`
    })
    expect(obs.finalUrl).toBe(`${other.origin}/lb/version`)
    expect(obs.attempts).toBe(1)
    expect(here.requests.map(r => r.url)).toEqual(['/start', '/next'])
    expect(other.requests).toHaveLength(0)
  })

  test('a Location with user:password@ names the host alone; the credentials go nowhere', async () => {
    const other = await serveOn('127.0.0.2', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `http://user:pass@127.0.0.2:${other.port}/version?token=abc`)
    )
    const obs = await checkTarget(target(`${here.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-other-host',
      reason: `redirected to 127.0.0.2:${other.port}: its answer does not show what this server runs`
    })
    // display form: no credentials, no query
    expect(obs.finalUrl).toBe(`${other.origin}/version`)
    expect(JSON.stringify(obs)).not.toMatch(/pass|token=abc/)
  })

  test('a protocol-relative Location to another host', async () => {
    const other = await serveOn('127.0.0.2', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `//127.0.0.2:${other.port}/x`)
    )
    const obs = await checkTarget(target(`${here.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-other-host',
      reason: expect.stringMatching(/^redirected to 127\.0\.0\.2:\d+: /)
    })
    expect(obs.finalUrl).toBe(`${other.origin}/x`)
    expect(other.requests).toHaveLength(0)
  })

  test('[::1] -> 127.0.0.1: an IPv6 target sent to an IPv4 host', async () => {
    const v4 = await serveOn('127.0.0.1', answers(SHA))
    const v6 = await serveOn(
      '::1',
      redirectTo(() => `${v4.origin}/version`)
    )
    const obs = await checkTarget(target(`${v6.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-other-host',
      reason: `redirected to 127.0.0.1:${v4.port}: its answer does not show what this server runs`
    })
    expect(v4.requests).toHaveLength(0)
  })

  test('127.0.0.1 -> [::1]: the host is shown in brackets, as in the Location', async () => {
    const v6 = await serveOn('::1', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `${v6.origin}/version`)
    )
    const obs = await checkTarget(target(`${here.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-other-host',
      reason: `redirected to [::1]:${v6.port}: its answer does not show what this server runs`
    })
    expect(obs.finalUrl).toBe(`http://[::1]:${v6.port}/version`)
  })

  test('no redirect: no finalUrl', async () => {
    const here = await serveOn('127.0.0.1', answers(SHA))
    const obs = await checkTarget(target(`${here.origin}/version`), 0, dispatcher)
    expect(obs).toMatchObject({ kind: 'reported', build: SHA })
    expect('finalUrl' in obs).toBe(false)
  })
})

describe('on the same host: followed, and the report shows where the answer came from', () => {
  test('another port on the same host (configured headers dropped: another origin)', async () => {
    const second = await serveOn('127.0.0.1', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `${second.origin}/v2/version`)
    )
    const obs = await checkTarget(
      target(`${here.origin}/version`, { headers: SECRET_HEADERS }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA, finalUrl: `${second.origin}/v2/version` })
    expect(second.requests[0].headers['x-api-key']).toBeUndefined()
    expect(second.requests[0].headers.authorization).toBeUndefined()
  })

  test('another path with a query: finalUrl has neither query nor the cache-bust parameter', async () => {
    const here = await serveOn('127.0.0.1', (req, res) =>
      req.url?.startsWith('/old')
        ? redirectTo(() => '/new/version?sig=s3cr3t')(req, res)
        : json(res, { sha: SHA })
    )
    const obs = await checkTarget(
      target(`${here.origin}/old`, { cacheBust: true, headers: SECRET_HEADERS }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA, finalUrl: `${here.origin}/new/version` })
    expect(here.requests[0].url).toMatch(/^\/old\?fleet-check=/)
    // same origin: the configured headers stay
    expect(here.requests[1].headers['x-api-key']).toBe('k-secret')
  })

  test('an uppercase host in the Location is the same host', async () => {
    const here = await serveOn('127.0.0.1', (req, res) =>
      req.url === '/start'
        ? redirectTo(() => `http://LOCALHOST:${here.port}/version`)(req, res)
        : json(res, { sha: SHA })
    )
    const obs = await checkTarget(target(`http://localhost:${here.port}/start`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, finalUrl: `http://localhost:${here.port}/version` })
  })

  test('a Location with user:password@ on the same host: followed, credentials not sent', async () => {
    const here = await serveOn('127.0.0.1', (req, res) =>
      req.url === '/start'
        ? redirectTo(() => `http://u:p@127.0.0.1:${here.port}/version`)(req, res)
        : json(res, { sha: SHA })
    )
    const obs = await checkTarget(target(`${here.origin}/start`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, finalUrl: `${here.origin}/version` })
    expect(here.requests[1].headers.authorization).toBeUndefined()
  })

  test('IPv6: [::1] and its long form are one host', async () => {
    const a = await serveOn('::1', answers(SHA))
    const b = await serveOn(
      '::1',
      redirectTo(() => `http://[0:0:0:0:0:0:0:1]:${a.port}/version`)
    )
    const obs = await checkTarget(target(`${b.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, finalUrl: `http://[::1]:${a.port}/version` })
  })

  test('a protocol-relative Location to the same host', async () => {
    const second = await serveOn('127.0.0.1', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `//127.0.0.1:${second.port}/x`)
    )
    const obs = await checkTarget(target(`${here.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, finalUrl: `${second.origin}/x` })
  })
})

describe('redirects: any', () => {
  test('follows to another host, reports its build and where it came from', async () => {
    const other = await serveOn('127.0.0.2', answers(OTHER))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `${other.origin}/version`)
    )
    const obs = await checkTarget(
      target(`${here.origin}/version`, { redirects: 'any' }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: OTHER, finalUrl: `${other.origin}/version` })
  })

  test('still drops every configured header on the hop to another origin', async () => {
    const other = await serveOn('127.0.0.2', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `${other.origin}/version`)
    )
    const attempt = await fetchOnce(
      target(`${here.origin}/`, { redirects: 'any', headers: SECRET_HEADERS }),
      dispatcher
    )
    expect(attempt.ok).toBe(true)
    expect(here.requests[0].headers['x-api-key']).toBe('k-secret')
    const h = other.requests[0].headers
    expect(h['x-api-key']).toBeUndefined()
    expect(h.authorization).toBeUndefined()
    expect(h['cache-control']).toBe('no-cache')
  })

  test('a Location with credentials: followed without them', async () => {
    const other = await serveOn('127.0.0.2', answers(SHA))
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `http://u:p@127.0.0.2:${other.port}/v`)
    )
    const obs = await checkTarget(target(`${here.origin}/`, { redirects: 'any' }), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, finalUrl: `${other.origin}/v` })
    expect(other.requests[0].headers.authorization).toBeUndefined()
  })
})

describe('the scheme on the same host', () => {
  let certs: Certificates
  beforeAll(() => {
    certs = makeCertificates()
  })

  test('http -> https on the same host is followed (headers dropped: another origin)', async () => {
    const secure = await startHttpsServer(certs.valid, (_req, res) => json(res, { sha: SHA }))
    open.push(secure)
    const here = await serveOn(
      '127.0.0.1',
      redirectTo(() => `${secure.origin}/version`)
    )
    const tls = createDispatcher({ ca: certs.ca })
    try {
      const obs = await checkTarget(
        target(`${here.origin}/version`, { headers: SECRET_HEADERS }),
        0,
        tls
      )
      expect(obs).toMatchObject({ build: SHA, finalUrl: `${secure.origin}/version` })
      expect(secure.requests[0].headers['x-api-key']).toBeUndefined()
    } finally {
      await tls.destroy()
    }
  })

  test('https -> http on the same host stays refused, even with redirects: any', async () => {
    const plain = await serveOn('127.0.0.1', answers(SHA))
    const secure = await startHttpsServer(
      certs.valid,
      redirectTo(() => `${plain.origin}/version`)
    )
    open.push(secure)
    const tls = createDispatcher({ ca: certs.ca })
    try {
      for (const redirects of ['same-host', 'any'] as const) {
        const obs = await checkTarget(target(`${secure.origin}/`, { redirects }), 2, tls)
        expect(obs).toMatchObject({ reason: 'redirect from https to http refused', attempts: 1 })
      }
      expect(plain.requests).toHaveLength(0)
    } finally {
      await tls.destroy()
    }
  })
})
