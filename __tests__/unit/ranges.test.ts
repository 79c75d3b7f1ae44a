import { describe, expect, test } from '@jest/globals'
import { err, ok } from '../../src/common/result.js'
import { expandRange, findRanges, malformedRange } from '../../src/fleet/ranges.js'

describe('findRanges', () => {
  test('one range', () => {
    expect(findRanges('https://router-[2:8].prod.example.com/version')).toEqual(
      ok([{ token: '[2:8]', start: 2, end: 8, width: 0 }])
    )
  })

  test('zero padding is kept as the width', () => {
    expect(findRanges('web-[01:16]')).toEqual(
      ok([{ token: '[01:16]', start: 1, end: 16, width: 2 }])
    )
    expect(findRanges('web-[001:5]')).toEqual(
      ok([{ token: '[001:5]', start: 1, end: 5, width: 3 }])
    )
    expect(findRanges('web-[00:10]')).toEqual(
      ok([{ token: '[00:10]', start: 0, end: 10, width: 2 }])
    )
  })

  test('no padding when the start has one digit or no leading zero', () => {
    expect(findRanges('[0:9]')).toEqual(ok([{ token: '[0:9]', start: 0, end: 9, width: 0 }]))
    expect(findRanges('[1:16]')).toEqual(ok([{ token: '[1:16]', start: 1, end: 16, width: 0 }]))
  })

  test('the same range twice counts once; two different ranges are both listed', () => {
    expect(findRanges('https://r-[1:3].x/[1:3]')).toEqual(
      ok([{ token: '[1:3]', start: 1, end: 3, width: 0 }])
    )
    expect(findRanges('https://r-[1:3].x/[4:5]')).toEqual(
      ok([
        { token: '[1:3]', start: 1, end: 3, width: 0 },
        { token: '[4:5]', start: 4, end: 5, width: 0 }
      ])
    )
  })

  test('no range', () => {
    expect(findRanges('https://example.com/version')).toEqual(ok([]))
    expect(findRanges('http://[::1]:8080/version')).toEqual(ok([]))
  })

  test('a range that counts down', () => {
    expect(findRanges('r-[8:1]')).toEqual(
      err('range [8:1] counts down; expected [start:end] with start <= end')
    )
  })

  test('a range of exactly 10,000 is allowed; 10,001 is not', () => {
    expect(findRanges('r-[1:10000]')).toEqual(
      ok([{ token: '[1:10000]', start: 1, end: 10_000, width: 0 }])
    )
    expect(findRanges('r-[1:10001]')).toEqual(
      err('range [1:10001] makes 10001 targets; at most 10000 are allowed')
    )
  })

  test('a one-number range', () => {
    expect(findRanges('r-[5:5]')).toEqual(ok([{ token: '[5:5]', start: 5, end: 5, width: 0 }]))
  })
})

describe('malformedRange', () => {
  test.each([
    ['https://r-[1-8].x/', '[1-8]'],
    ['https://r-[1:].x/', '[1:]'],
    ['https://r-[:8].x/', '[:8]'],
    ['https://r-[a:b].x/', '[a:b]'],
    ['https://r-[1:8.x/', '[1:8.x/'],
    ['https://r-[1:8].x/[2]', '[2]'],
    ['https://r-[].x/', '[]']
  ])('url %j has the malformed range %j', (url, bad) => {
    expect(malformedRange(url, true)).toBe(bad)
  })

  test.each([
    'https://r-[1:8].x/',
    'https://example.com/version',
    'http://[::1]:8080/version',
    'http://[2001:db8::1]/version',
    'http://[::1]:8080/r-[1:3]/version'
  ])('url %j has no malformed range (IPv6 literals are hosts)', url => {
    expect(malformedRange(url, true)).toBeUndefined()
  })

  test('in a name only brackets with digits count', () => {
    expect(malformedRange('web [prod]', false)).toBeUndefined()
    expect(malformedRange('web-[1:3]', false)).toBeUndefined()
    expect(malformedRange('web-[1-3]', false)).toBe('[1-3]')
    expect(malformedRange('web-[1:]', false)).toBe('[1:]')
  })

  test('an IPv6-looking bracket in a name is malformed, not a host', () => {
    expect(malformedRange('db-[::1]', false)).toBe('[::1]')
  })
})

describe('expandRange', () => {
  test('every occurrence of the token is replaced', () => {
    const ranges = findRanges('r-[2:8]')
    if (!ranges.ok) throw new Error(ranges.error)
    const [range] = ranges.value
    expect(expandRange('https://r-[2:8].x/[2:8]', range, 5)).toBe('https://r-5.x/5')
  })

  test('padding to the width of the range', () => {
    const range = { token: '[01:16]', start: 1, end: 16, width: 2 }
    expect(expandRange('web-[01:16]', range, 1)).toBe('web-01')
    expect(expandRange('web-[01:16]', range, 16)).toBe('web-16')
  })

  test('no range leaves the text alone', () => {
    expect(expandRange('web-1', undefined, 3)).toBe('web-1')
  })
})
