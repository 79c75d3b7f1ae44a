// Faults of the network and of HTTP, on real sockets. Each test asserts the verdict, the reason,
// and that the run ends within a bound derived from its inputs.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { runAction, fleet } from '../helpers/run-action.js'
import {
  json,
  startServer,
  text,
  type TestServer,
  startRawServer,
  type RawServer
} from '../helpers/servers.js'
import { expectVerdict, expectWithin, pathOf, SHA, OVERHEAD_MS } from '../helpers/outcome.js'

const MiB = 1024 * 1024

/** Promises for things that happen on a server: `next(key)` resolves at the next `fire(key)`. */
function signals() {
  const waiting = new Map<string, () => void>()
  return {
    next: (key: string) => new Promise<void>(resolve => waiting.set(key, resolve)),
    fire: (key: string) => {
      waiting.get(key)?.()
      waiting.delete(key)
    }
  }
}
describe('a server that accepts and never answers', () => {
  let silent: RawServer
  beforeAll(async () => {
    // reads the request (so that it sees the client hang up) and never answers
    silent = await startRawServer(socket => socket.resume())
  })
  afterAll(() => silent.close())

  test('is missing after the timeout, not retried past its bound', async () => {
    const before = silent.held.length
    const run = await runAction({
      inputs: {
        targets: fleet([['hang', `${silent.origin}/version`]]),
        timeout: '500ms',
        retries: '0'
      },
      timeoutMs: 30_000
    })
    const t = expectVerdict(run, 'hang', 'missing', 'timed out after 500ms')
    expect(t.attempts).toBe(1)
    expectWithin(run, 500 + OVERHEAD_MS)
    // The server saw one connection, held for the whole deadline: the client did not give up early.
    await silent.closed(before + 1)
    expect(silent.held.slice(before)).toEqual([expect.any(Number)])
    expect(silent.held[before]).toBeGreaterThanOrEqual(450)
  })

  test('with retries 1: two deadlines and one backoff, no more', async () => {
    const before = silent.connections
    const run = await runAction({
      inputs: {
        targets: fleet([['hang', `${silent.origin}/version`]]),
        timeout: '500ms',
        retries: '1'
      },
      timeoutMs: 30_000
    })
    const t = expectVerdict(run, 'hang', 'missing', 'timed out after 500ms')
    expect(t.attempts).toBe(2)
    expect(silent.connections - before).toBe(2)
    // 2 × 500 ms, plus a backoff of at most 500 ms
    expectWithin(run, 1_500 + OVERHEAD_MS)
  })
})

describe('headers, then a body that drips a byte at a time forever', () => {
  let drip: TestServer
  const ended: string[] = []
  const closed = signals()
  beforeAll(async () => {
    drip = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"sha": "')
      const timer = setInterval(() => res.write('a'), 50)
      res.on('close', () => {
        clearInterval(timer)
        ended.push(res.writableFinished ? 'finished' : 'closed by the client')
        closed.fire('drip')
      })
    })
  })
  afterAll(() => drip.close())

  test('is missing at the deadline: the timeout covers the whole body', async () => {
    const hungUp = closed.next('drip')
    const run = await runAction({
      inputs: {
        targets: fleet([['drip', `${drip.origin}/version`]]),
        timeout: '500ms',
        retries: '0'
      },
      timeoutMs: 30_000
    })
    const t = expectVerdict(run, 'drip', 'missing', 'timed out after 500ms')
    expect(t.attempts).toBe(1)
    expectWithin(run, 500 + OVERHEAD_MS)
    // The client hung up; the server never got to finish.
    await hungUp
    expect(ended).toEqual(['closed by the client'])
  })
})

