import { describe, expect, test } from '@jest/globals'
import type { Verdict } from '../../src/verdict/judge.js'
import { checkInRounds, roundLine, type Clock } from '../../src/watch/rounds.js'
import { targetVerdict, verdictOf } from './fixtures.js'

const PASS = verdictOf([targetVerdict('a', 'current'), targetVerdict('b', 'current')])
const FAIL = verdictOf([
  targetVerdict('a', 'current'),
  targetVerdict('b', 'stale', { reported: '1a2b3c4' })
])

/** A clock in virtual time: sleeping advances it at once, and records how long and when. */
function fakeClock(start = 1_000) {
  let t = start
  const sleeps: { at: number; ms: number }[] = []
  const clock: Clock = {
    now: () => t,
    sleep: async ms => {
      sleeps.push({ at: t, ms })
      t += ms
    }
  }
  return {
    clock,
    sleeps,
    advance: (ms: number) => (t += ms),
    elapsed: () => t - start
  }
}

/**
 * Rounds that answer `script` in turn (the last one for ever), each taking `roundMs` of virtual
 * time, and record when each started (ms since the clock's start).
 */
function scripted(script: readonly Verdict[], c: ReturnType<typeof fakeClock>, roundMs = 0) {
  const startedAt: number[] = []
  const round = async (): Promise<Verdict> => {
    // A loop that never ends would never yield to Jest's timeout: fail it instead.
    if (startedAt.length >= 100) throw new Error('more than 100 rounds')
    startedAt.push(c.elapsed())
    const v = script[Math.min(startedAt.length - 1, script.length - 1)]
    c.advance(roundMs)
    return v
  }
  return { round, startedAt }
}

function run(
  script: readonly Verdict[],
  options: { waitMs: number; intervalMs: number; stableRounds: number },
  roundMs = 0
) {
  const c = fakeClock()
  const s = scripted(script, c, roundMs)
  const lines: string[] = []
  const result = checkInRounds(s.round, options, line => lines.push(line), c.clock)
  return { result, lines, sleeps: c.sleeps, startedAt: s.startedAt, elapsed: c.elapsed }
}

