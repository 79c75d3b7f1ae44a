// fetchOnce and checkTarget against real servers on loopback: outcomes, reasons, retries.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import type { Dispatcher } from 'undici'
import { checkTarget } from '../../src/probe/check.js'
import { createDispatcher, fetchOnce, MAX_BODY_BYTES } from '../../src/probe/http.js'
import { closedPort, json, startServer, text, type TestServer } from '../helpers/servers.js'
import { target, timed } from './target.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'

let dispatcher: Dispatcher
const servers: TestServer[] = []
const cleanups: (() => void)[] = []

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler)
  servers.push(s)
  return s
}

beforeEach(() => {
  dispatcher = createDispatcher({})
})

afterEach(async () => {
  for (const c of cleanups.splice(0)) c()
  await dispatcher.destroy()
  await Promise.all(servers.splice(0).map(s => s.close()))
})

describe('a good answer', () => {
  test('JSON gives the build; the request carries Cache-Control: no-cache and configured headers', async () => {
    const server = await serve((_req, res) => json(res, { sha: SHA }))
    const t = target(`${server.origin}/version`, {
      headers: { 'X-Api-Key': 'k-123', Authorization: 'Bearer tok' }
    })
    const obs = await checkTarget(t, 2, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 1 })
    expect(obs.kind).toBe('reported')
    expect(server.requests).toHaveLength(1)
    const req = server.requests[0]
    expect(req.method).toBe('GET')
    expect(req.url).toBe('/version')
    expect(req.headers['cache-control']).toBe('no-cache')
    expect(req.headers['x-api-key']).toBe('k-123')
    expect(req.headers.authorization).toBe('Bearer tok')
  })

  test('a body of exactly 1 MiB is accepted', async () => {
    const prefix = `{"sha":"${SHA}","pad":"`
    const suffix = '"}'
    const body = prefix + 'x'.repeat(MAX_BODY_BYTES - prefix.length - suffix.length) + suffix
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES)
    const server = await serve((_req, res) => json(res, JSON.parse(body)))
    const obs = await checkTarget(target(`${server.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 1 })
  })
})

describe('connection failures', () => {
  test('connection refused is reported and retried: attempts === retries + 1', async () => {
    const port = await closedPort()
    const obs = await checkTarget(target(`http://127.0.0.1:${port}/version`), 2, dispatcher)
    expect(obs).toMatchObject({ code: 'refused', reason: 'connection refused' })
    expect(obs.kind).not.toBe('reported')
    expect(obs.attempts).toBe(3)
  })

  test('a server that destroys the socket on each request: connection closed by the server, retried', async () => {
    const server = await serve(req => req.socket.destroy())
    const obs = await checkTarget(target(`${server.origin}/version`), 1, dispatcher)
    expect(obs).toMatchObject({ code: 'reset', reason: 'connection closed by the server' })
    expect(obs.attempts).toBe(2)
    expect(server.requests).toHaveLength(2)
  })

  test('a TCP reset (RST) after the request: connection reset', async () => {
    const server = await serve(req => req.socket.resetAndDestroy())
    const attempt = await fetchOnce(target(`${server.origin}/version`), dispatcher)
    expect(attempt).toEqual({
      ok: false,
      code: 'reset',
      reason: 'connection reset',
      transient: true
    })
  })

  test('a name that does not resolve: host not found', async () => {
    const attempt = await fetchOnce(target('http://no-such-host.invalid/'), dispatcher)
    expect(attempt.ok).toBe(false)
    if (attempt.ok) return
    expect(attempt.reason).toMatch(/^host not found/)
    expect(attempt.reason).toBe('host not found: no-such-host.invalid')
  })
})

