// `wait`, `interval` and `stable-rounds`: a fleet that converges passes as soon as it may, one that
// does not fails at the deadline and not before, and the run is bounded by `wait` plus one round.
// What happened is read from the round lines and from when the server was asked.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, fleet } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  errors,
  expectVerdict,
  expectWithin,
  OLD,
  pathOf,
  report,
  roundLines,
  SHA,
  SHORT,
  target,
  OVERHEAD_MS
} from '../helpers/outcome.js'

/** Per path: the builds answered, in order. */
const answered = new Map<string, string[]>()
/** Per path: when each request came (ms). */
const times = new Map<string, number[]>()
let server: TestServer

/** What each path answers, given how many requests it had before. */
const ROUTES: Record<string, (n: number) => string | undefined> = {
  // old twice, then new
  '/flips': n => (n < 2 ? OLD : SHA),
  '/never': () => OLD,
  // old once, then new for ever
  '/from-round-2': n => (n === 0 ? OLD : SHA),
  // new, old, new, new...
  '/flaps': n => (n === 1 ? OLD : SHA),
  // new from the third request on
  '/from-round-3': n => (n < 2 ? OLD : SHA),
  '/hang': () => undefined
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = pathOf(req.url)
    const route = ROUTES[path]
    if (!route) return text(res, 'not found', 404)
    times.set(path, [...(times.get(path) ?? []), performance.now()])
    const builds = answered.get(path) ?? []
    const build = route(builds.length)
    if (build === undefined) return // never answers
    builds.push(build)
    answered.set(path, builds)
    json(res, { sha: build })
  })
})
afterAll(() => server.close())

/** ms between one request to `path` and the next, in order. */
function gaps(path: string): number[] {
  const at = times.get(path) ?? []
  return at.slice(1).map((t, i) => t - at[i])
}

const LINE = /^round (\d+) \(((?:\d+h)?(?:\d+m)?(?:\d+s)?) left\): (\d+)\/(\d+) current(; .*)?$/

describe('wait', () => {
  test('a target that moves from old to new passes as soon as it is current', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['flip', `${server.origin}/flips`]]),
        wait: '20s',
        interval: '300ms',
        timeout: '1s',
        retries: '0'
      }
    })
    const t = expectVerdict(run, 'flip', 'current', null)
    expect(t.reported).toBe(SHA)
    // old twice, then new, and not one request after the first new answer
    expect(answered.get('/flips')).toEqual([OLD, OLD, SHA])
    // a round every 300 ms: it passed at the round after the flip, far from the 20 s deadline
    for (const gap of gaps('/flips')) expect(gap).toBeGreaterThanOrEqual(250)
    expectWithin(run, 2 * 300 + OVERHEAD_MS)

    const lines = roundLines(run.stdout)
    expect(lines).toHaveLength(3)
    lines.forEach((line, i) => {
      const m = LINE.exec(line)
      expect(m?.[1]).toBe(String(i + 1))
    })
    expect(lines[0]).toMatch(
      /^round 1 \((?:20|1\d)s left\): 0\/1 current; stale: flip \(1a2b3c4\)$/
    )
    expect(lines[lines.length - 1]).toMatch(/^round \d+ \(1\ds left\): 1\/1 current$/)
    expect(run.stdout).toContain(`1 target on ${SHORT}`)
    expect(run.stdout).toMatch(/rounds every 300ms for up to 20s/)
  })

  test('a target that never moves fails at the deadline, not before', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['never', `${server.origin}/never`]]),
        wait: '2s',
        interval: '500ms',
        timeout: '1s',
        retries: '0'
      }
    })
    expectVerdict(run, 'never', 'stale', `reports ${OLD}; expected ${SHA}`)
    // wait, plus at most one round (1 s timeout)
    expectWithin(run, 2_000 + 1_000 + OVERHEAD_MS)
    const lines = roundLines(run.stdout)
    // rounds at about 0, 0.5, 1, 1.5 and 2 s: one per interval, no more, each a request
    expect(lines.length).toBeGreaterThanOrEqual(3)
    expect(lines.length).toBeLessThanOrEqual(5)
    expect(answered.get('/never')).toHaveLength(lines.length)
    // not before the deadline: the rounds kept the interval (the last sleep is what was left of
    // the wait, so it may be shorter), and the last round had no time left
    for (const gap of gaps('/never').slice(0, -1)) expect(gap).toBeGreaterThanOrEqual(450)
    expect(lines[lines.length - 1]).toMatch(
      /^round \d+ \(0s left\): 0\/1 current; stale: never \(1a2b3c4\)$/
    )
    expect(errors(run)).toContain(`1 of 1 target not on ${SHORT}: never stale (runs 1a2b3c4)`)
  })

  test('a target that never answers: the run lasts wait plus one round, never more', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([['hang', `${server.origin}/hang`]]),
        wait: '2s',
        interval: '500ms',
        timeout: '1s',
        retries: '0'
      },
      timeoutMs: 30_000
    })
    expectVerdict(run, 'hang', 'missing', 'timed out after 1s')
    expectWithin(run, 2_000 + 1_000 + OVERHEAD_MS)
    // rounds start at about 0 and 1.5 s (each 1 s of timeout and 500 ms of interval): none after
    // the deadline
    const lines = roundLines(run.stdout)
    expect(server.requests.length - before).toBe(lines.length)
    for (const gap of gaps('/hang')) expect(gap).toBeGreaterThanOrEqual(1_450)
    expect(lines.length).toBeGreaterThanOrEqual(2)
    expect(lines.length).toBeLessThanOrEqual(3)
    expect(lines[lines.length - 1]).toMatch(
      /\(0s left\): 0\/1 current; missing: hang \(timed out after 1s\)$/
    )
  })

  test('without wait there is one round and no round line', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['never', `${server.origin}/never`]]), interval: '1s' }
    })
    expectVerdict(run, 'never', 'stale', `reports ${OLD}; expected ${SHA}`)
    expect(roundLines(run.stdout)).toEqual([])
    expectWithin(run, OVERHEAD_MS)
  })
})

