// "[a:b]" in a url and name expands to one target per number; "[01:16]" keeps the padding.
import { isIPv6 } from 'node:net'
import { quote } from '../common/errors.js'
import { err, ok, type Result } from '../common/result.js'
import { MAX_TARGETS } from '../common/values.js'

export interface Range {
  token: string
  start: number
  end: number
  width: number
}

const RANGE = /\[(\d+):(\d+)\]/g

/**
 * The one range of a url or name template (undefined for none), or what is wrong: a bracket that
 * is not a range, a range that cannot be expanded, or more than one range.
 */
export function rangeIn(template: string, isUrl: boolean): Result<Range | undefined> {
  const bad = malformedRange(template, isUrl)
  if (bad) {
    return err(
      `malformed range ${quote(bad)}; expected [start:end] with whole numbers, such as [1:8] or [01:16]` +
        (isUrl ? ' (write a literal bracket in a url as %5B or %5D)' : '')
    )
  }
  const ranges = findRanges(template)
  if (!ranges.ok) return ranges
  if (ranges.value.length > 1) {
    return err(`has ${ranges.value.length} different ranges; expected at most one range per target`)
  }
  return ok(ranges.value[0])
}

/** The distinct ranges in a text, or what is wrong with one. */
export function findRanges(text: string): Result<Range[]> {
  const found = new Map<string, Range>()
  for (const m of text.matchAll(RANGE)) {
    const [token, a, b] = m
    const start = Number(a)
    const end = Number(b)
    if (start > end)
      return err(`range ${token} counts down; expected [start:end] with start <= end`)
    if (end - start + 1 > MAX_TARGETS) {
      return err(
        `range ${token} makes ${end - start + 1} targets; at most ${MAX_TARGETS} are allowed`
      )
    }
    const width = a.length > 1 && a.startsWith('0') ? Math.max(a.length, b.length) : 0
    found.set(token, { token, start, end, width })
  }
  return ok([...found.values()])
}

/** A bracket that looks like a range but is not one ("[1-8]", "[1:]", "[a:b]"). */
export function malformedRange(text: string, isUrl: boolean): string | undefined {
  const rest = text.replace(RANGE, '')
  for (const m of rest.matchAll(/\[[^\]]*\]?/g)) {
    const inner = m[0].replace(/^\[|\]$/g, '')
    if (isUrl && isIPv6(inner)) continue // http://[::1]:8080/ is a host, not a range
    if (isUrl || /\d/.test(inner)) return m[0]
  }
  return undefined
}

export function expandRange(template: string, range: Range | undefined, n: number): string {
  if (!range) return template
  return template.split(range.token).join(String(n).padStart(range.width, '0'))
}
