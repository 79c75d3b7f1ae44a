// `samples` (fresh connections, the `mixed` verdict), `cache-bust` and cache headers, as inputs
// and as fleet-file keys.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { Socket } from 'node:net'
import { runAction, fleet } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  errors,
  expectVerdict,
  expectWithin,
  names,
  NEWER,
  OLD,
  pathOf,
  rendered,
  report,
  SHA,
  SHORT,
  summaryRows,
  target,
  OVERHEAD_MS
} from '../helpers/outcome.js'

/**
 * A load balancer in front of a half-updated pool: each new connection goes to the next
 * instance, which answers `builds[i % builds.length]` for as long as the connection lasts.
 */
async function startPool(builds: string[]): Promise<TestServer> {
  const instance = new WeakMap<Socket, number>()
  let next = 0
  return startServer((req, res) => {
    if (!instance.has(req.socket)) instance.set(req.socket, next++)
    const build = builds[(instance.get(req.socket) as number) % builds.length]
    if (build === '503') return text(res, 'draining', 503)
    json(res, { sha: build })
  })
}

const pools: TestServer[] = []
afterEach(async () => {
  await Promise.all(pools.splice(0).map(p => p.close()))
})

async function pool(builds: string[]) {
  const p = await startPool(builds)
  pools.push(p)
  return p
}

describe('a pool that answers old and new by turns', () => {
  test('with samples: 4 is mixed: output, report, reason and summary show both builds', async () => {
    const lb = await pool([OLD, NEWER])
    const single = await pool([OLD, NEWER])
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['pool', `${lb.origin}/version`],
          ['solo', `${single.origin}/version`, 'samples: 1']
        ]),
        samples: '4',
        expected: SHA
      }
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(names(run, 'mixed')).toEqual(['pool'])
    expect(names(run, 'stale')).toEqual(['solo'])
    expect(names(run, 'current')).toEqual([])
    expect(names(run, 'missing')).toEqual([])
    const t = target(run, 'pool')
    expect(t.status).toBe('mixed')
    expect(t.reported).toBeNull()
    expect([...(t.builds ?? [])].sort()).toEqual([OLD, NEWER].sort())
    expect(t.reason).toMatch(/^samples disagree: 2× (1a2b3c4, 2× 5e4d3c2|5e4d3c2, 2× 1a2b3c4)$/)
    expect(t.attempts).toBe(4)
    expect(errors(run)).toContain(`pool at ${t.url}: ${t.reason}`)
    expect(errors(run).join('\n')).toContain(
      `targets not on ${SHORT}: pool mixed (samples disagree`
    )
    // The summary row shows each build the samples saw.
    const row = summaryRows(run.summary).find(r => r[1] === 'pool') ?? []
    expect(rendered(row[0])).toBe('🔀 mixed')
    expect(rendered(row[4])).toContain('2× 1a2b3c4')
    expect(rendered(row[4])).toContain('2× 5e4d3c2')
    expectWithin(run, OVERHEAD_MS)
  })

  test('with samples: 1 it is current or stale, never mixed', async () => {
    const lb = await pool([SHA, OLD])
    const statuses: string[] = []
    for (let i = 0; i < 2; i++) {
      const run = await runAction({
        inputs: { targets: fleet([['pool', `${lb.origin}/version`]]) }
      })
      expect(names(run, 'mixed')).toEqual([])
      const t = target(run, 'pool')
      expect(t.builds).toBeUndefined()
      statuses.push(t.status)
    }
    // One run met the new instance, the other the old one.
    expect(statuses).toEqual(['current', 'stale'])
  })

  test('a pool all on the expected build is current with samples: 4', async () => {
    const lb = await pool([SHA, SHA.slice(0, 7), SHA.toUpperCase()])
    const run = await runAction({
      inputs: { targets: fleet([['pool', `${lb.origin}/version`]]), samples: '4' }
    })
    const t = expectVerdict(run, 'pool', 'current', null)
    expect(t.attempts).toBe(4)
  })

  test('one draining instance of four: missing, with how many samples failed', async () => {
    const lb = await pool([SHA, '503', SHA, SHA])
    const run = await runAction({
      inputs: { targets: fleet([['pool', `${lb.origin}/version`]]), samples: '4', retries: '0' }
    })
    expectVerdict(run, 'pool', 'missing', '1 of 4 samples: HTTP 503')
  })

  test('samples as a fleet-file key, in defaults and per target', async () => {
    const lb = await pool([OLD, SHA])
    const run = await runAction({
      // one target at a time, so that the connections come in order
      inputs: { 'targets-file': 'fleet.yml', concurrency: '1' },
      files: {
        'fleet.yml': [
          'defaults:',
          '  samples: 2',
          'targets:',
          `  - name: by-defaults`,
          `    url: ${lb.origin}/a`,
          `  - name: own`,
          `    url: ${lb.origin}/b`,
          '    samples: 1',
          ''
        ].join('\n')
      }
    })
    // by-defaults: connections 0 and 1, old and new; own: one connection
    expect(target(run, 'by-defaults').status).toBe('mixed')
    expect(target(run, 'by-defaults').reason).toBe('samples disagree: 1× 1a2b3c4, 1× 9f8e7d6')
    expect(target(run, 'by-defaults').attempts).toBe(2)
    expect(target(run, 'own').attempts).toBe(1)
    expect(target(run, 'own').status).not.toBe('mixed')
  })
})

