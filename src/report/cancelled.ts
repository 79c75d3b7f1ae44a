// Where a check stood when the runner cancelled it: the targets checked so far with their
// verdicts, the rest missing because they were not checked. Never a pass. Pure: main.ts owns the
// progress and the signal handlers.
import type { Target } from '../fleet/target.js'
import type { Observation } from '../verdict/observation.js'
import { judge, type Reference, type Verdict } from '../verdict/judge.js'
import { headline } from './headline.js'
import { redactVerdict } from './redact.js'
import { renderSummary } from './summary.js'
import { plural } from '../common/plural.js'

export const NOT_CHECKED = 'not checked: the run was cancelled'

/** What main.ts knows so far, kept up to date as the run goes. */
export interface Progress {
  targets?: readonly Target[]
  expected?: Reference
  secrets: readonly string[]
  /** the round under way (1 without `wait`); 0 before the first */
  round: number
  /** this round's observations so far */
  observed: Map<Target, Observation>
  /** `addresses: all`: this round's group entries (a name that did not resolve, a count off) */
  outcomes?: readonly Observation[]
  /** the final verdict (redacted), once judged: cancelled while reporting it */
  verdict?: Verdict
  /** the `summary` input, once read */
  summary?: boolean
  /** set by the first signal: a second one changes nothing */
  cancelled?: boolean
}

export function newProgress(): Progress {
  return { secrets: [], round: 0, observed: new Map() }
}

export interface Cancelled {
  verdict: Verdict
  headline: string
  summary: string
}

/** The cancelled run's verdict (failing), its one-line account and its job summary. */
export function cancelledReport(p: Progress, signal: string): Cancelled {
  const verdict = p.verdict
    ? { ...p.verdict, result: 'fail' as const }
    : redactVerdict(
        {
          ...judge(
            [
              ...(p.targets ?? []).map(
                (t): Observation =>
                  p.observed.get(t) ?? {
                    target: t,
                    kind: 'none',
                    code: 'cancelled',
                    reason: NOT_CHECKED,
                    attempts: 0,
                    ms: 0
                  }
              ),
              // After the targets: the headline counts those by their place.
              ...(p.outcomes ?? [])
            ],
            p.expected ?? { kind: 'consensus' }
          ),
          result: 'fail'
        },
        p.secrets
      )
  const text = cancelledHeadline(p, verdict, signal)
  // The summary counts and lists the targets itself: its note does not repeat the verdict.
  const note = p.verdict ? cancelledHeadline(p, verdict, signal, false) : text
  return {
    verdict,
    headline: text,
    summary: renderSummary(verdict, { note, outcome: '⛔ cancelled' })
  }
}

function cancelledHeadline(p: Progress, v: Verdict, signal: string, whole = true): string {
  const why = `The run was cancelled (${signal})`
  if (p.verdict)
    return `${why} while reporting the verdict${whole ? `: ${headline(p.verdict)}` : ''}`
  if (!p.targets) return `${why} before the fleet was read: no target was checked`
  const n = p.targets.length
  // Verdicts come in the order of the targets.
  const checked = v.targets.filter((_, i) => i < n && p.observed.has((p.targets as Target[])[i]))
  const round = p.round > 1 ? ` in round ${p.round}` : ''
  const counts = (['current', 'stale', 'mixed', 'missing'] as const)
    .map(s => [s, checked.filter(t => t.status === s).length] as const)
    .filter(([, k]) => k > 0)
    .map(([s, k]) => `${k} ${s}`)
  const known = counts.length ? ` (${counts.join(', ')})` : ''
  const rest = n - checked.length
  return (
    `${why}${round} with ${checked.length} of ${plural(n, 'target')} checked${known}` +
    (rest ? `; ${rest} missing, not checked` : '')
  )
}
