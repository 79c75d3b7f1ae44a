// Redirects followed by hand: the hop limit, loops, relative Locations, and configured headers
// that must never reach another origin.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import type { Dispatcher } from 'undici'
import { checkTarget } from '../../src/probe/check.js'
import { createDispatcher, fetchOnce, MAX_REDIRECTS } from '../../src/probe/http.js'
import { json, startServer, type Handler, type TestServer } from '../helpers/servers.js'
import { target } from './target.js'

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80910111213'
const SECRET_HEADERS = { 'X-Api-Key': 'k-secret', Authorization: 'Bearer t-secret' }

let dispatcher: Dispatcher
const servers: TestServer[] = []

async function serve(handler: Handler): Promise<TestServer> {
  const s = await startServer(handler)
  servers.push(s)
  return s
}

function redirect(res: Parameters<Handler>[1], location: string, status = 302): void {
  res.writeHead(status, { location, 'content-type': 'text/plain' })
  res.end(`see ${location}`)
}

/** /hop/N redirects to /hop/N-1 ... /hop/0 answers the build. */
const chain: Handler = (req, res) => {
  const m = /^\/hop\/(\d+)$/.exec(req.url ?? '')
  const n = m ? Number(m[1]) : 0
  if (n > 0) redirect(res, `/hop/${n - 1}`)
  else json(res, { sha: SHA })
}

beforeEach(() => {
  dispatcher = createDispatcher({})
})

afterEach(async () => {
  await dispatcher.destroy()
  await Promise.all(servers.splice(0).map(s => s.close()))
})

describe('hop limit', () => {
  test('MAX_REDIRECTS is 5', () => {
    expect(MAX_REDIRECTS).toBe(5)
  })

  test('5 redirects are followed to the build', async () => {
    const server = await serve(chain)
    const obs = await checkTarget(target(`${server.origin}/hop/5`), 2, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 1 })
    expect(server.requests.map(r => r.url)).toEqual([
      '/hop/5',
      '/hop/4',
      '/hop/3',
      '/hop/2',
      '/hop/1',
      '/hop/0'
    ])
  })

  test('6 redirects: too many redirects (5), not retried', async () => {
    const server = await serve(chain)
    const obs = await checkTarget(target(`${server.origin}/hop/6`), 2, dispatcher)
    expect(obs).toMatchObject({ code: 'redirect-refused', reason: 'too many redirects (5)' })
    expect(obs.kind).not.toBe('reported')
    expect(obs.attempts).toBe(1)
    // the original request and 5 followed hops; the 6th Location is not requested
    expect(server.requests).toHaveLength(6)
  })

  test('a redirect loop: too many redirects (5)', async () => {
    const server = await serve((req, res) => redirect(res, req.url === '/a' ? '/b' : '/a', 301))
    const obs = await checkTarget(target(`${server.origin}/a`), 2, dispatcher)
    expect(obs).toMatchObject({ code: 'redirect-refused', reason: 'too many redirects (5)' })
    expect(obs.attempts).toBe(1)
    expect(server.requests).toHaveLength(6)
  })

  test('every redirect status is followed: 301, 302, 303, 307, 308', async () => {
    const statuses = [301, 302, 303, 307, 308]
    const server = await serve((req, res) => {
      const i = Number((req.url ?? '').slice(1))
      if (i < statuses.length) redirect(res, `/${i + 1}`, statuses[i])
      else json(res, { sha: SHA })
    })
    const obs = await checkTarget(target(`${server.origin}/0`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA })
  })
})

describe('Location', () => {
  test('a relative Location is resolved against the current URL', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/app/info') redirect(res, 'version?x=1')
      else if (req.url === '/app/version?x=1') json(res, { sha: SHA })
      else json(res, { error: req.url }, 404)
    })
    const obs = await checkTarget(target(`${server.origin}/app/info`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA })
    expect(server.requests.map(r => r.url)).toEqual(['/app/info', '/app/version?x=1'])
  })

  test('a redirect without Location is a reason, not a crash', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302)
      res.end()
    })
    const obs = await checkTarget(target(`${server.origin}/`), 2, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-refused',
      reason: 'HTTP 302 without a Location header'
    })
    expect(obs.attempts).toBe(1)
  })

  test('a redirect to a non-http(s) URL is refused', async () => {
    const server = await serve((_req, res) => redirect(res, 'file:///etc/passwd'))
    const obs = await checkTarget(target(`${server.origin}/`), 2, dispatcher)
    expect(obs).toMatchObject({
      code: 'redirect-refused',
      reason: 'redirect to a non-http(s) URL refused'
    })
    expect(obs.attempts).toBe(1)
  })
})

describe('configured headers across origins', () => {
  test('a same-origin redirect keeps the configured headers', async () => {
    const server = await serve((req, res) =>
      req.url === '/start' ? redirect(res, '/version') : json(res, { sha: SHA })
    )
    const obs = await checkTarget(
      target(`${server.origin}/start`, { headers: SECRET_HEADERS }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA })
    expect(server.requests).toHaveLength(2)
    for (const r of server.requests) {
      expect(r.headers['x-api-key']).toBe('k-secret')
      expect(r.headers.authorization).toBe('Bearer t-secret')
      expect(r.headers['cache-control']).toBe('no-cache')
    }
  })

  test('a redirect to a server on another port gets none of them', async () => {
    const second = await serve((_req, res) => json(res, { sha: SHA }))
    const first = await serve((_req, res) => redirect(res, `${second.origin}/version`))
    const obs = await checkTarget(
      target(`${first.origin}/start`, { headers: SECRET_HEADERS }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA })
    expect(first.requests[0].headers['x-api-key']).toBe('k-secret')
    expect(first.requests[0].headers.authorization).toBe('Bearer t-secret')
    expect(second.requests).toHaveLength(1)
    const h = second.requests[0].headers
    expect(h['x-api-key']).toBeUndefined()
    expect(h.authorization).toBeUndefined()
    expect(h['cache-control']).toBe('no-cache')
  })

  test('127.0.0.1 -> localhost on the same port is another origin: none of them', async () => {
    const server = await serve((req, res) => {
      if (req.headers.host?.startsWith('127.0.0.1')) {
        redirect(res, `http://localhost:${(req.socket.localPort ?? 0).toString()}/version`)
      } else json(res, { sha: SHA })
    })
    // Another host is followed only with `redirects: any` (see redirect-hosts.test.ts).
    const obs = await checkTarget(
      target(`${server.origin}/start`, { headers: SECRET_HEADERS, redirects: 'any' }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA })
    expect(server.requests).toHaveLength(2)
    expect(server.requests[1].headers.host).toBe(`localhost:${server.port}`)
    expect(server.requests[1].headers['x-api-key']).toBeUndefined()
    expect(server.requests[1].headers.authorization).toBeUndefined()
  })

  test('headers stay dropped when a later hop comes back to the first origin', async () => {
    const first = await serve((req, res) => json(res, { sha: SHA, url: req.url }))
    const second = await serve((_req, res) => redirect(res, `${first.origin}/back`))
    const entry = await serve((_req, res) => redirect(res, `${second.origin}/away`))
    const attempt = await fetchOnce(
      target(`${entry.origin}/`, { headers: SECRET_HEADERS }),
      dispatcher
    )
    expect(attempt.ok).toBe(true)
    expect(first.requests[0].headers['x-api-key']).toBeUndefined()
  })
})