describe('each sample uses a fresh connection', () => {
  let server: TestServer
  const sockets = new Map<string, Set<Socket>>()
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = pathOf(req.url)
      const set = sockets.get(path) ?? new Set()
      set.add(req.socket)
      sockets.set(path, set)
      json(res, { sha: SHA })
    })
  })
  afterAll(() => server.close())

  test('the server sees 4 distinct sockets for 4 samples', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['four', `${server.origin}/four`]]), samples: '4' }
    })
    expectVerdict(run, 'four', 'current', null)
    expect(server.requests.filter(r => pathOf(r.url) === '/four')).toHaveLength(4)
    expect(sockets.get('/four')?.size).toBe(4)
  })

  test('and 4 requests that could share a keep-alive connection do (the test above can tell)', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([1, 2, 3, 4].map(i => [`t${i}`, `${server.origin}/shared`])),
        concurrency: '1'
      }
    })
    expect(run.code).toBe(0)
    expect(server.requests.filter(r => pathOf(r.url) === '/shared')).toHaveLength(4)
    expect(sockets.get('/shared')?.size).toBeLessThan(4)
  })
})

describe('cache-bust', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer((_req, res) => json(res, { sha: SHA }))
  })
  afterAll(() => server.close())

  /** The query of every request to `path` since `before`. */
  const queries = (path: string, before: number) =>
    server.requests
      .slice(before)
      .filter(r => pathOf(r.url) === path)
      .map(r => new URL(r.url, server.origin).searchParams)

  test('adds a unique query parameter to every request, by default', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['a', `${server.origin}/a`],
          ['b', `${server.origin}/b?region=eu`]
        ]),
        samples: '4'
      }
    })
    expect(run.code).toBe(0)
    const all = [...queries('/a', before), ...queries('/b', before)]
    expect(all).toHaveLength(8)
    const nonces = all.map(q => q.getAll('fleet-check'))
    for (const n of nonces) expect(n).toHaveLength(1)
    expect(new Set(nonces.map(n => n[0])).size).toBe(8)
    // the target's own query is kept
    for (const q of queries('/b', before)) expect(q.get('region')).toBe('eu')
    // and reports show neither
    expect(report(run).targets.map(t => t.url)).toEqual([
      `${server.origin}/a`,
      `${server.origin}/b`
    ])
  })

  test('is unique across retries and rounds too', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([['a', `${server.origin}/a`]]),
        expected: OLD,
        wait: '600ms',
        interval: '200ms'
      }
    })
    expect(run.code).toBe(1)
    const nonces = queries('/a', before).map(q => q.get('fleet-check'))
    expect(nonces.length).toBeGreaterThanOrEqual(2)
    expect(new Set(nonces).size).toBe(nonces.length)
  })

  test('cache-bust: false as an input sends the url as it is', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([['b', `${server.origin}/b?region=eu`]]),
        'cache-bust': 'false',
        samples: '2'
      }
    })
    expect(run.code).toBe(0)
    const urls = server.requests.slice(before).map(r => r.url)
    expect(urls).toEqual(['/b?region=eu', '/b?region=eu'])
  })

  test('cache-bust as a fleet-file key, in defaults and per target, wins over the input', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: { 'targets-file': 'fleet.json', 'cache-bust': 'true' },
      files: {
        'fleet.json': JSON.stringify({
          defaults: { 'cache-bust': 'false' },
          targets: [
            { name: 'plain', url: `${server.origin}/plain` },
            { name: 'busted', url: `${server.origin}/busted`, 'cache-bust': 'true' }
          ]
        })
      }
    })
    expect(run.code).toBe(0)
    expect(queries('/plain', before).map(q => q.toString())).toEqual([''])
    expect(queries('/busted', before).map(q => q.getAll('fleet-check').length)).toEqual([1])
    const yaml = await runAction({
      inputs: {
        targets: fleet([
          ['off', `${server.origin}/off`, 'cache-bust: false'],
          ['on', `${server.origin}/on`]
        ])
      }
    })
    expect(yaml.code).toBe(0)
    expect(server.requests.filter(r => pathOf(r.url) === '/off').map(r => r.url)).toEqual(['/off'])
    expect(queries('/on', before).map(q => q.getAll('fleet-check').length)).toEqual([1])
  })
})

