// Validators shared by action inputs and fleet-file keys. Each returns the parsed value, or
// what was expected, so the caller can name the input or key (and line) in one message.
import { formatDuration, parseDuration } from './duration.js'
import { quote } from './errors.js'
import { err, ok, type Result } from './result.js'

/**
 * Why a validator refused a text: what was expected, and `problem` when it says what is wrong
 * better than "is not valid".
 */
export interface Invalid {
  expected: string
  problem?: string
}

/** `"text" is not valid; expected …` (or the validator's own problem): the text is quoted. */
export function describeInvalid(text: string, invalid: Invalid): string {
  return `${quote(text)} ${invalid.problem ?? 'is not valid'}; expected ${invalid.expected}`
}

export const MAX_TIMEOUT_MS = 10 * 60_000
export const MAX_RETRIES = 10
export const MAX_CONCURRENCY = 1024
export const MAX_TARGETS = 10_000

/**
 * The fleet file, the inline `targets` input and the reports-file: read whole and parsed before
 * any request, so they are capped. 10,000 targets of about 150 bytes each take 1.5 MiB.
 */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024

/** "4 MiB", "52.4 MiB", "4,194,305 bytes": a size for a message, never rounded to the cap. */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  if (Number.isInteger(mib) && mib > 0) return `${mib} MiB`
  const tenths = mib.toFixed(1)
  return mib < 1 || tenths.endsWith('.0')
    ? `${bytes.toLocaleString('en-US')} bytes`
    : `${tenths} MiB`
}

/**
 * An input's size against the cap; `bytes` undefined means "more than the cap, exact size
 * unknown" (a read that stopped at the cap, as for a pipe or a file still growing).
 */
export function checkSize(
  bytes: number | undefined,
  max = MAX_INPUT_BYTES
): Result<number, Invalid> {
  return bytes !== undefined && bytes <= max ? ok(bytes) : err(sizeProblem(bytes, max))
}

/** What checkSize says of an input over the cap. */
export function sizeProblem(bytes: number | undefined, max = MAX_INPUT_BYTES): Required<Invalid> {
  const size = bytes === undefined ? `over ${formatBytes(max)}` : formatBytes(bytes)
  return { problem: `is too large (${size})`, expected: `at most ${formatBytes(max)}` }
}

// RFC 9110 token: what a header name may be made of.
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

export const MAX_WAIT_MS = 6 * 3_600_000 // a GitHub-hosted job's own limit
export const MAX_INTERVAL_MS = 3_600_000
export const MAX_STABLE_ROUNDS = 100

export function checkDuration(
  text: string,
  max = MAX_TIMEOUT_MS,
  allowZero = false
): Result<number, Invalid> {
  const ms = parseDuration(text)
  if (ms === undefined || (allowZero ? ms < 0 : ms <= 0) || ms > max) {
    return err({
      expected: `a duration ${allowZero ? 'from 0' : 'above 0'} and at most ${formatDuration(max)}, such as "500ms", "10s", "1m30s" or a number of seconds`
    })
  }
  return ok(ms)
}

export function checkCount(text: string, min: number, max: number): Result<number, Invalid> {
  const t = text.trim()
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
    return err({ expected: `a whole number from ${min} to ${max}` })
  }
  return ok(Number(t))
}

export const MAX_SAMPLES = 20

export function checkSamples(text: string): Result<number, Invalid> {
  return checkCount(text, 1, MAX_SAMPLES)
}

/** The `addresses` key's values (in any case): also the JSON Schema's enum. */
export const ADDRESSES = ['one', 'all'] as const

/** The `addresses` key: `one` connects where the resolver says; `all` checks every address. */
export function checkAddresses(text: string): Result<(typeof ADDRESSES)[number], Invalid> {
  const t = text.trim().toLowerCase()
  const found = ADDRESSES.find(a => a === t)
  if (found) return ok(found)
  return err({
    expected:
      '"one" (connect where the resolver says) or "all" (check every address the host name resolves to)'
  })
}

/** The `count` key: how many instances an `addresses: all` entry must have. */
export function checkInstanceCount(text: string): Result<number, Invalid> {
  return checkCount(text, 1, MAX_TARGETS)
}

export function checkBoolean(text: string): Result<boolean, Invalid> {
  const t = text.trim().toLowerCase()
  if (t === 'true') return ok(true)
  if (t === 'false') return ok(false)
  return err({ expected: '"true" or "false"' })
}

export function checkHeaderName(text: string): Result<string, Invalid> {
  return HEADER_NAME.test(text)
    ? ok(text)
    : err({
        expected:
          "a header name such as X-Api-Key (letters, digits and !#$%&'*+-.^_`|~; no spaces or colons)"
      })
}

/** A header value: one line. The value itself is never quoted back: it may be a secret. */
export function checkHeaderValue(text: string): Result<string, Invalid> {
  return /[\r\n\0]/.test(text) ? err({ expected: 'a value on one line' }) : ok(text.trim())
}

export function checkJsonPath(text: string): Result<string[], Invalid> {
  const segments = text.trim().split('.')
  if (segments.some(s => s === '' || /\s/.test(s))) {
    return err({ expected: 'a dotted path such as "git.commit.id" or "builds.0.sha"' })
  }
  return ok(segments)
}
