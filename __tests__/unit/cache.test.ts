import { describe, expect, test } from '@jest/globals'
import { cacheEvidence } from '../../src/verdict/cache-evidence.js'
import { cacheHeaders } from '../../src/probe/cache.js'

describe('cacheHeaders', () => {
  test('keeps only the four cache headers', () => {
    expect(
      cacheHeaders({
        'content-type': 'application/json',
        age: '120',
        'x-cache': 'HIT',
        'cf-cache-status': 'DYNAMIC',
        'x-vercel-cache': 'MISS',
        'cache-control': 'max-age=60',
        server: 'nginx'
      })
    ).toEqual({
      age: '120',
      'x-cache': 'HIT',
      'cf-cache-status': 'DYNAMIC',
      'x-vercel-cache': 'MISS'
    })
  })

  test('keeps the ones present, and no key for the others', () => {
    const found = cacheHeaders({ 'x-cache': 'MISS', age: undefined })
    expect(found).toEqual({ 'x-cache': 'MISS' })
    expect(Object.keys(found ?? {})).toEqual(['x-cache'])
  })

  test('joins repeated headers', () => {
    expect(cacheHeaders({ 'x-cache': ['MISS', 'HIT'], age: ['0'] })).toEqual({
      age: '0',
      'x-cache': 'MISS, HIT'
    })
  })

  test('caps each value at 200 characters', () => {
    const long = 'H'.repeat(250)
    const found = cacheHeaders({ 'x-cache': long, age: ['1'.repeat(150), '2'.repeat(150)] })
    expect(found?.['x-cache']).toBe('H'.repeat(200))
    expect(found?.age).toBe(`${'1'.repeat(150)}, ${'2'.repeat(48)}`)
    expect(found?.age).toHaveLength(200)
  })

  test('a value of exactly 200 characters is kept whole', () => {
    expect(cacheHeaders({ age: '9'.repeat(200) })?.age).toBe('9'.repeat(200))
  })

  test('undefined when none of them is present', () => {
    expect(cacheHeaders({})).toBeUndefined()
    expect(cacheHeaders({ 'content-type': 'text/plain', age: undefined })).toBeUndefined()
  })
})

describe('cacheEvidence', () => {
  test('nothing to say without headers', () => {
    expect(cacheEvidence(undefined)).toBeUndefined()
    expect(cacheEvidence({})).toBeUndefined()
  })

  test.each([
    [{ age: '120' }, 'Age: 120'],
    [{ age: '1' }, 'Age: 1'],
    [{ 'x-cache': 'HIT' }, 'X-Cache: HIT'],
    [{ 'x-cache': 'Hit from cloudfront' }, 'X-Cache: Hit from cloudfront'],
    [{ 'x-cache': 'MISS, HIT' }, 'X-Cache: MISS, HIT'],
    [{ 'x-cache': 'HIT-STALE' }, 'X-Cache: HIT-STALE'],
    [{ 'cf-cache-status': 'HIT' }, 'CF-Cache-Status: HIT'],
    [{ 'cf-cache-status': 'STALE' }, 'CF-Cache-Status: STALE'],
    [{ 'cf-cache-status': 'UPDATING' }, 'CF-Cache-Status: UPDATING'],
    [{ 'cf-cache-status': 'REVALIDATED' }, 'CF-Cache-Status: REVALIDATED'],
    [{ 'cf-cache-status': 'hit' }, 'CF-Cache-Status: hit'],
    [{ 'x-vercel-cache': 'HIT' }, 'X-Vercel-Cache: HIT'],
    [{ 'x-vercel-cache': 'STALE' }, 'X-Vercel-Cache: STALE'],
    [{ 'x-vercel-cache': 'PRERENDER' }, 'X-Vercel-Cache: PRERENDER']
  ])('%j is evidence: %s', (cache, text) => {
    expect(cacheEvidence(cache)).toBe(text)
  })

  test.each([
    [{ age: '0' }],
    [{ age: 'soon' }],
    [{ age: '-5' }],
    [{ 'x-cache': 'MISS' }],
    [{ 'x-cache': 'MISS from cloudfront' }],
    [{ 'x-cache': 'WHITEHIT' }],
    [{ 'cf-cache-status': 'MISS' }],
    [{ 'cf-cache-status': 'DYNAMIC' }],
    [{ 'cf-cache-status': 'BYPASS' }],
    [{ 'cf-cache-status': 'EXPIRED' }],
    [{ 'cf-cache-status': 'HIT?' }],
    [{ 'cf-cache-status': 'XHIT' }],
    [{ 'x-vercel-cache': 'MISS' }],
    [{ 'x-vercel-cache': 'REVALIDATED' }],
    [{ 'x-vercel-cache': 'NOSTALE' }],
    [{ 'x-vercel-cache': 'PRERENDER-MISS' }],
    [{ age: '0', 'x-cache': 'MISS', 'cf-cache-status': 'DYNAMIC', 'x-vercel-cache': 'MISS' }]
  ])('%j is no evidence', cache => {
    expect(cacheEvidence(cache)).toBeUndefined()
  })

  test('lists every piece of evidence, in a fixed order', () => {
    expect(
      cacheEvidence({
        'x-vercel-cache': 'STALE',
        'cf-cache-status': 'HIT',
        'x-cache': 'HIT',
        age: '3600'
      })
    ).toBe('Age: 3600, X-Cache: HIT, CF-Cache-Status: HIT, X-Vercel-Cache: STALE')
  })

  test('only the headers that are evidence are named', () => {
    expect(cacheEvidence({ age: '0', 'cf-cache-status': 'HIT', 'x-cache': 'MISS' })).toBe(
      'CF-Cache-Status: HIT'
    )
  })
})

test('X-Cache hits as Akamai and CloudFront spell them', () => {
  expect(cacheEvidence({ 'x-cache': 'TCP_MEM_HIT from a23-1-2-3' })).toBe(
    'X-Cache: TCP_MEM_HIT from a23-1-2-3'
  )
  expect(cacheEvidence({ 'x-cache': 'RefreshHit from cloudfront' })).toBe(
    'X-Cache: RefreshHit from cloudfront'
  )
  expect(cacheEvidence({ 'x-cache': 'Miss from cloudfront' })).toBeUndefined()
})