describe('a 20 MB body', () => {
  let big: TestServer
  const outcomes: { path: string; written: number; finished: boolean }[] = []
  const closed = signals()
  beforeAll(async () => {
    big = await startServer((req, res) => {
      const total = 20 * MiB
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/plain' }
      if (pathOf(req.url) === '/with-length') headers['content-length'] = total
      res.writeHead(200, headers)
      const chunk = Buffer.alloc(64 * 1024, 'a')
      const state = { path: pathOf(req.url), written: 0, finished: false }
      const pump = () => {
        while (state.written < total && !res.destroyed) {
          state.written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        if (!res.destroyed) res.end(() => (state.finished = true))
      }
      res.on('error', () => undefined)
      res.on('close', () => {
        outcomes.push(state)
        closed.fire(state.path)
      })
      pump()
    })
  })
  afterAll(() => big.close())

  test.each([
    ['with Content-Length', '/with-length'],
    ['without Content-Length (chunked)', '/chunked']
  ])('%s is missing, refused without reading it all', async (_, route) => {
    const hungUp = closed.next(route)
    const run = await runAction({
      inputs: { targets: fleet([['big', `${big.origin}${route}`]]), timeout: '10s', retries: '2' }
    })
    const t = expectVerdict(run, 'big', 'missing', 'body larger than 1 MiB')
    // A body too large is not transient: no retry.
    expect(t.attempts).toBe(1)
    expectWithin(run, OVERHEAD_MS)
    await hungUp
    const seen = outcomes.filter(o => o.path === route)
    expect(seen).toHaveLength(1)
    expect(seen[0].finished).toBe(false)
    expect(seen[0].written).toBeLessThan(20 * MiB)
  })
})

describe('redirects', () => {
  let a: TestServer
  let b: TestServer
  beforeAll(async () => {
    b = await startServer((_req, res) => json(res, { sha: SHA }))
    a = await startServer((req, res) => {
      const path = pathOf(req.url)
      if (path === '/loop') {
        res.writeHead(302, { location: '/loop' })
        return res.end()
      }
      if (path === '/ping') {
        res.writeHead(307, { location: '/pong' })
        return res.end()
      }
      if (path === '/pong') {
        res.writeHead(301, { location: '/ping' })
        return res.end()
      }
      if (path === '/away') {
        res.writeHead(302, { location: `${b.origin}/version` })
        return res.end()
      }
      if (path === '/here') {
        res.writeHead(302, { location: '/version' })
        return res.end()
      }
      if (path === '/version') return json(res, { sha: SHA })
      text(res, 'not found', 404)
    })
  })
  afterAll(async () => {
    await a.close()
    await b.close()
  })

  test.each([
    ['to itself', '/loop'],
    ['between two paths', '/ping']
  ])('a loop %s is missing after 5 redirects', async (_, route) => {
    const before = a.requests.length
    const run = await runAction({
      inputs: { targets: fleet([['loop', `${a.origin}${route}`]]), retries: '2' }
    })
    const t = expectVerdict(run, 'loop', 'missing', 'too many redirects (5)')
    expect(t.attempts).toBe(1)
    // the first request and 5 redirects followed
    expect(a.requests.length - before).toBe(6)
    expectWithin(run, OVERHEAD_MS)
  })

  const SECRETS = {
    header: 'hdr-7c1f0e9a2b',
    file: 'file-4d2a8b6c0e',
    password: 'pw-9e8d7c6b5a'
  }

  async function redirectRun(route: string) {
    return runAction({
      inputs: {
        'targets-file': 'fleet.yml',
        headers: `X-Api-Key: ${SECRETS.header}`
      },
      env: { TEAM_TOKEN: SECRETS.file },
      files: {
        'fleet.yml': [
          'targets:',
          '  - name: hop',
          `    url: http://deployer:${SECRETS.password}@127.0.0.1:${a.port}${route}`,
          '    headers:',
          '      X-Team-Token: ${TEAM_TOKEN}',
          '      Cookie: session=' + SECRETS.file,
          ''
        ].join('\n')
      }
    })
  }

  test('to another origin: no configured header reaches it', async () => {
    const beforeA = a.requests.length
    const beforeB = b.requests.length
    const run = await redirectRun('/away')
    expectVerdict(run, 'hop', 'current', null)
    expectWithin(run, OVERHEAD_MS)
    // The first origin got every configured header...
    const first = a.requests.slice(beforeA)
    expect(first).toHaveLength(1)
    expect(first[0].headers['x-api-key']).toBe(SECRETS.header)
    expect(first[0].headers['x-team-token']).toBe(SECRETS.file)
    expect(first[0].headers.authorization).toMatch(/^Basic /)
    // ...and the second none of them.
    const second = b.requests.slice(beforeB)
    expect(second).toHaveLength(1)
    const headers = second[0].headers
    expect(headers['x-api-key']).toBeUndefined()
    expect(headers['x-team-token']).toBeUndefined()
    expect(headers.cookie).toBeUndefined()
    expect(headers.authorization).toBeUndefined()
    expect(JSON.stringify(headers)).not.toMatch(
      new RegExp(`${SECRETS.header}|${SECRETS.file}|${SECRETS.password}`)
    )
    // Ours, not the user's, still go: the request is the same kind of request.
    expect(headers['user-agent']).toBe('fleet-check')
    expect(headers['cache-control']).toBe('no-cache')
  })

  test('on the same origin the headers are kept (the test above can tell)', async () => {
    const before = a.requests.length
    const run = await redirectRun('/here')
    expectVerdict(run, 'hop', 'current', null)
    const hops = a.requests.slice(before)
    expect(hops.map(r => pathOf(r.url))).toEqual(['/here', '/version'])
    expect(hops[1].headers['x-api-key']).toBe(SECRETS.header)
    expect(hops[1].headers['x-team-token']).toBe(SECRETS.file)
    expect(hops[1].headers.authorization).toMatch(/^Basic /)
  })
})

describe('a connection reset', () => {
  let reset: RawServer
  let early: RawServer
  beforeAll(async () => {
    // after the request arrives, and as soon as the connection opens
    reset = await startRawServer(socket => socket.once('data', () => socket.resetAndDestroy()))
    early = await startRawServer(socket => socket.resetAndDestroy())
  })
  afterAll(async () => {
    await reset.close()
    await early.close()
  })

  test.each([
    ['after the request', () => reset],
    ['on connect', () => early]
  ])('%s is missing, retried as transient', async (_, server) => {
    const before = server().connections
    const run = await runAction({
      inputs: {
        targets: fleet([['reset', `${server().origin}/version`]]),
        timeout: '2s',
        retries: '1'
      }
    })
    const t = expectVerdict(run, 'reset', 'missing', 'connection reset')
    expect(t.attempts).toBe(2)
    expect(server().connections - before).toBe(2)
    // no deadline reached: one backoff of at most 1 s
    expectWithin(run, 1_000 + OVERHEAD_MS)
  })
})

describe('a name that does not resolve', () => {
  test('is missing: host not found, with the name', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['ghost', 'http://ghost-9.fleet-check-test.invalid/version']]),
        timeout: '2s',
        retries: '0'
      }
    })
    // .invalid never resolves (RFC 6761)
    expectVerdict(run, 'ghost', 'missing', 'host not found: ghost-9.fleet-check-test.invalid')
    expectWithin(run, 2_000 + OVERHEAD_MS)
  })
})

describe('an IPv6 loopback target', () => {
  let server: http.Server | undefined
  let port = 0
  const seen: string[] = []
  beforeAll(async () => {
    const s = http.createServer((req, res) => {
      seen.push(req.socket.remoteAddress ?? '')
      json(res, { sha: SHA })
    })
    const bound = await new Promise<boolean>(resolve => {
      s.once('error', () => resolve(false))
      s.listen(0, '::1', () => resolve(true))
    })
    if (bound) {
      server = s
      port = (s.address() as AddressInfo).port
    }
  })
  afterAll(async () => {
    if (!server) return
    server.closeAllConnections()
    await new Promise(resolve => server?.close(resolve))
  })

  test('http://[::1]:port/ is current, named [::1]:port', async () => {
    if (!server) {
      console.warn('::1 cannot be bound on this machine: IPv6 test skipped')
      return
    }
    const run = await runAction({ inputs: { targets: `http://[::1]:${port}/version` } })
    const t = expectVerdict(run, `[::1]:${port}`, 'current', null)
    expect(t.url).toBe(`http://[::1]:${port}/version`)
    expect(seen).toEqual(['::1'])
    expectWithin(run, OVERHEAD_MS)
  })
})