describe('stable-rounds', () => {
  test('3, with a target current only from round 2: passes after round 4', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['settling', `${server.origin}/from-round-2`]]),
        wait: '20s',
        interval: '300ms',
        'stable-rounds': '3',
        timeout: '1s',
        retries: '0'
      }
    })
    expectVerdict(run, 'settling', 'current', null)
    expect(answered.get('/from-round-2')).toEqual([OLD, SHA, SHA, SHA])
    const lines = roundLines(run.stdout)
    expect(lines.map(l => LINE.exec(l)?.slice(1, 2)[0] + ':' + LINE.exec(l)?.[3])).toEqual([
      '1:0',
      '2:1',
      '3:1',
      '4:1'
    ])
    // 3 intervals of 300 ms, far from the deadline
    expectWithin(run, 1_000 + OVERHEAD_MS)
  })

  test('passes must be in a row: new, old, new, new passes 2 stable rounds at round 4', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['flapping', `${server.origin}/flaps`]]),
        wait: '20s',
        interval: '200ms',
        'stable-rounds': '2',
        timeout: '1s',
        retries: '0'
      }
    })
    expectVerdict(run, 'flapping', 'current', null)
    expect(answered.get('/flaps')).toEqual([SHA, OLD, SHA, SHA])
    expect(roundLines(run.stdout)).toHaveLength(4)
    expectWithin(run, 1_000 + OVERHEAD_MS)
  })

  test('not enough passes in a row before the deadline is a failure', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['late', `${server.origin}/from-round-3`]]),
        wait: '1200ms',
        interval: '500ms',
        'stable-rounds': '3',
        timeout: '1s',
        retries: '0'
      }
    })
    // The target is current in the last round, and still the run fails.
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(report(run).result).toBe('fail')
    expect(target(run, 'late').status).toBe('current')
    const passes = (answered.get('/from-round-3') ?? []).filter(b => b === SHA).length
    expect(passes).toBeGreaterThanOrEqual(1)
    expect(passes).toBeLessThan(3)
    expect(errors(run)).toContain(
      `1 target on ${SHORT}, but for ${passes} of the 3 rounds in a row required before the deadline`
    )
    expect(run.summary).not.toContain('✅ pass')
    expectWithin(run, 1_200 + 1_000 + OVERHEAD_MS)
  })
})
