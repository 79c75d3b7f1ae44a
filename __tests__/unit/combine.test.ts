import { describe, expect, test } from '@jest/globals'
import type { CacheHeaders } from '../../src/verdict/cache-evidence.js'
import { combine, type Sample } from '../../src/verdict/observation.js'
import type { NoReportCode } from '../../src/verdict/reason.js'

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

const ok = (build: string, cache?: CacheHeaders): Sample => ({
  kind: 'reported',
  build,
  ...(cache ? { cache } : {}),
  attempts: 1
})
const failed = (reason: string, code: NoReportCode = 'refused'): Sample => ({
  kind: 'none',
  code,
  reason,
  attempts: 3
})

/** The cache headers combined, when the samples agreed on a build. */
const cacheOf = (samples: Sample[]) => {
  const c = combine(samples)
  return c.kind === 'reported' ? c.cache : undefined
}

describe('combine', () => {
  test('one sample with a build is that build', () => {
    expect(combine([ok(A)])).toEqual({ kind: 'reported', build: A })
  })

  test('samples that all agree give the build', () => {
    const c = combine([ok(A), ok(A), ok(A)])
    expect(c).toEqual({ kind: 'reported', build: A })
    expect('builds' in c).toBe(false)
    expect('reason' in c).toBe(false)
  })

  test('an abbreviation and the full hash of one build agree, on the full hash', () => {
    expect(combine([ok(A.slice(0, 7)), ok(A), ok(A.toUpperCase().slice(0, 10))])).toEqual({
      kind: 'reported',
      build: A
    })
  })

  test('two builds make the target mixed, with both builds and how often each was seen', () => {
    const c = combine([ok(B), ok(A), ok(A), ok(B)])
    expect(c).toEqual({
      kind: 'mixed',
      builds: [B, A],
      code: 'samples-disagree',
      reason: 'samples disagree: 2× 1a2b3c4, 2× 9f8e7d6'
    })
    expect('build' in c).toBe(false)
  })

  test('uneven disagreement counts each build', () => {
    expect(combine([ok(A), ok('v1.2.3'), ok(A.slice(0, 8)), ok(A)])).toEqual({
      kind: 'mixed',
      builds: [A, 'v1.2.3'],
      code: 'samples-disagree',
      reason: 'samples disagree: 3× 9f8e7d6, 1× v1.2.3'
    })
  })

  test('some samples without a report and the rest agreeing: missing, with the count', () => {
    const c = combine([ok(A), failed('connection refused'), ok(A), ok(A)])
    expect(c).toEqual({
      kind: 'none',
      code: 'samples-failed',
      reason: '1 of 4 samples: connection refused'
    })
    expect('build' in c).toBe(false)
  })

  test("several failures give the first one's reason", () => {
    expect(
      combine([failed('HTTP 502', 'http-status'), ok(A), failed('timed out after 10s', 'timeout')])
    ).toEqual({ kind: 'none', code: 'samples-failed', reason: '2 of 3 samples: HTTP 502' })
  })

  test('every sample failing is missing too', () => {
    expect(combine([failed('HTTP 503', 'http-status'), failed('HTTP 503', 'http-status')])).toEqual(
      { kind: 'none', code: 'samples-failed', reason: '2 of 2 samples: HTTP 503' }
    )
  })

  test('disagreement wins over failures', () => {
    expect(combine([failed('connection refused'), ok(A), ok(B), failed('HTTP 503')])).toEqual({
      kind: 'mixed',
      builds: [A, B],
      code: 'samples-disagree',
      reason: 'samples disagree: 1× 9f8e7d6, 1× 1a2b3c4'
    })
  })

  test("a single sample's reason and code pass through unchanged", () => {
    expect(combine([failed('no hash at git.commit.id', 'no-build')])).toEqual({
      kind: 'none',
      code: 'no-build',
      reason: 'no hash at git.commit.id'
    })
  })

  test('keeps the cache headers of a reporting sample', () => {
    const c = combine([ok(A), ok(A, { age: '120', 'x-cache': 'HIT' }), ok(A)])
    expect(c).toEqual({ kind: 'reported', build: A, cache: { age: '120', 'x-cache': 'HIT' } })
  })

  test('the first reporting sample with cache headers wins', () => {
    expect(
      cacheOf([ok(A, { 'cf-cache-status': 'HIT' }), ok(A, { 'cf-cache-status': 'MISS' })])
    ).toEqual({ 'cf-cache-status': 'HIT' })
  })

  test('no cache headers when no sample had any', () => {
    expect('cache' in combine([ok(A), ok(A)])).toBe(false)
  })

  test('failed or disagreeing samples keep no cache headers', () => {
    expect('cache' in combine([ok(A, { age: '5' }), failed('HTTP 503')])).toBe(false)
    expect('cache' in combine([ok(A, { age: '5' }), ok(B, { age: '6' })])).toBe(false)
  })
})
