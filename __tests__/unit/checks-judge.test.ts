// Issue 15: a target is current only when its build and every check match. The status is the
// worst fact's, the code the build's when the build has that status, the reason lists every
// failing fact (the build first); consensus per check; and what the report, the summary, the
// headline, a round's line and redaction make of it.
import { describe, expect, test } from '@jest/globals'
import type { Check, Target } from '../../src/fleet/target.js'
import { headline } from '../../src/report/headline.js'
import { redactVerdict } from '../../src/report/redact.js'
import { fullReport, reportTarget } from '../../src/report/report-json.js'
import { renderSummary } from '../../src/report/summary.js'
import type { CheckOutcome } from '../../src/verdict/check-outcome.js'
import { failingChecks } from '../../src/verdict/checks.js'
import { judge, type Reference } from '../../src/verdict/judge.js'
import type { Observation } from '../../src/verdict/observation.js'
import { roundLine } from '../../src/watch/rounds.js'
import { makeTarget } from './fixtures.js'

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'
const CONFIG = '9c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c'
const OTHER = '3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a'

const check = (name: string, expected: string | null, path = name): Check => ({
  name,
  extraction: { kind: 'json', path: path.split('.') },
  expected: expected === null ? { kind: 'consensus' } : { kind: 'value', value: expected }
})
const CHECKS = [check('config', CONFIG, 'config.sha'), check('power-peg', 'off', 'flags.power_peg')]
const BUILD: Reference = { kind: 'build', build: A }

const value = (v: string): CheckOutcome => ({ kind: 'reported', value: v })
const none = (reason: string): CheckOutcome => ({ kind: 'none', reason })

/** A target with `checks` that reported `build` and these check outcomes. */
function answered(
  name: string,
  build: string,
  outcomes: CheckOutcome[] | undefined,
  checks: readonly Check[] = CHECKS,
  extra: Partial<Target> = {}
): Observation {
  return {
    target: makeTarget(name, { checks, ...extra }),
    kind: 'reported',
    build,
    attempts: 1,
    ms: 5,
    ...(outcomes ? { checks: outcomes } : {})
  }
}

