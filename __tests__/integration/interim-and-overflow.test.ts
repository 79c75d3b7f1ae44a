// Issue 8: interim responses and oversized headers. A server may send `100 Continue` (or
// `103 Early Hints`) before its real response even when not asked; the real response counts.
// undici 6 drops the connection on a 100, so the pool skips it (src/probe/interim.ts), on
// plain, TLS and proxied connections alike. Response headers over undici's limit are refused
// at once: the same answer would be as large on a retry.
import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import type net from 'node:net'
import type { Dispatcher } from 'undici'
import { checkTarget } from '../../src/probe/check.js'
import { createDispatcher, fetchOnce } from '../../src/probe/http.js'
import {
  json,
  startProxy,
  startRawServer,
  startServer,
  type RawServer
} from '../helpers/servers.js'
import { makeCertificates, startHttpsServer, type Certificates } from '../helpers/tls.js'
import { target } from './target.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const BODY = JSON.stringify({ sha: SHA })
const FINAL = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n'
const EARLY_HINTS = 'HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n'

let dispatcher: Dispatcher
const open: { close(): Promise<void> }[] = []

beforeEach(() => {
  dispatcher = createDispatcher({})
})

afterEach(async () => {
  await dispatcher.destroy()
  await Promise.all(open.splice(0).map(s => s.close()))
})

/**
 * A raw HTTP/1.1 server: for each request on a connection (keep-alive included) it writes the
 * given pieces in order, each in its own write, a turn of the event loop apart.
 */
async function rawHttp(pieces: (n: number) => string[]): Promise<RawServer> {
  let n = 0
  const server = await startRawServer((socket: net.Socket) => {
    let buffered = ''
    socket.on('data', d => {
      buffered += d.toString('latin1')
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        buffered = buffered.slice(end + 4)
        void writeInTurns(socket, pieces(n++))
      }
    })
  })
  open.push(server)
  return server
}

async function writeInTurns(socket: net.Socket, pieces: string[]): Promise<void> {
  for (const p of pieces) {
    await new Promise<void>(resolve => socket.write(p, 'latin1', () => resolve()))
    await new Promise(resolve => setImmediate(resolve))
  }
}

