import { describe, expect, test } from '@jest/globals'
import type { CacheHeaders } from '../../src/verdict/cache-evidence.js'
import type { Observation } from '../../src/verdict/observation.js'
import { failing, judge } from '../../src/verdict/judge.js'
import { makeTarget, missing, reported, targetVerdict, verdictOf } from './fixtures.js'

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

/** A target whose samples saw more than one build. */
function mixed(name: string, builds: string[], reason: string): Observation {
  return {
    target: makeTarget(name, { samples: 4 }),
    kind: 'mixed',
    builds,
    code: 'samples-disagree',
    reason,
    attempts: 4,
    ms: 80
  }
}

const DISAGREE = 'samples disagree: 2× 9f8e7d6, 2× 1a2b3c4'

describe('judge: mixed targets', () => {
  test('an observation with builds is mixed, keeps its builds and reason', () => {
    const v = judge([reported('a', A), mixed('lb', [A, B], DISAGREE)], { kind: 'build', build: A })
    expect(v.result).toBe('fail')
    expect(v.targets[1]).toEqual({
      name: 'lb',
      url: 'https://lb.example.com/version',
      status: 'mixed',
      reported: null,
      expected: A,
      reason: DISAGREE,
      code: 'samples-disagree',
      attempts: 4,
      ms: 80,
      builds: [A, B]
    })
    expect(failing(v).map(t => t.name)).toEqual(['lb'])
  })

  test('mixed even when one of its builds is the expected one, or its own expected', () => {
    const v = judge([mixed('lb', [A, B], DISAGREE)], { kind: 'build', build: A })
    expect(v.targets[0].status).toBe('mixed')
    const own = judge(
      [{ ...mixed('lb', [A, B], DISAGREE), target: makeTarget('lb', { expected: B }) }],
      {
        kind: 'build',
        build: A
      }
    )
    expect(own.targets[0]).toMatchObject({ status: 'mixed', expected: B, reason: DISAGREE })
  })

  test('never pooled into a consensus: the others decide, and it stays mixed', () => {
    const v = judge(
      [
        mixed('lb-1', [B, A], DISAGREE),
        mixed('lb-2', [B, A], DISAGREE),
        mixed('lb-3', [B, A], DISAGREE),
        reported('a', A),
        reported('b', A)
      ],
      { kind: 'consensus' }
    )
    expect(v.expected).toBe(A)
    expect(v.groups).toEqual([{ build: A, targets: ['a', 'b'] }])
    expect(v.targets.map(t => [t.name, t.status, t.expected])).toEqual([
      ['lb-1', 'mixed', A],
      ['lb-2', 'mixed', A],
      ['lb-3', 'mixed', A],
      ['a', 'current', A],
      ['b', 'current', A]
    ])
    expect(v.targets[0].reason).toBe(DISAGREE)
    expect(v.result).toBe('fail')
  })

  test('a consensus of only mixed targets has no groups and no build', () => {
    const v = judge([mixed('lb-1', [A, B], DISAGREE), mixed('lb-2', [A, B], DISAGREE)], {
      kind: 'consensus'
    })
    expect(v.expected).toBeNull()
    expect(v.groups).toEqual([])
    expect(v.targets.map(t => [t.status, t.expected, t.reason])).toEqual([
      ['mixed', null, DISAGREE],
      ['mixed', null, DISAGREE]
    ])
    expect(v.result).toBe('fail')
  })
})

describe('judge: cache evidence', () => {
  const withCache = (o: Observation, cache: CacheHeaders): Observation =>
    o.kind === 'reported' ? { ...o, cache } : o

  test('a stale answer from a cache says so in its reason', () => {
    const v = judge([withCache(reported('a', B), { age: '120' })], { kind: 'build', build: A })
    expect(v.targets[0]).toMatchObject({
      status: 'stale',
      cache: { age: '120' },
      reason: `reports ${B}; expected ${A}; served from a cache (Age: 120)`
    })
  })

  test('with several headers, all the evidence is named', () => {
    const v = judge([withCache(reported('a', B), { age: '30', 'cf-cache-status': 'HIT' })], {
      kind: 'build',
      build: A
    })
    expect(v.targets[0].reason).toBe(
      `reports ${B}; expected ${A}; served from a cache (Age: 30, CF-Cache-Status: HIT)`
    )
  })

  test('under consensus the minority gets the cache note too', () => {
    const v = judge(
      [
        reported('a', A),
        reported('b', A),
        withCache(reported('c', B), { 'x-vercel-cache': 'STALE' })
      ],
      { kind: 'consensus' }
    )
    expect(v.targets[2].reason).toBe(
      `reports ${B}; most targets report ${A}; served from a cache (X-Vercel-Cache: STALE)`
    )
  })

  test('a current answer from a cache has no reason, but keeps its headers', () => {
    const v = judge([withCache(reported('a', A), { age: '120', 'x-cache': 'HIT' })], {
      kind: 'build',
      build: A
    })
    expect(v.result).toBe('pass')
    expect(v.targets[0]).toMatchObject({
      status: 'current',
      reason: null,
      cache: { age: '120', 'x-cache': 'HIT' }
    })
  })

  test('a stale answer with cache headers but no evidence gets no note', () => {
    const v = judge([withCache(reported('a', B), { age: '0', 'cf-cache-status': 'MISS' })], {
      kind: 'build',
      build: A
    })
    expect(v.targets[0]).toMatchObject({
      status: 'stale',
      reason: `reports ${B}; expected ${A}`,
      cache: { age: '0', 'cf-cache-status': 'MISS' }
    })
  })

  test('no cache key on a target whose observation had none', () => {
    const v = judge([reported('a', B)], { kind: 'build', build: A })
    expect('cache' in v.targets[0]).toBe(false)
    expect(v.targets[0].reason).toBe(`reports ${B}; expected ${A}`)
  })
})

describe('failing', () => {
  const targets = [
    targetVerdict('ok', 'current'),
    targetVerdict('old', 'stale'),
    targetVerdict('lb', 'mixed'),
    targetVerdict('down', 'missing'),
    targetVerdict('ghost', 'undeclared')
  ]

  test('every target not current, in fleet order', () => {
    expect(failing(verdictOf(targets)).map(t => t.name)).toEqual(['old', 'lb', 'down', 'ghost'])
  })

  test('undeclared entries are left out only when allowed', () => {
    expect(failing(verdictOf(targets, { allowUndeclared: true })).map(t => t.name)).toEqual([
      'old',
      'lb',
      'down'
    ])
    expect(failing(verdictOf(targets, { allowUndeclared: false })).map(t => t.name)).toEqual([
      'old',
      'lb',
      'down',
      'ghost'
    ])
  })

  test('all current, or current plus allowed undeclared: nothing failing', () => {
    const ok = [targetVerdict('a', 'current'), targetVerdict('b', 'current')]
    expect(failing(verdictOf(ok))).toEqual([])
    expect(
      failing(verdictOf([...ok, targetVerdict('ghost', 'undeclared')], { allowUndeclared: true }))
    ).toEqual([])
  })

  test('returns the target verdicts themselves', () => {
    const v = verdictOf(targets)
    expect(failing(v)[0]).toBe(v.targets[1])
  })
})

describe('judge: a missing observation next to a mixed one', () => {
  test('each keeps its own status and reason', () => {
    const v = judge([missing('down', 'HTTP 503'), mixed('lb', [A, B], DISAGREE)], {
      kind: 'build',
      build: A
    })
    expect(v.targets.map(t => [t.status, t.reason])).toEqual([
      ['missing', 'HTTP 503'],
      ['mixed', DISAGREE]
    ])
  })
})