describe('deadline (timeoutMs 500)', () => {
  test('a server that accepts and never answers: timed out after 500ms, within the bound', async () => {
    const server = await serve(() => undefined)
    const { value: attempt, ms } = await timed(() =>
      fetchOnce(target(`${server.origin}/version`, { timeoutMs: 500 }), dispatcher)
    )
    expect(attempt).toEqual({
      ok: false,
      code: 'timeout',
      reason: 'timed out after 500ms',
      transient: true
    })
    expect(ms).toBeGreaterThanOrEqual(450)
    expect(ms).toBeLessThan(5000)
    expect(server.requests).toHaveLength(1)
  })

  test('a timeout is transient: retried, with the same reason', async () => {
    const server = await serve(() => undefined)
    const obs = await checkTarget(
      target(`${server.origin}/version`, { timeoutMs: 500 }),
      1,
      dispatcher
    )
    expect(obs).toMatchObject({ code: 'timeout', reason: 'timed out after 500ms' })
    expect(obs.attempts).toBe(2)
    expect(server.requests).toHaveLength(2)
  })

  test('headers, then a body that drips forever: the deadline covers the body', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write(`{"sha":"${SHA}","pad":"`)
      const drip = setInterval(() => res.write('x'), 50)
      cleanups.push(() => clearInterval(drip))
      req.socket.on('close', () => clearInterval(drip))
    })
    const { value: attempt, ms } = await timed(() =>
      fetchOnce(target(`${server.origin}/version`, { timeoutMs: 500 }), dispatcher)
    )
    expect(attempt).toEqual({
      ok: false,
      code: 'timeout',
      reason: 'timed out after 500ms',
      transient: true
    })
    expect(ms).toBeGreaterThanOrEqual(450)
    expect(ms).toBeLessThan(5000)
  })

  test('the reason names the configured deadline', async () => {
    const server = await serve(() => undefined)
    const attempt = await fetchOnce(
      target(`${server.origin}/version`, { timeoutMs: 300 }),
      dispatcher
    )
    expect(attempt).toMatchObject({ ok: false, code: 'timeout', reason: 'timed out after 300ms' })
  })
})

describe('body size', () => {
  test('over 1 MiB with Content-Length: body larger than 1 MiB, not retried', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/plain',
        'content-length': String(MAX_BODY_BYTES + 1)
      })
      res.end('a'.repeat(MAX_BODY_BYTES + 1))
    })
    const obs = await checkTarget(target(`${server.origin}/version`), 2, dispatcher)
    expect(obs).toMatchObject({ code: 'too-large', reason: 'body larger than 1 MiB' })
    expect(obs.attempts).toBe(1)
    expect(server.requests).toHaveLength(1)
  })

  test('streamed without Content-Length (chunked, endless): body larger than 1 MiB, not retried', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) {
          /* keep writing until the socket pushes back */
        }
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    })
    const { value: obs, ms } = await timed(() =>
      checkTarget(target(`${server.origin}/version`, { timeoutMs: 10_000 }), 2, dispatcher)
    )
    expect(obs).toMatchObject({ code: 'too-large', reason: 'body larger than 1 MiB' })
    expect(obs.attempts).toBe(1)
    expect(server.requests).toHaveLength(1)
    // the client stopped reading: it did not wait for the 10s deadline
    expect(ms).toBeLessThan(5000)
  })
})

describe('HTTP status', () => {
  test('404: HTTP 404, not retried', async () => {
    const server = await serve((_req, res) => text(res, 'not found', 404))
    const obs = await checkTarget(target(`${server.origin}/version`), 2, dispatcher)
    expect(obs).toMatchObject({ code: 'http-status', reason: 'HTTP 404' })
    expect(obs.attempts).toBe(1)
    expect(server.requests).toHaveLength(1)
  })

  test('503 twice, then the build: found on attempt 3', async () => {
    let n = 0
    const server = await serve((_req, res) => {
      if (++n <= 2) text(res, 'unavailable', 503)
      else json(res, { sha: SHA })
    })
    const obs = await checkTarget(target(`${server.origin}/version`), 2, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 3 })
    expect(obs.kind).toBe('reported')
    expect(server.requests).toHaveLength(3)
  })

  test('503 every time: HTTP 503 after all retries', async () => {
    const server = await serve((_req, res) => text(res, 'unavailable', 503))
    const obs = await checkTarget(target(`${server.origin}/version`), 1, dispatcher)
    expect(obs).toMatchObject({ code: 'http-status', reason: 'HTTP 503' })
    expect(obs.attempts).toBe(2)
  })

  test('429 with Retry-After: 1, then the build: attempts 2 and the wait honoured', async () => {
    const seen: number[] = []
    const server = await serve((_req, res) => {
      seen.push(performance.now())
      if (seen.length === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' })
        res.end('slow down')
      } else json(res, { sha: SHA })
    })
    const obs = await checkTarget(target(`${server.origin}/version`), 2, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 2 })
    expect(seen).toHaveLength(2)
    // the default first backoff is at most 500 ms, so this only holds when Retry-After is honoured
    expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(900)
  })
})
