import { describe, expect, test } from '@jest/globals'
import { judge } from '../../src/verdict/judge.js'
import type { Observation } from '../../src/verdict/observation.js'
import { makeTarget, missing, reported } from './fixtures.js'

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'
const C = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe'

describe('judge against a fixed build', () => {
  test('every target on the build passes', () => {
    const v = judge([reported('a', A), reported('b', A.slice(0, 7).toUpperCase())], {
      kind: 'build',
      build: A
    })
    expect(v.result).toBe('pass')
    expect(v.expected).toBe(A)
    expect(v.consensus).toBe(false)
    expect(v.groups).toEqual([])
    expect(v.targets).toEqual([
      {
        name: 'a',
        url: 'https://a.example.com/version',
        status: 'current',
        reported: A,
        expected: A,
        reason: null,
        code: null,
        attempts: 1,
        ms: 12
      },
      {
        name: 'b',
        url: 'https://b.example.com/version',
        status: 'current',
        reported: '9F8E7D6',
        expected: A,
        reason: null,
        code: null,
        attempts: 1,
        ms: 12
      }
    ])
  })

  test('a target on another build is stale, with both builds in the reason', () => {
    const v = judge([reported('router-1', A), reported('router-8', '1a2b3c4')], {
      kind: 'build',
      build: A
    })
    expect(v.result).toBe('fail')
    expect(v.targets[1]).toMatchObject({
      status: 'stale',
      reported: '1a2b3c4',
      expected: A,
      reason: `reports 1a2b3c4; expected ${A}`
    })
    expect(v.targets[0].status).toBe('current')
  })

  test('a missing target fails the run and keeps its reason; missing is never a pass', () => {
    const v = judge([reported('a', A), missing('b', 'connection refused', {}, 'refused')], {
      kind: 'build',
      build: A
    })
    expect(v.result).toBe('fail')
    expect(v.targets[1]).toEqual({
      name: 'b',
      url: 'https://b.example.com/version',
      status: 'missing',
      reported: null,
      expected: A,
      reason: 'connection refused',
      code: 'refused',
      attempts: 3,
      ms: 10_000
    })
  })

  test('an observation is a build, builds that disagree, or no report with a reason: never none', () => {
    // @ts-expect-error: an observation without a kind, a build or a reason does not type-check
    const neither: Observation = { target: makeTarget('a'), attempts: 1, ms: 1 }
    // @ts-expect-error: nor does no report without its code
    const uncoded: Observation = {
      target: makeTarget('b'),
      kind: 'none',
      reason: 'connection refused',
      attempts: 1,
      ms: 1
    }
    expect([neither, uncoded]).toHaveLength(2)
  })

  test("a target's own expected build wins over the run's", () => {
    const v = judge([reported('a', A), reported('canary', B, { expected: B.slice(0, 7) })], {
      kind: 'build',
      build: A
    })
    expect(v.result).toBe('pass')
    expect(v.targets.map(t => [t.status, t.expected])).toEqual([
      ['current', A],
      ['current', B.slice(0, 7)]
    ])
  })

  test("a target on the run's build but not its own is stale", () => {
    const v = judge([reported('canary', A, { expected: B })], { kind: 'build', build: A })
    expect(v.result).toBe('fail')
    expect(v.targets[0]).toMatchObject({ status: 'stale', reason: `reports ${A}; expected ${B}` })
  })

  test('targets keep fleet order', () => {
    const v = judge([missing('z', 'timed out after 10s'), reported('a', B), reported('m', A)], {
      kind: 'build',
      build: A
    })
    expect(v.targets.map(t => `${t.name}:${t.status}`)).toEqual([
      'z:missing',
      'a:stale',
      'm:current'
    ])
  })
})