describe('cache headers on a stale answer', () => {
  let cdn: TestServer
  const HEADERS: Record<string, http.OutgoingHttpHeaders> = {
    '/cf': { age: '120', 'cf-cache-status': 'HIT' },
    '/cloudfront': { 'x-cache': 'Hit from cloudfront' },
    '/vercel': { 'x-vercel-cache': 'STALE' },
    '/miss': { 'x-cache': 'MISS', 'cf-cache-status': 'MISS', age: '0' },
    '/fresh': { age: '300', 'cf-cache-status': 'HIT' }
  }
  beforeAll(async () => {
    cdn = await startServer((req, res) => {
      const path = pathOf(req.url)
      res.writeHead(200, { 'content-type': 'application/json', ...HEADERS[path] })
      res.end(JSON.stringify({ sha: path === '/fresh' ? SHA : OLD }))
    })
  })
  afterAll(() => cdn.close())

  test('are kept in the report, and the reason says "served from a cache"', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet(Object.keys(HEADERS).map(p => [p.slice(1), `${cdn.origin}${p}`])),
        'report-path': 'report.json'
      },
      readFiles: ['report.json']
    })
    expect(run.code).toBe(1)
    const stale = `reports ${OLD}; expected ${SHA}`
    expect(target(run, 'cf')).toMatchObject({
      status: 'stale',
      cache: { age: '120', 'cf-cache-status': 'HIT' },
      reason: `${stale}; served from a cache (Age: 120, CF-Cache-Status: HIT)`
    })
    expect(target(run, 'cloudfront')).toMatchObject({
      status: 'stale',
      cache: { 'x-cache': 'Hit from cloudfront' },
      reason: `${stale}; served from a cache (X-Cache: Hit from cloudfront)`
    })
    expect(target(run, 'vercel')).toMatchObject({
      status: 'stale',
      cache: { 'x-vercel-cache': 'STALE' },
      reason: `${stale}; served from a cache (X-Vercel-Cache: STALE)`
    })
    // Cache headers that show no hit are kept, and the reason does not claim a cache.
    expect(target(run, 'miss')).toMatchObject({
      status: 'stale',
      cache: { age: '0', 'x-cache': 'MISS', 'cf-cache-status': 'MISS' },
      reason: stale
    })
    expect(target(run, 'fresh')).toMatchObject({ status: 'current', reason: null })
    // the report file, the log and the summary say it too
    const file = JSON.parse(run.files['report.json']) as {
      targets: { name: string; cache?: unknown }[]
    }
    expect(file.targets.find(t => t.name === 'cf')?.cache).toEqual({
      age: '120',
      'cf-cache-status': 'HIT'
    })
    expect(run.stdout).toContain('served from a cache (Age: 120, CF-Cache-Status: HIT)')
    expect(run.summary).toContain('served from a cache (`Age: 120, CF-Cache-Status: HIT`)')
  })

  test('through the rounds of a wait too', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['cf', `${cdn.origin}/cf`]]),
        wait: '300ms',
        interval: '200ms'
      }
    })
    expect(target(run, 'cf').reason).toContain(
      'served from a cache (Age: 120, CF-Cache-Status: HIT)'
    )
  })
})
