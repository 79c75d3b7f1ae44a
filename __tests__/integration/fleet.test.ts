// checkFleet over one shared dispatcher: bounded concurrency, input order, reused connections;
// and mapLimit, the pool underneath.
import { afterEach, describe, expect, test } from '@jest/globals'
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { checkFleet } from '../../src/probe/check.js'
import { mapLimit } from '../../src/common/pool.js'
import { closedPort, json, startServer, type TestServer } from '../helpers/servers.js'
import { target } from './target.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()))
})

const build = (i: number): string => `b${i.toString(16).padStart(7, '0')}`

describe('checkFleet', () => {
  test('20 targets, concurrency 4: at most 4 in flight, input order, connections reused', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const sockets = new Set<Socket>()
    const server = await startServer((req, res) => {
      sockets.add(req.socket)
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const i = Number(/^\/t(\d+)\//.exec(req.url ?? '')?.[1])
      // about 100 ms each; later targets answer sooner so completion order is not input order
      setTimeout(
        () => {
          inFlight--
          json(res, { sha: build(i) })
        },
        60 + (19 - i) * 4
      )
    })
    servers.push(server)
    const targets = Array.from({ length: 20 }, (_, i) =>
      target(`${server.origin}/t${i}/version`, { name: `t${i}` })
    )
    const observations = await checkFleet(targets, { retries: 0, concurrency: 4 })
    expect(server.requests).toHaveLength(20)
    expect(maxInFlight).toBe(4)
    expect(observations.map(o => o.target.name)).toEqual(targets.map(t => t.name))
    expect(observations.map(o => (o.kind === 'reported' ? o.build : o.kind))).toEqual(
      targets.map((_, i) => build(i))
    )
    expect(observations.every(o => o.attempts === 1)).toBe(true)
    // Keep-alive reuse: without it there would be one socket per request (20). undici's pool may
    // open a few more than `concurrency` (it sees a just-freed connection as busy for a tick).
    expect(sockets.size).toBeGreaterThanOrEqual(4)
    expect(sockets.size).toBeLessThanOrEqual(10)
  })

  test('a failing target does not stop the others and keeps its place', async () => {
    const server = await startServer((_req, res) => json(res, { sha: build(1) }))
    servers.push(server)
    const port = await closedPort()
    const targets = [
      target(`${server.origin}/a`, { name: 'a' }),
      target(`http://127.0.0.1:${port}/b`, { name: 'b' }),
      target(`${server.origin}/c`, { name: 'c' })
    ]
    const observations = await checkFleet(targets, { retries: 0, concurrency: 2 })
    expect(
      observations.map(o => [o.target.name, o.kind === 'reported' ? o.build : o.reason])
    ).toEqual([
      ['a', build(1)],
      ['b', 'connection refused'],
      ['c', build(1)]
    ])
  })
})

describe('mapLimit', () => {
  async function track(items: number[], limit: number) {
    let inFlight = 0
    let maxInFlight = 0
    const started: number[] = []
    const results = await mapLimit(items, limit, async (item, index) => {
      started.push(index)
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      // later items finish first
      await sleep(2 + (items.length - index) * 2)
      inFlight--
      return item * 10
    })
    return { results, maxInFlight, started }
  }

  test('never more than limit calls in flight, and results in input order', async () => {
    const items = Array.from({ length: 25 }, (_, i) => i)
    const { results, maxInFlight, started } = await track(items, 3)
    expect(maxInFlight).toBe(3)
    expect(results).toEqual(items.map(i => i * 10))
    expect(started.sort((a, b) => a - b)).toEqual(items)
  })

  test('limit 1 runs one at a time', async () => {
    const { results, maxInFlight, started } = await track([5, 6, 7], 1)
    expect(maxInFlight).toBe(1)
    expect(started).toEqual([0, 1, 2])
    expect(results).toEqual([50, 60, 70])
  })

  test('a limit larger than the list runs them all at once', async () => {
    const { results, maxInFlight } = await track([1, 2, 3], 10)
    expect(maxInFlight).toBe(3)
    expect(results).toEqual([10, 20, 30])
  })

  test('an empty list gives an empty result', async () => {
    const calls: number[] = []
    await expect(mapLimit([], 4, async (x: number) => calls.push(x))).resolves.toEqual([])
    expect(calls).toEqual([])
  })
})