describe('judge by consensus', () => {
  test('all on one build passes and names it', () => {
    const v = judge(
      [reported('a', A), reported('b', A.toUpperCase()), reported('c', A.slice(0, 9))],
      {
        kind: 'consensus'
      }
    )
    expect(v.result).toBe('pass')
    expect(v.consensus).toBe(true)
    expect(v.expected).toBe(A)
    expect(v.groups).toEqual([{ build: A, targets: ['a', 'b', 'c'] }])
    expect(v.targets.every(t => t.status === 'current' && t.expected === A)).toBe(true)
  })

  test('the majority build wins; the minority is stale', () => {
    const v = judge(
      [
        reported('r1', A),
        reported('r2', A),
        reported('r3', B),
        reported('r4', A),
        reported('r5', C)
      ],
      { kind: 'consensus' }
    )
    expect(v.result).toBe('fail')
    expect(v.expected).toBe(A)
    expect(v.groups).toEqual([
      { build: A, targets: ['r1', 'r2', 'r4'] },
      { build: B, targets: ['r3'] },
      { build: C, targets: ['r5'] }
    ])
    expect(v.targets.map(t => t.status)).toEqual([
      'current',
      'current',
      'stale',
      'current',
      'stale'
    ])
    expect(v.targets[2]).toMatchObject({
      expected: A,
      reason: `reports ${B}; most targets report ${A}`
    })
  })

  test('a tie marks every reporting target stale and checks against nothing', () => {
    const v = judge([reported('a', A), reported('b', B), reported('c', B), reported('d', A)], {
      kind: 'consensus'
    })
    expect(v.result).toBe('fail')
    expect(v.expected).toBeNull()
    expect(v.groups).toEqual([
      { build: A, targets: ['a', 'd'] },
      { build: B, targets: ['b', 'c'] }
    ])
    for (const t of v.targets) {
      expect(t.status).toBe('stale')
      expect(t.expected).toBeNull()
      expect(t.reason).toBe('no majority: 2 builds tie at 2 targets each')
    }
  })

  test('a tie at the top with a smaller group below counts only the tied builds', () => {
    const v = judge(
      [reported('a', A), reported('b', B), reported('c', C), reported('d', A), reported('e', B)],
      { kind: 'consensus' }
    )
    expect(v.expected).toBeNull()
    expect(v.targets.map(t => t.status)).toEqual(['stale', 'stale', 'stale', 'stale', 'stale'])
    expect(v.targets[2].reason).toBe('no majority: 2 builds tie at 2 targets each')
  })

  test('one build reported by one target and others missing: agreement, but the run fails', () => {
    const v = judge([reported('a', A), missing('b', 'HTTP 503'), reported('c', A)], {
      kind: 'consensus'
    })
    expect(v.result).toBe('fail')
    expect(v.expected).toBe(A)
    expect(v.targets.map(t => t.status)).toEqual(['current', 'missing', 'current'])
    expect(v.targets[1].reason).toBe('HTTP 503')
    expect(v.targets[1].expected).toBe(A)
  })

  test('every target missing fails with no build to check against', () => {
    const v = judge([missing('a', 'connection refused'), missing('b', 'connection refused')], {
      kind: 'consensus'
    })
    expect(v.result).toBe('fail')
    expect(v.expected).toBeNull()
    expect(v.groups).toEqual([])
    expect(v.targets.every(t => t.status === 'missing')).toBe(true)
  })

  test("a target's own expected build wins even under consensus and stays out of the vote", () => {
    const v = judge(
      [
        reported('a', A),
        reported('b', A),
        reported('canary', B, { expected: B }),
        reported('old', C, { expected: A })
      ],
      { kind: 'consensus' }
    )
    expect(v.expected).toBe(A)
    expect(v.groups).toEqual([{ build: A, targets: ['a', 'b'] }])
    expect(v.targets.map(t => [t.name, t.status, t.expected])).toEqual([
      ['a', 'current', A],
      ['b', 'current', A],
      ['canary', 'current', B],
      ['old', 'stale', A]
    ])
    expect(v.targets[3].reason).toBe(`reports ${C}; expected ${A}`)
    expect(v.result).toBe('fail')
  })

  test('with only own-expected targets, consensus has no groups and judges each on its own', () => {
    const v = judge([reported('a', A, { expected: A }), reported('b', B, { expected: B })], {
      kind: 'consensus'
    })
    expect(v.result).toBe('pass')
    expect(v.groups).toEqual([])
    expect(v.targets.map(t => t.status)).toEqual(['current', 'current'])
  })
})
