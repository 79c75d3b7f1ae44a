// The runner masks secrets in the log, not in outputs, summaries or report files. A server that
// echoes a credential back (a debug endpoint, a reflected header) must not put it there.
import type { TargetVerdict, Verdict } from '../verdict/judge.js'
import { redactor } from '../common/redaction.js'

export function redactVerdict(v: Verdict, secrets: readonly string[]): Verdict {
  if (!secrets.some(s => s !== '')) return v
  const redactText = redactor(secrets)
  const clean = (text: string | null): string | null => (text === null ? null : redactText(text))
  // Every text a target carries (name, url, builds, reason, cache headers, a final URL, the
  // checks' values...), so that a field added later is redacted too; the statuses and the code
  // are our own words, and so are the checks' names (keys, left as they are).
  const deep = (x: unknown): unknown =>
    typeof x === 'string'
      ? redactText(x)
      : Array.isArray(x)
        ? x.map(deep)
        : x && typeof x === 'object'
          ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, deep(y)]))
          : x
  const target = <T extends TargetVerdict>(t: T): T => {
    const out = { ...(deep(t) as T), status: t.status, code: t.code }
    if (t.checks && out.checks) {
      for (const [name, c] of Object.entries(t.checks)) out.checks[name].status = c.status
    }
    return out
  }
  return {
    ...v,
    expected: clean(v.expected),
    targets: v.targets.map(target),
    groups: v.groups.map(g => ({
      build: redactText(g.build),
      targets: g.targets.map(n => redactText(n))
    }))
  }
}
