import { describe, expect, test } from '@jest/globals'
import { combine } from '../../src/verdict/observation.js'

type Sample = Parameters<typeof combine>[0][number]

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

const ok = (build: string, extra: Partial<Sample> = {}): Sample => ({
  build,
  attempts: 1,
  ...extra
})
const failed = (reason?: string): Sample => ({ reason, attempts: 3 })

describe('combine', () => {
  test('one sample with a build is that build', () => {
    expect(combine([ok(A)])).toEqual({ build: A })
  })

  test('samples that all agree give the build', () => {
    const c = combine([ok(A), ok(A), ok(A)])
    expect(c).toEqual({ build: A })
    expect(c.builds).toBeUndefined()
    expect(c.reason).toBeUndefined()
  })

  test('an abbreviation and the full hash of one build agree, on the full hash', () => {
    expect(combine([ok(A.slice(0, 7)), ok(A), ok(A.toUpperCase().slice(0, 10))])).toEqual({
      build: A
    })
  })

  test('two builds make the target mixed, with both builds and how often each was seen', () => {
    const c = combine([ok(B), ok(A), ok(A), ok(B)])
    expect(c).toEqual({ builds: [B, A], reason: 'samples disagree: 2× 1a2b3c4, 2× 9f8e7d6' })
    expect(c.build).toBeUndefined()
  })

  test('uneven disagreement counts each build', () => {
    expect(combine([ok(A), ok('v1.2.3'), ok(A.slice(0, 8)), ok(A)])).toEqual({
      builds: [A, 'v1.2.3'],
      reason: 'samples disagree: 3× 9f8e7d6, 1× v1.2.3'
    })
  })

  test('some samples without a report and the rest agreeing: missing, with the count', () => {
    const c = combine([ok(A), failed('connection refused'), ok(A), ok(A)])
    expect(c).toEqual({ reason: '1 of 4 samples: connection refused' })
    expect(c.build).toBeUndefined()
  })

  test("several failures give the first one's reason", () => {
    expect(combine([failed('HTTP 502'), ok(A), failed('timed out after 10s')])).toEqual({
      reason: '2 of 3 samples: HTTP 502'
    })
  })

  test('every sample failing is missing too', () => {
    expect(combine([failed('HTTP 503'), failed('HTTP 503')])).toEqual({
      reason: '2 of 2 samples: HTTP 503'
    })
  })

  test('a failed sample without a reason counts as "no report"', () => {
    expect(combine([ok(A), failed()])).toEqual({ reason: '1 of 2 samples: no report' })
    expect(combine([failed()])).toEqual({ reason: 'no report' })
  })

  test('disagreement wins over failures', () => {
    expect(combine([failed('connection refused'), ok(A), ok(B), failed('HTTP 503')])).toEqual({
      builds: [A, B],
      reason: 'samples disagree: 1× 9f8e7d6, 1× 1a2b3c4'
    })
  })

  test("a single sample's reason passes through unchanged", () => {
    expect(combine([failed('no hash at git.commit.id')])).toEqual({
      reason: 'no hash at git.commit.id'
    })
  })

  test('keeps the cache headers of a reporting sample', () => {
    const c = combine([ok(A), ok(A, { cache: { age: '120', 'x-cache': 'HIT' } }), ok(A)])
    expect(c).toEqual({ build: A, cache: { age: '120', 'x-cache': 'HIT' } })
  })

  test('the first reporting sample with cache headers wins', () => {
    expect(
      combine([
        ok(A, { cache: { 'cf-cache-status': 'HIT' } }),
        ok(A, { cache: { 'cf-cache-status': 'MISS' } })
      ]).cache
    ).toEqual({ 'cf-cache-status': 'HIT' })
  })

  test('no cache headers when no sample had any', () => {
    expect(combine([ok(A), ok(A)]).cache).toBeUndefined()
  })

  test('failed or disagreeing samples keep no cache headers', () => {
    expect(combine([ok(A, { cache: { age: '5' } }), failed('HTTP 503')]).cache).toBeUndefined()
    expect(
      combine([ok(A, { cache: { age: '5' } }), ok(B, { cache: { age: '6' } })]).cache
    ).toBeUndefined()
  })
})