describe('one target: its build and its checks', () => {
  test('every check matches: current, each check in the report with its value', () => {
    const v = judge([answered('r1', A, [value(CONFIG.slice(0, 7)), value('off')])], BUILD)
    expect(v.result).toBe('pass')
    expect(reportTarget(v.targets[0])).toMatchObject({
      status: 'current',
      reported: A,
      reason: null,
      code: null,
      checks: {
        config: { reported: CONFIG.slice(0, 7), expected: CONFIG, status: 'current' },
        'power-peg': { reported: 'off', expected: 'off', status: 'current' }
      }
    })
  })

  test('a check off its value: stale, the reason names it, the build still reported', () => {
    const [t] = judge([answered('r1', A, [value(OTHER), value('off')])], BUILD).targets
    expect(t).toMatchObject({
      status: 'stale',
      reported: A,
      expected: A,
      code: 'check-stale',
      reason: 'config 3f2a1b9, expected 9c1b2d3'
    })
    expect(t.checks?.config).toEqual({ reported: OTHER, expected: CONFIG, status: 'stale' })
  })

  test('a value that is no hash is shown as it is', () => {
    const [t] = judge([answered('r1', A, [value(CONFIG), value('on')])], BUILD).targets
    expect(t.reason).toBe('power-peg on, expected off')
  })

  test('a stale build and a stale check: the build first, in the code and in the reason', () => {
    const [t] = judge([answered('r1', B, [value(OTHER), value('off')])], BUILD).targets
    expect(t).toMatchObject({
      status: 'stale',
      code: 'stale',
      reported: B,
      reason: `reports ${B}; expected ${A}; config 3f2a1b9, expected 9c1b2d3`
    })
  })

  test('a check that cannot be read: missing, whatever the build, with both reasons', () => {
    const [t] = judge(
      [answered('r1', B, [none('no config at config.sha'), value('off')])],
      BUILD
    ).targets
    expect(t).toMatchObject({
      status: 'missing',
      code: 'check-missing',
      reported: B,
      expected: A,
      reason: `reports ${B}; expected ${A}; no config at config.sha`
    })
    expect(t.checks?.config).toEqual({ reported: null, expected: CONFIG, status: 'missing' })
  })

  test('a placeholder value is missing, never a match (a verdict does not trust extraction)', () => {
    const [t] = judge([answered('r1', A, [value(CONFIG), value('unknown')])], BUILD).targets
    expect(t).toMatchObject({
      status: 'missing',
      code: 'check-missing',
      reason: 'power-peg: placeholder "unknown"'
    })
  })

  test('samples that disagree on a check only: mixed, the build still reported', () => {
    const mixed: CheckOutcome = {
      kind: 'mixed',
      values: [CONFIG, OTHER],
      reason: 'samples disagree on config: 2× 9c1b2d3, 1× 3f2a1b9'
    }
    const [t] = judge([answered('r1', A, [mixed, value('off')])], BUILD).targets
    expect(t).toMatchObject({ status: 'mixed', code: 'check-mixed', reported: A })
    const r = reportTarget(t)
    // `builds` is the samples' builds when they disagree on the build: here they did not.
    expect('builds' in r).toBe(false)
    expect(r.checks?.config).toEqual({ reported: null, expected: CONFIG, status: 'mixed' })
  })

  test('missing outranks mixed outranks stale; the code is the first fact of that status', () => {
    const mixed: CheckOutcome = {
      kind: 'mixed',
      values: ['on', 'off'],
      reason: 'samples disagree on power-peg: 1× on, 1× off'
    }
    const [t] = judge([answered('r1', B, [value(OTHER), mixed])], BUILD).targets
    expect(t).toMatchObject({ status: 'mixed', code: 'check-mixed' })
    expect(t.reason).toBe(
      `reports ${B}; expected ${A}; config 3f2a1b9, expected 9c1b2d3; samples disagree on power-peg: 1× on, 1× off`
    )
    const [u] = judge(
      [answered('r1', A, [value(OTHER), none('no power-peg at flags.power_peg')])],
      BUILD
    ).targets
    expect(u).toMatchObject({ status: 'missing', code: 'check-missing' })
  })

  test('no answer at all: the build says why; the checks are missing without repeating it', () => {
    const o: Observation = {
      target: makeTarget('r1', { checks: CHECKS }),
      kind: 'none',
      code: 'refused',
      reason: 'connection refused',
      attempts: 3,
      ms: 5
    }
    const [t] = judge([o], BUILD).targets
    expect(t).toMatchObject({ status: 'missing', code: 'refused', reason: 'connection refused' })
    expect(reportTarget(t).checks).toEqual({
      config: { reported: null, expected: CONFIG, status: 'missing' },
      'power-peg': { reported: null, expected: 'off', status: 'missing' }
    })
  })

  test('a build that cannot be read, checks that can: both in the reason, the build code', () => {
    const o: Observation = {
      target: makeTarget('r1', { checks: CHECKS }),
      kind: 'none',
      code: 'no-build',
      reason: 'no hash at git.commit.id',
      attempts: 1,
      ms: 5,
      checks: [value(OTHER), value('off')]
    }
    const [t] = judge([o], BUILD).targets
    expect(t).toMatchObject({
      status: 'missing',
      code: 'no-build',
      reason: 'no hash at git.commit.id; config 3f2a1b9, expected 9c1b2d3'
    })
    expect(t.checks?.config.reported).toBe(OTHER)
  })

  test('an answer whose checks were never read (fail closed): each check missing, said so', () => {
    const [t] = judge([answered('r1', A, undefined)], BUILD).targets
    expect(t).toMatchObject({
      status: 'missing',
      code: 'check-missing',
      reason: 'config: not read; power-peg: not read'
    })
  })

  test("a group's own entry (addresses: all, not resolved) is no server: no checks on it", () => {
    const o: Observation = {
      target: makeTarget('api', { checks: CHECKS, addresses: 'all', group: 'api' }),
      kind: 'none',
      code: 'dns',
      reason: 'api.example.com: not resolved',
      attempts: 1,
      ms: 1
    }
    const [t] = judge([o], BUILD).targets
    expect(t).toMatchObject({
      status: 'missing',
      code: 'dns',
      reason: 'api.example.com: not resolved'
    })
    expect('checks' in t).toBe(false)
  })

  test('a fleet without checks: no checks key anywhere', () => {
    const v = judge(
      [{ target: makeTarget('r1'), kind: 'reported', build: A, attempts: 1, ms: 1 }],
      BUILD
    )
    expect('checks' in v.targets[0]).toBe(false)
    expect('checks' in reportTarget(v.targets[0])).toBe(false)
  })
})

