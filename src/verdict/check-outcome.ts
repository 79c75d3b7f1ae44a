// What a target said for each of its checks, before any verdict: a sample's values, and the
// samples' values combined. Pure.
import { countedBuilds, groupBuilds } from '../build/compare.js'
import { valuePlaceholderReason } from '../build/placeholders.js'
import type { Check } from '../fleet/target.js'

/** One answer's value of a check, or why it has none ("no config at config.sha"). */
export type CheckSample = { kind: 'reported'; value: string } | { kind: 'none'; reason: string }

/** A value read for check `name` (from an answer or a reports-file): no report if a placeholder. */
export function valueSample(name: string, value: string): CheckSample {
  const placeholder = valuePlaceholderReason(value)
  return placeholder
    ? { kind: 'none', reason: `${name}: ${placeholder}` }
    : { kind: 'reported', value }
}

/** The samples' values of a check together: one value, none, or several (mixed). */
export type CheckOutcome = CheckSample | { kind: 'mixed'; values: string[]; reason: string }

/**
 * Each check's outcome over the samples that answered (`reads`, one list per sample, aligned
 * with `checks`), of `samples` in all. Values compare with the build's rule: samples that see
 * two values disagree (mixed); else a sample without one makes the check missing.
 */
export function combineChecks(
  checks: readonly Check[],
  reads: readonly (readonly CheckSample[])[],
  samples: number
): CheckOutcome[] {
  return checks.map((check, i) => {
    const values: string[] = []
    let failed: string | undefined
    let failures = 0
    for (const read of reads) {
      const r = read[i]
      if (r.kind === 'reported') values.push(r.value)
      else {
        failures++
        failed ??= r.reason
      }
    }
    const groups = groupBuilds(values)
    if (groups.length > 1) {
      return {
        kind: 'mixed',
        values: groups.map(g => g.build),
        reason: `samples disagree on ${check.name}: ${countedBuilds(groups)}`
      }
    }
    if (failed !== undefined) {
      return {
        kind: 'none',
        reason: samples > 1 ? `${failures} of ${samples} samples: ${failed}` : failed
      }
    }
    return { kind: 'reported', value: groups[0].build }
  })
}