describe('interim responses before the real one', () => {
  test.each<[string, string[]]>([
    ['100 Continue', [CONTINUE + FINAL]],
    ['100 Continue in its own write', [CONTINUE, FINAL]],
    ['100 Continue split mid-status-line', ['HTTP/1.1 10', '0 Continue\r\n', '\r\n', FINAL]],
    ['100 Continue with headers', ['HTTP/1.1 100 Continue\r\nX-Note: yes\r\n\r\n', FINAL]],
    ['100 without a reason phrase', ['HTTP/1.1 100\r\n\r\n', FINAL]],
    ['HTTP/1.0 100 Continue', ['HTTP/1.0 100 Continue\r\n\r\n', FINAL]],
    ['two 100 Continues', [CONTINUE + CONTINUE, FINAL]],
    ['103 Early Hints', [EARLY_HINTS, FINAL]],
    ['100 Continue, then 103 Early Hints', [CONTINUE, EARLY_HINTS + FINAL]],
    ['103 Early Hints, then 100 Continue', [EARLY_HINTS + CONTINUE + FINAL]]
  ])('%s: the real response counts', async (_, pieces) => {
    const server = await rawHttp(() => pieces)
    const obs = await checkTarget(target(`${server.origin}/version`), 2, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 1 })
  })

  test('a kept-alive connection: each response starts with a 100, one connection for all', async () => {
    const server = await rawHttp(() => [CONTINUE, FINAL])
    // One socket per server (a Client rather than a Pool), so every request reuses it.
    const single = createDispatcher({ connections: 1 })
    try {
      for (let i = 0; i < 3; i++) {
        const obs = await checkTarget(target(`${server.origin}/version`), 0, single)
        expect(obs).toMatchObject({ build: SHA, attempts: 1 })
      }
    } finally {
      await single.destroy()
    }
    expect(server.connections).toBe(1)
  })

  test('a body that begins like a 100 response is body, not skipped', async () => {
    const body = `HTTP/1.1 100 Continue\r\n\r\n${SHA}`
    const response = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`
    const server = await rawHttp(() => [response, body])
    const obs = await checkTarget(
      target(`${server.origin}/`, { extraction: { kind: 'regex', pattern: /\r\n\r\n(\w+)$/ } }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA })
  })

  test('a 100 Continue and then a redirect with its own 100: followed to the build', async () => {
    const redirect = 'HTTP/1.1 302 Found\r\nLocation: /version\r\nContent-Length: 0\r\n\r\n'
    const server = await rawHttp(n => (n === 0 ? [CONTINUE, redirect] : [CONTINUE, FINAL]))
    const obs = await checkTarget(target(`${server.origin}/start`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, finalUrl: `${server.origin}/version` })
  })

  test('a 100 Continue and nothing after it: missing, within the deadline', async () => {
    const server = await rawHttp(() => [CONTINUE])
    const obs = await checkTarget(target(`${server.origin}/`, { timeoutMs: 300 }), 0, dispatcher)
    expect(obs).toMatchObject({ code: 'timeout', reason: 'timed out after 300ms' })
  })

  test("Node's res.writeContinue() before the answer", async () => {
    const server = await startServer((_req, res) => {
      res.writeContinue()
      json(res, { sha: SHA })
    })
    open.push(server)
    const obs = await checkTarget(target(`${server.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 1 })
  })

  describe('over TLS and through a proxy', () => {
    let certs: Certificates
    beforeAll(() => {
      certs = makeCertificates()
    })

    test('https: a 100 Continue inside TLS', async () => {
      const secure = await startHttpsServer(certs.valid, (_req, res) => {
        res.writeContinue()
        json(res, { sha: SHA })
      })
      open.push(secure)
      const tls = createDispatcher({ ca: certs.ca })
      try {
        const obs = await checkTarget(target(`${secure.origin}/`), 0, tls)
        expect(obs).toMatchObject({ build: SHA, attempts: 1 })
      } finally {
        await tls.destroy()
      }
    })

    test.each(['http', 'https'] as const)(
      '%s through an HTTP(S)_PROXY tunnel: a 100 Continue from the target',
      async scheme => {
        const proxy = await startProxy()
        open.push(proxy)
        const handler = (_req: unknown, res: import('node:http').ServerResponse) => {
          res.writeContinue()
          json(res, { sha: SHA })
        }
        const server =
          scheme === 'https'
            ? await startHttpsServer(certs.valid, handler)
            : await startServer(handler)
        open.push(server)
        // undici's EnvHttpProxyAgent reads the proxy from process.env itself.
        const name = scheme === 'https' ? 'HTTPS_PROXY' : 'HTTP_PROXY'
        const saved = process.env[name]
        process.env[name] = proxy.origin
        const proxied = createDispatcher({ ca: certs.ca })
        try {
          const url = `${scheme}://build.fleet-check.invalid:${server.port}/version`
          const obs = await checkTarget(target(url), 0, proxied)
          expect(obs).toMatchObject({ build: SHA, attempts: 1 })
          expect(proxy.seen.map(s => s.method)).toEqual(['CONNECT'])
        } finally {
          if (saved === undefined) delete process.env[name]
          else process.env[name] = saved
          await proxied.destroy()
        }
      }
    )
  })
})

describe('response headers over the limit', () => {
  test('missing at once: "response headers too large", not retried', async () => {
    const server = await rawHttp(() => [
      `HTTP/1.1 200 OK\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`
    ])
    const obs = await checkTarget(target(`${server.origin}/`), 2, dispatcher)
    expect(obs).toMatchObject({
      code: 'headers-too-large',
      reason: 'response headers too large (over 16 KiB)'
    })
    expect(obs.attempts).toBe(1)
    expect(server.connections).toBe(1)
  })

  test('many headers adding up over the limit', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'v'.repeat(60)}\r\n`).join('')
    const server = await rawHttp(() => [`HTTP/1.1 200 OK\r\n${many}Content-Length: 0\r\n\r\n`])
    const attempt = await fetchOnce(target(`${server.origin}/`), dispatcher)
    expect(attempt).toMatchObject({
      ok: false,
      reason: 'response headers too large (over 16 KiB)',
      transient: false
    })
  })

  test('a large but allowed header block is read', async () => {
    const server = await rawHttp(() => [
      `HTTP/1.1 200 OK\r\nX-Padding: ${'p'.repeat(8 * 1024)}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`
    ])
    const obs = await checkTarget(target(`${server.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA })
  })
})