describe('consensus per check', () => {
  const CONSENSUS = [check('config', null, 'config.sha')]
  const fleetOf = (values: string[], checks: readonly Check[] = CONSENSUS) =>
    values.map((v, i) => answered(`r${i + 1}`, A, [value(v)], checks))

  test('one outlier: the majority value is expected, the outlier stale', () => {
    const v = judge(fleetOf([CONFIG, CONFIG, OTHER, CONFIG]), BUILD)
    expect(v.targets.map(t => t.status)).toEqual(['current', 'current', 'stale', 'current'])
    expect(v.targets[2]).toMatchObject({
      code: 'check-stale',
      reason: 'config 3f2a1b9, most targets report 9c1b2d3'
    })
    expect(v.targets[0].checks?.config.expected).toBe(CONFIG)
  })

  test('a tie fails every target of it, each value listed with its targets', () => {
    const v = judge(fleetOf([CONFIG, OTHER, OTHER, CONFIG]), BUILD)
    expect(v.result).toBe('fail')
    expect(v.targets.map(t => t.status)).toEqual(['stale', 'stale', 'stale', 'stale'])
    expect(v.targets[0]).toMatchObject({
      code: 'check-stale',
      reason:
        'no majority on config (2 values tie at 2 targets each): 9c1b2d3 (r1, r4), 3f2a1b9 (r2, r3)'
    })
    expect(v.targets[0].checks?.config).toEqual({
      reported: CONFIG,
      expected: null,
      status: 'stale'
    })
  })

  test('a tie lists at most 5 values and 3 names each', () => {
    const values = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'd', 'e', 'f', 'g']
    const v = judge(fleetOf(values), BUILD)
    expect(v.targets[0].reason).toBe(
      'no majority on config (2 values tie at 4 targets each): a (r1, r2, r3, and 1 more), b (r5, r6, r7, and 1 more), c (r9), d (r10), e (r11), and 2 more values'
    )
  })

  test('missing values and placeholders do not vote', () => {
    const o = [
      answered('r1', A, [value('x')], CONSENSUS),
      answered('r2', A, [value('unknown')], CONSENSUS),
      answered('r3', A, [none('no config at config.sha')], CONSENSUS)
    ]
    expect(judge(o, BUILD).targets.map(t => t.status)).toEqual(['current', 'missing', 'missing'])
  })

  test('a target with a value of its own for the check stays out of the vote', () => {
    const own = [check('config', 'y', 'config.sha')]
    const o = [
      answered('r1', A, [value('x')], CONSENSUS),
      answered('r2', A, [value('y')], own),
      answered('r3', A, [value('y')], own)
    ]
    expect(judge(o, BUILD).targets.map(t => t.status)).toEqual(['current', 'current', 'current'])
  })

  test('the build consensus and a check consensus are separate votes', () => {
    const o = fleetOf([CONFIG, CONFIG, OTHER])
    o[0] = { ...o[0], build: B } as Observation
    const v = judge(o, { kind: 'consensus' })
    expect(v.targets.map(t => [t.status, t.code])).toEqual([
      ['stale', 'stale'],
      ['current', null],
      ['stale', 'check-stale']
    ])
  })
})

describe('what the run shows of a check', () => {
  // Knight Capital: eight routers on the build, the eighth with the reused flag on.
  const knight = () =>
    judge(
      Array.from({ length: 8 }, (_, i) =>
        answered(`router-${i + 1}`, A, [value(CONFIG), value(i === 7 ? 'on' : 'off')])
      ),
      BUILD
    )

  test('the headline names the check, not the build the target is on (README example)', () => {
    expect(headline(knight())).toBe(
      '1 of 8 targets failing a check: router-8 stale (power-peg on, expected off)'
    )
    const both = judge(
      [
        answered('a', B, [value(CONFIG), value('off')]),
        answered('b', A, [value(CONFIG), value('on')])
      ],
      BUILD
    )
    expect(headline(both)).toBe(
      '2 of 2 targets not on 9f8e7d6 or failing a check: a stale (runs 1a2b3c4), b stale (power-peg on, expected off)'
    )
  })

  test('the summary lists the failing check, with no column per check', () => {
    const summary = renderSummary(knight())
    expect(summary).toContain('### ❌ Stale: 1 target on another build or off a check')
    expect(summary).toContain('- `router-8`: `power-peg on, expected off`')
    expect(summary).not.toContain('config')
  })

  test('a stale build with a check off shows both in the summary', () => {
    const v = judge([answered('a', B, [value(OTHER), value('off')])], BUILD)
    expect(renderSummary(v)).toContain('- `a` runs `1a2b3c4`; `config 3f2a1b9, expected 9c1b2d3`')
  })

  test("a round's line names the check", () => {
    expect(roundLine(2, 30_000, knight())).toBe(
      'round 2 (30s left): 7/8 current; stale: router-8 (power-peg on, expected off)'
    )
  })

  test('failingChecks: stale, missing and mixed in short; nothing when all pass', () => {
    expect(failingChecks(undefined)).toBe('')
    expect(
      failingChecks({
        a: { reported: 'x', expected: 'x', status: 'current' },
        b: { reported: OTHER, expected: CONFIG, status: 'stale' },
        c: { reported: 'x', expected: null, status: 'stale' },
        d: { reported: null, expected: 'x', status: 'missing' },
        e: { reported: null, expected: 'x', status: 'mixed' }
      })
    ).toBe('b 3f2a1b9, expected 9c1b2d3; c x, no majority; d missing; e mixed')
  })

  test('redaction covers check values (a server may echo a secret) and keeps the statuses', () => {
    const secret = 's3cr3t-token'
    const v = judge([answered('r1', A, [value(secret), value('off')])], BUILD)
    const clean = redactVerdict(v, [secret, 'stale'])
    const text = JSON.stringify(fullReport(clean))
    expect(text).not.toContain(secret)
    expect(clean.targets[0].checks?.config).toEqual({
      reported: '***',
      expected: CONFIG,
      status: 'stale'
    })
    expect(clean.targets[0].status).toBe('stale')
  })
})
