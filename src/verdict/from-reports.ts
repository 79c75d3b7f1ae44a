// Builds from a reports-file as observations: compared like answers, never polled. Pure.
import { placeholderReason } from '../build/placeholders.js'
import type { ReportEntry } from '../fleet/reports-file.js'
import type { Check, Target } from '../fleet/target.js'
import { valueSample, type CheckSample } from './check-outcome.js'
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
    // An entry is an answer: the checks are read from it, whatever its build.
    const base = {
      target,
      attempts: 0,
      ms: 0,
      ...(target.checks && entry ? { checks: checksOf(target.checks, entry) } : {})
    }
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

/** Each check's value from the entry: absent (the mapping form has none), null or a placeholder are missing. */
function checksOf(checks: readonly Check[], entry: ReportEntry): CheckSample[] {
  return checks.map((c): CheckSample => {
    const value = entry.checks?.get(c.name)
    if (value === undefined) {
      const why = entry.checks
        ? `no ${c.name} in the reports-file entry`
        : `no ${c.name} in the reports-file entry (only the list form, [{"name": …, "build": …, "checks": {…}}], carries checks)`
      return { kind: 'none', reason: why }
    }
    if (value === null) return { kind: 'none', reason: `${c.name}: placeholder "null"` }
    return valueSample(c.name, value)
  })
}
