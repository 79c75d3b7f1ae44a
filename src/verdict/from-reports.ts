// Builds from a reports-file as observations: compared like answers, never polled. Pure.
import { placeholderReason } from '../build/placeholders.js'
import type { ReportEntry } from '../fleet/reports-file.js'
import type { Target } from '../fleet/target.js'
import type { Observation } from './observation.js'

/** Each declared target's build from the file, and the entries no target declares. */
export function observeReports(
  targets: readonly Target[],
  entries: readonly ReportEntry[]
): { observations: Observation[]; undeclared: ReportEntry[] } {
  const byName = new Map(entries.map(e => [e.name, e]))
  const observations = targets.map((target): Observation => {
    const entry = byName.get(target.name)
    byName.delete(target.name)
    const base = { target, attempts: 0, ms: 0 }
    if (!entry) {
      return {
        ...base,
        kind: 'none',
        code: 'not-in-reports-file',
        reason: 'not in the reports-file'
      }
    }
    if (entry.build === null) {
      return { ...base, kind: 'none', code: 'placeholder', reason: 'placeholder "null"' }
    }
    const placeholder = placeholderReason(entry.build)
    if (placeholder) return { ...base, kind: 'none', code: 'placeholder', reason: placeholder }
    return { ...base, kind: 'reported', build: entry.build }
  })
  return { observations, undeclared: [...byName.values()] }
}
