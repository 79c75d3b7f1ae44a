import { describe, expect, test } from '@jest/globals'
import { describeError, retryAfter } from '../../src/probe/http.js'

describe('retryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')

  test.each([
    ['0', 0],
    ['5', 5_000],
    [' 12 ', 12_000],
    ['30', 30_000],
    ['31', 30_000],
    ['86400', 30_000]
  ])('%j seconds is %d ms (capped at 30s)', (value, ms) => {
    expect(retryAfter(value, now)).toBe(ms)
  })

  test('an HTTP date counts from now', () => {
    expect(retryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000)
    expect(retryAfter('Wed, 01 Jan 2025 01:00:00 GMT', now)).toBe(30_000)
  })

  test('a date in the past means now', () => {
    expect(retryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0)
  })

  test('the first of several values', () => {
    expect(retryAfter(['3', '20'], now)).toBe(3_000)
  })

  test.each([undefined, '', 'soon', 'not a date', []])('%j gives no delay', value => {
    expect(retryAfter(value as string | string[] | undefined, now)).toBeUndefined()
  })
})

describe('describeError', () => {
  test.each([
    ['ECONNREFUSED', 'connection refused', 'refused'],
    ['ECONNRESET', 'connection reset', 'reset'],
    ['EPIPE', 'connection reset', 'reset'],
    ['UND_ERR_SOCKET', 'connection closed by the server', 'reset'],
    ['EHOSTUNREACH', 'host unreachable', 'unreachable'],
    ['ENETUNREACH', 'network unreachable', 'unreachable'],
    ['UND_ERR_CONNECT_TIMEOUT', 'connect timed out', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timed out waiting for headers', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timed out reading the body', 'timeout'],
    ['EAI_AGAIN', 'DNS lookup failed (temporary)', 'dns']
  ])('%s is %j and is retried', (code, reason, reasonCode) => {
    expect(describeError({ code })).toEqual({
      ok: false,
      code: reasonCode,
      reason,
      transient: true
    })
  })

  test('DNS failure names the host', () => {
    expect(describeError({ code: 'ENOTFOUND', hostname: 'router-9.example.com' })).toEqual({
      ok: false,
      code: 'dns',
      reason: 'host not found: router-9.example.com',
      transient: true
    })
    expect(describeError({ code: 'ENOTFOUND' })).toEqual({
      ok: false,
      code: 'dns',
      reason: 'host not found',
      transient: true
    })
  })

  test('a TLS error says what is wrong and is not retried', () => {
    expect(describeError({ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' })).toEqual(
      {
        ok: false,
        code: 'tls',
        reason: 'TLS error: certificate has expired (CERT_HAS_EXPIRED)',
        transient: false
      }
    )
  })

  test.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_WRONG_VERSION_NUMBER'
  ])('%s is a TLS error', code => {
    expect(describeError({ code })).toEqual({
      ok: false,
      code: 'tls',
      reason: `TLS error: ${code} (${code})`,
      transient: false
    })
  })

  test('the cause chain is followed to the first known code', () => {
    const error = Object.assign(new TypeError('fetch failed'), {
      cause: {
        message: 'wrapper',
        cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }
      }
    })
    expect(describeError(error)).toEqual({
      ok: false,
      code: 'refused',
      reason: 'connection refused',
      transient: true
    })
  })

  test('a TLS cause under a generic error', () => {
    const error = {
      message: 'fetch failed',
      cause: { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }
    }
    expect(describeError(error).reason).toBe(
      'TLS error: certificate has expired (CERT_HAS_EXPIRED)'
    )
    expect(describeError(error).transient).toBe(false)
  })

  test('a malformed HTTP response is not retried', () => {
    expect(describeError({ code: 'HPE_INVALID_CONSTANT' })).toEqual({
      ok: false,
      code: 'invalid-response',
      reason: 'invalid HTTP response (HPE_INVALID_CONSTANT)',
      transient: false
    })
  })

  test('anything else is a retried request failure with the message', () => {
    expect(describeError(new Error('something odd'))).toEqual({
      ok: false,
      code: 'request-failed',
      reason: 'request failed: something odd',
      transient: true
    })
    expect(describeError({ code: 'EWHATEVER', message: 'strange' }).reason).toBe(
      'request failed: strange'
    )
    expect(describeError('boom').reason).toBe('request failed: boom')
    expect(describeError(undefined).reason).toBe('request failed: undefined')
  })
})

describe('edge cases', () => {
  test('a negative Retry-After is ignored, not read as a year', () => {
    expect(retryAfter('-1', Date.parse('2025-01-01T00:00:00Z'))).toBeUndefined()
  })

  test('a cause chain that loops ends', () => {
    const e: { message: string; cause?: unknown } = { message: 'odd' }
    e.cause = e
    expect(describeError(e)).toEqual({
      ok: false,
      code: 'request-failed',
      reason: 'request failed: odd',
      transient: true
    })
  })
})
