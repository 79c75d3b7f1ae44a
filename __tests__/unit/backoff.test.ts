import { describe, expect, test } from '@jest/globals'
import { backoffMs } from '../../src/probe/backoff.js'

const low = () => 0
const high = () => 1
const mid = () => 0.5

describe('backoffMs', () => {
  test.each([
    [1, 250, 500],
    [2, 500, 1_000],
    [3, 1_000, 2_000],
    [4, 2_000, 4_000],
    [5, 4_000, 8_000],
    [6, 4_000, 8_000],
    [20, 4_000, 8_000]
  ])('attempt %d waits between %d and %d ms', (attempt, min, max) => {
    expect(backoffMs(attempt, undefined, low)).toBe(min)
    expect(backoffMs(attempt, undefined, high)).toBe(max)
    expect(backoffMs(attempt, undefined, mid)).toBe(Math.round((min + max) / 2))
  })

  test('the default jitter stays within the bounds', () => {
    for (let i = 0; i < 200; i++) {
      const ms = backoffMs(3, undefined)
      expect(ms).toBeGreaterThanOrEqual(1_000)
      expect(ms).toBeLessThanOrEqual(2_000)
    }
  })

  test("a server's Retry-After wins, whatever the attempt", () => {
    expect(backoffMs(1, 7_000, high)).toBe(7_000)
    expect(backoffMs(5, 0, high)).toBe(0)
  })
})
