// The runner masks secrets in the log, not in outputs, summaries or report files. A server that
// echoes a credential back (a debug endpoint, a reflected header) must not put it there.
import type { TargetVerdict, Verdict } from '../verdict/judge.js'

/** Shorter values would garble reports (a header value of "1"); the log masks those too. */
const MIN_LENGTH = 4

export function redactVerdict(v: Verdict, secrets: readonly string[]): Verdict {
  const list = [...new Set(secrets)]
    .filter(s => s.length >= MIN_LENGTH)
    .sort((a, b) => b.length - a.length)
  if (list.length === 0) return v
  const clean = (text: string | null): string | null => {
    if (text === null) return null
    let out = text
    for (const s of list) if (out.includes(s)) out = out.split(s).join('***')
    return out
  }
  const target = (t: TargetVerdict): TargetVerdict => ({
    ...t,
    name: clean(t.name) as string,
    url: clean(t.url) as string,
    reported: clean(t.reported),
    expected: clean(t.expected),
    reason: clean(t.reason),
    ...(t.builds ? { builds: t.builds.map(b => clean(b) as string) } : {}),
    ...(t.cache
      ? {
          cache: Object.fromEntries(
            Object.entries(t.cache).map(([k, x]) => [k, clean(x ?? null) ?? undefined])
          )
        }
      : {})
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
