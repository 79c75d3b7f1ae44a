// The runner masks secrets in the log, not in outputs, summaries or report files. A server that
// echoes a credential back (a debug endpoint, a reflected header) must not put it there.
import type { TargetVerdict, Verdict } from '../verdict/judge.js'

export const MASK = '***'

/**
 * A function that replaces every secret in a text with ***, whatever its length. Secrets that
 * overlap or touch are replaced together by one ***, so no part of one is left behind; for
 * secrets without a `*`, no secret occurs in the result and a second pass changes nothing.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets)].filter(s => s !== '')
  if (list.length === 0) return text => text
  return text => {
    // Every occurrence of every secret, overlapping ones too.
    const spans: [number, number][] = []
    for (const s of list) {
      for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) {
        spans.push([i, i + s.length])
      }
    }
    if (spans.length === 0) return text
    spans.sort((a, b) => a[0] - b[0])
    let out = ''
    let kept = 0
    let [start, end] = spans[0]
    for (const [a, b] of spans) {
      if (a <= end) end = Math.max(end, b)
      else {
        out += text.slice(kept, start) + MASK
        kept = end
        start = a
        end = b
      }
    }
    return out + text.slice(kept, start) + MASK + text.slice(end)
  }
}

/** One text with every secret replaced by ***. */
export function redact(text: string, secrets: readonly string[]): string {
  return redactor(secrets)(text)
}

export function redactVerdict(v: Verdict, secrets: readonly string[]): Verdict {
  if (!secrets.some(s => s !== '')) return v
  const redactText = redactor(secrets)
  const clean = (text: string | null): string | null => (text === null ? null : redactText(text))
  // Every text a target carries (name, url, builds, reason, cache headers, a final URL...), so
  // that a field added later is redacted too; the status is one of our own words.
  const deep = (x: unknown): unknown =>
    typeof x === 'string'
      ? redactText(x)
      : Array.isArray(x)
        ? x.map(deep)
        : x && typeof x === 'object'
          ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, deep(y)]))
          : x
  const target = (t: TargetVerdict): TargetVerdict => ({
    ...(deep(t) as TargetVerdict),
    status: t.status
  })
  return {
    ...v,
    expected: clean(v.expected),
    targets: v.targets.map(target),
    groups: v.groups.map(g => ({
      build: clean(g.build) as string,
      targets: g.targets.map(n => clean(n) as string)
    }))
  }
}
