import { describe, expect, test } from '@jest/globals'
import { formatDuration, parseDuration } from '../../src/common/duration.js'

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h2m3s', 3_723_000],
    ['1.5s', 1_500],
    ['2m500ms', 120_500],
    ['10', 10_000],
    ['2.5', 2_500],
    ['0.25', 250],
    ['  10s  ', 10_000],
    ['0', 0]
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  test.each([
    '',
    '   ',
    'abc',
    '10x',
    's',
    'ms',
    '10 s',
    '1m 30s',
    '-1',
    '-5s',
    '10sec',
    '1.s',
    '.5'
  ])('%j is not a duration', text => {
    expect(parseDuration(text)).toBeUndefined()
  })

  test('parsing twice in a row gives the same answer (no regex state leaks between calls)', () => {
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('bad')).toBeUndefined()
    expect(parseDuration('1m30s')).toBe(90_000)
  })
})

describe('formatDuration', () => {
  test.each([
    [0, '0ms'],
    [500, '500ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [1_250, '1.25s'],
    [1_050, '1.05s'],
    [10_000, '10s'],
    [90_000, '1m30s'],
    [600_000, '10m'],
    [3_600_000, '1h'],
    [3_723_000, '1h2m3s'],
    [3_600_000 + 5_000, '1h5s']
  ])('%d ms is %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  test.each([500, 1_000, 1_500, 1_250, 90_000, 600_000, 3_723_000])(
    '%d ms survives format then parse',
    ms => {
      expect(parseDuration(formatDuration(ms))).toBe(ms)
    }
  )
})