describe('checkInRounds', () => {
  test('without wait: one round, no round lines, no sleep', async () => {
    const r = run([FAIL, PASS], { waitMs: 0, intervalMs: 10_000, stableRounds: 1 })
    const v = await r.result
    expect(r.startedAt).toEqual([0])
    expect(r.lines).toEqual([])
    expect(r.sleeps).toEqual([])
    expect(v).toEqual({ ...FAIL, rounds: { count: 1, passesInARow: 0, required: 1 } })
  })

  test('without wait, a passing fleet passes in its one round', async () => {
    const r = run([PASS], { waitMs: 0, intervalMs: 10_000, stableRounds: 1 })
    const v = await r.result
    expect(r.startedAt).toEqual([0])
    expect(r.lines).toEqual([])
    expect(v.result).toBe('pass')
    expect(v.rounds).toEqual({ count: 1, passesInARow: 1, required: 1 })
  })

  test('passes as soon as the fleet passes with stable-rounds 1', async () => {
    const r = run([FAIL, FAIL, PASS, FAIL], { waitMs: 60_000, intervalMs: 5_000, stableRounds: 1 })
    const v = await r.result
    expect(r.startedAt).toEqual([0, 5_000, 10_000])
    expect(r.sleeps.map(s => s.ms)).toEqual([5_000, 5_000])
    expect(v).toEqual({ ...PASS, rounds: { count: 3, passesInARow: 1, required: 1 } })
    expect(r.lines).toEqual([
      'round 1 (1m left): 1/2 current; stale: b (1a2b3c4)',
      'round 2 (55s left): 1/2 current; stale: b (1a2b3c4)',
      'round 3 (50s left): 2/2 current'
    ])
  })

  test('with stable-rounds 3, passes only after three passing rounds in a row', async () => {
    // pass, pass, fail (resets), pass, pass, pass
    const r = run([PASS, PASS, FAIL, PASS, PASS, PASS, FAIL], {
      waitMs: 60_000,
      intervalMs: 1_000,
      stableRounds: 3
    })
    const v = await r.result
    expect(r.startedAt).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000])
    expect(v.result).toBe('pass')
    expect(v.targets).toEqual(PASS.targets)
    expect(v.rounds).toEqual({ count: 6, passesInARow: 3, required: 3 })
    expect(r.lines).toHaveLength(6)
  })

  test('two passing rounds then a failure do not count towards three', async () => {
    const r = run([PASS, PASS, FAIL, PASS, PASS, FAIL], {
      waitMs: 10_000,
      intervalMs: 2_000,
      stableRounds: 3
    })
    const v = await r.result
    // rounds at 0, 2, 4, 6, 8, 10 s: never three passes in a row
    expect(r.startedAt).toEqual([0, 2_000, 4_000, 6_000, 8_000, 10_000])
    expect(v).toEqual({ ...FAIL, rounds: { count: 6, passesInARow: 0, required: 3 } })
  })

  test("a failing fleet at the deadline ends with the last round's verdict", async () => {
    const last = verdictOf([
      targetVerdict('a', 'missing', { reason: 'HTTP 503' }),
      targetVerdict('b', 'current')
    ])
    const r = run([FAIL, FAIL, last], { waitMs: 20_000, intervalMs: 10_000, stableRounds: 1 })
    const v = await r.result
    expect(r.startedAt).toEqual([0, 10_000, 20_000])
    expect(v).toEqual({ ...last, rounds: { count: 3, passesInARow: 0, required: 1 } })
    expect(v.result).toBe('fail')
    expect(r.lines[2]).toBe('round 3 (0s left): 1/2 current; missing: a (HTTP 503)')
  })

  test('a fleet passing, but not for stable-rounds in a row, fails at the deadline', async () => {
    const r = run([FAIL, FAIL, PASS, PASS], { waitMs: 9_000, intervalMs: 3_000, stableRounds: 3 })
    const v = await r.result
    expect(r.startedAt).toEqual([0, 3_000, 6_000, 9_000])
    expect(v.result).toBe('fail')
    expect(v.targets).toEqual(PASS.targets)
    expect(v.rounds).toEqual({ count: 4, passesInARow: 2, required: 3 })
    // the input verdict is left as it was
    expect(PASS.result).toBe('pass')
  })

  test('never sleeps past the deadline and never starts a round after it', async () => {
    // wait 10 s, interval 4 s, every round 1.5 s long
    const r = run([FAIL], { waitMs: 10_000, intervalMs: 4_000, stableRounds: 1 }, 1_500)
    const v = await r.result
    // round 1 at 0 (ends 1.5, 8.5 left) -> sleep 4; round 2 at 5.5 (ends 7, 3 left) -> sleep 3;
    // round 3 at 10 (ends 11.5, past the deadline): done
    expect(r.startedAt).toEqual([0, 5_500, 10_000])
    expect(r.sleeps.map(s => s.ms)).toEqual([4_000, 3_000])
    // the clock starts at 1000: each sleep ends by the deadline
    expect(r.sleeps.map(s => s.at - 1_000 + s.ms)).toEqual([5_500, 10_000])
    expect(r.elapsed()).toBe(11_500)
    expect(v.rounds).toEqual({ count: 3, passesInARow: 0, required: 1 })
    expect(r.lines).toEqual([
      'round 1 (9s left): 1/2 current; stale: b (1a2b3c4)',
      'round 2 (3s left): 1/2 current; stale: b (1a2b3c4)',
      'round 3 (0s left): 1/2 current; stale: b (1a2b3c4)'
    ])
  })

  test('a round that overruns the deadline is the last one, without a sleep', async () => {
    const r = run([FAIL], { waitMs: 5_000, intervalMs: 1_000, stableRounds: 1 }, 7_000)
    const v = await r.result
    expect(r.startedAt).toEqual([0])
    expect(r.sleeps).toEqual([])
    expect(r.lines).toEqual(['round 1 (0s left): 1/2 current; stale: b (1a2b3c4)'])
    expect(v.rounds).toEqual({ count: 1, passesInARow: 0, required: 1 })
  })

  test('a round that ends exactly at the deadline is the last one', async () => {
    // round 1 from 0 to 1 s (3 s left) -> sleep 2 s; round 2 from 3 s to 4 s (0 left): done
    const r = run([FAIL], { waitMs: 4_000, intervalMs: 2_000, stableRounds: 1 }, 1_000)
    const v = await r.result
    expect(r.startedAt).toEqual([0, 3_000])
    expect(r.sleeps.map(s => s.ms)).toEqual([2_000])
    expect(r.lines[1]).toBe('round 2 (0s left): 1/2 current; stale: b (1a2b3c4)')
    expect(v.rounds).toEqual({ count: 2, passesInARow: 0, required: 1 })
  })
})

