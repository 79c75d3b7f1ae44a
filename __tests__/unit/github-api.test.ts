import { describe, expect, test } from '@jest/globals'
import {
  describeApiError,
  isPermissionProblem,
  repoFromEnv,
  retryDelay,
  type ApiError
} from '../../src/github/api.js'

const NOW = Date.parse('2026-03-01T10:00:00Z')
const err = (status: number, headers: Record<string, string> = {}, message = 'x'): ApiError => ({
  status,
  message,
  response: { headers }
})

describe('retryDelay', () => {
  test('5xx: exponential backoff from one second', () => {
    expect(retryDelay(err(500), 1, NOW)).toBe(1000)
    expect(retryDelay(err(502), 2, NOW)).toBe(2000)
    expect(retryDelay(err(503), 3, NOW)).toBe(4000)
  })

  test('backoff never exceeds a minute', () => {
    expect(retryDelay(err(503), 20, NOW)).toBe(60_000)
  })

  test('retry-after, in seconds, is honoured', () => {
    expect(retryDelay(err(429, { 'retry-after': '1' }), 1, NOW)).toBe(1000)
    expect(retryDelay(err(503, { 'retry-after': '7' }), 3, NOW)).toBe(7000)
    expect(retryDelay(err(429, { 'retry-after': '0' }), 1, NOW)).toBe(0)
  })

  test('a limit that lifts after more than a minute is not waited for', () => {
    expect(retryDelay(err(429, { 'retry-after': '3600' }), 1, NOW)).toBeUndefined()
    expect(retryDelay(err(429, { 'retry-after': '60' }), 1, NOW)).toBe(60_000)
  })

  test('429 without headers: backoff', () => {
    expect(retryDelay(err(429), 1, NOW)).toBe(1000)
  })

  test('a primary rate limit (403, remaining 0) waits until x-ratelimit-reset, plus a second', () => {
    const reset = String(NOW / 1000 + 5)
    expect(
      retryDelay(err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 1, NOW)
    ).toBe(6000)
    // a reset already past: a second
    const past = String(NOW / 1000 - 30)
    expect(
      retryDelay(err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': past }), 1, NOW)
    ).toBe(1000)
  })

  test('a secondary rate limit (403 with retry-after) is retried', () => {
    expect(retryDelay(err(403, { 'retry-after': '2' }), 1, NOW)).toBe(2000)
  })

  test('retry-after wins over x-ratelimit-reset', () => {
    const headers = {
      'retry-after': '3',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW / 1000 + 30)
    }
    expect(retryDelay(err(429, headers), 1, NOW)).toBe(3000)
  })

  test('numbers as header values work as strings do', () => {
    const e: ApiError = { status: 403, response: { headers: { 'x-ratelimit-remaining': 0 } } }
    expect(retryDelay(e, 1, NOW)).toBe(1000)
  })

  test('a permission 403, a 404, a 422 and a 401 are not retried', () => {
    expect(retryDelay(err(403, { 'x-ratelimit-remaining': '4999' }), 1, NOW)).toBeUndefined()
    expect(retryDelay(err(403), 1, NOW)).toBeUndefined()
    expect(retryDelay(err(404), 1, NOW)).toBeUndefined()
    expect(retryDelay(err(422), 1, NOW)).toBeUndefined()
    expect(retryDelay(err(401), 1, NOW)).toBeUndefined()
  })

  test('an error without a status (a bug, not the network) is not retried', () => {
    expect(retryDelay({}, 1, NOW)).toBeUndefined()
  })
})

describe('repoFromEnv', () => {
  test('owner/repo from GITHUB_REPOSITORY', () => {
    expect(repoFromEnv({ GITHUB_REPOSITORY: 'octo/fleet' })).toEqual({
      owner: 'octo',
      repo: 'fleet'
    })
  })

  test('undefined when it is not set or not owner/repo', () => {
    expect(repoFromEnv({})).toBeUndefined()
    expect(repoFromEnv({ GITHUB_REPOSITORY: 'octo' })).toBeUndefined()
    expect(repoFromEnv({ GITHUB_REPOSITORY: '/fleet' })).toBeUndefined()
  })
})

describe('isPermissionProblem and describeApiError', () => {
  test('403 and 404 are permission problems; others are not', () => {
    expect(isPermissionProblem(err(403))).toBe(true)
    expect(isPermissionProblem(err(404))).toBe(true)
    expect(isPermissionProblem(err(500))).toBe(false)
    expect(isPermissionProblem(new Error('boom'))).toBe(false)
    expect(isPermissionProblem(undefined)).toBe(false)
  })

  test('the status and message, or the message of a plain error', () => {
    expect(describeApiError(err(403, {}, 'Resource not accessible by integration'))).toBe(
      'HTTP 403: Resource not accessible by integration'
    )
    expect(describeApiError(new Error('socket hang up'))).toBe('socket hang up')
    expect(describeApiError('text')).toBe('text')
  })
})
