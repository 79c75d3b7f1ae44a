// "[a:b]" in a url and name expands to one target per number; "[01:16]" keeps the padding.
import { isIPv6 } from 'node:net'
import { MAX_TARGETS } from '../common/values.js'

export interface Range {
  token: string
  start: number
  end: number
  width: number
}

const RANGE = /\[(\d+):(\d+)\]/g

/** The distinct ranges in a text, or an error message. */
export function findRanges(text: string): Range[] | string {
  const found = new Map<string, Range>()
  for (const m of text.matchAll(RANGE)) {
    const [token, a, b] = m
    const start = Number(a)
    const end = Number(b)
    if (start > end) return `range ${token} counts down; expected [start:end] with start <= end`
    if (end - start + 1 > MAX_TARGETS) {
      return `range ${token} makes ${end - start + 1} targets; at most ${MAX_TARGETS} are allowed`
    }
    const width = a.length > 1 && a.startsWith('0') ? Math.max(a.length, b.length) : 0
    found.set(token, { token, start, end, width })
  }
  return [...found.values()]
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