describe('roundLine', () => {
  test('current, stale and missing targets, in the documented format', () => {
    const names = [1, 2, 4, 5, 6, 7].map(i => targetVerdict(`router-${i}`, 'current'))
    const v = verdictOf([
      ...names.slice(0, 2),
      targetVerdict('router-3', 'missing', { reason: 'connection refused' }),
      ...names.slice(2),
      targetVerdict('router-8', 'stale', { reported: '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678' })
    ])
    expect(roundLine(3, 41_000, v)).toBe(
      'round 3 (41s left): 6/8 current; stale: router-8 (1a2b3c4); missing: router-3 (connection refused)'
    )
  })

  test('mixed targets are listed with their reason, between stale and missing', () => {
    const v = verdictOf([
      targetVerdict('m1', 'missing', { reason: 'HTTP 503' }),
      targetVerdict('x1', 'mixed', {
        reported: null,
        reason: 'samples disagree: 2× 1a2b3c4, 1× 9f8e7d6'
      }),
      targetVerdict('s1', 'stale', { reported: 'v1.2.3' }),
      targetVerdict('c1', 'current')
    ])
    expect(roundLine(1, 90_000, v)).toBe(
      'round 1 (1m30s left): 1/4 current; stale: s1 (v1.2.3); mixed: x1 (samples disagree: 2× 1a2b3c4, 1× 9f8e7d6); missing: m1 (HTTP 503)'
    )
  })

  test('lists at most five names per status, then how many more', () => {
    const stale = Array.from({ length: 8 }, (_, i) =>
      targetVerdict(`s${i + 1}`, 'stale', { reported: `abc000${i}` })
    )
    const v = verdictOf([...stale, targetVerdict('m1', 'missing', { reason: 'timed out' })])
    expect(roundLine(2, 5_000, v)).toBe(
      'round 2 (5s left): 0/9 current; stale: s1 (abc0000), s2 (abc0001), s3 (abc0002), s4 (abc0003), s5 (abc0004), and 3 more; missing: m1 (timed out)'
    )
  })

  test('exactly five names get no "and more"', () => {
    const v = verdictOf(
      Array.from({ length: 5 }, (_, i) => targetVerdict(`m${i + 1}`, 'missing', { reason: 'x' }))
    )
    expect(roundLine(1, 1_000, v)).toBe(
      'round 1 (1s left): 0/5 current; missing: m1 (x), m2 (x), m3 (x), m4 (x), m5 (x)'
    )
  })

  test.each([
    [-2_500, '0s'],
    [0, '0s'],
    [400, '0s'],
    [500, '1s'],
    [41_400, '41s'],
    [3_600_000, '1h'],
    [3_661_000, '1h1m1s']
  ])('%d ms left reads "%s left"', (ms, text) => {
    const v = verdictOf([targetVerdict('a', 'current')])
    expect(roundLine(7, ms, v)).toBe(`round 7 (${text} left): 1/1 current`)
  })
})
