// What the fleet said, before any verdict: one observation per target, combined from its
// samples. Pure.
import { groupBuilds, shortBuilds } from '../build/compare.js'
import type { Target } from '../fleet/target.js'
import type { CacheHeaders } from './cache-evidence.js'

/** What one target said: a build, or why there is none. */
export interface Observation {
  target: Target
  build?: string
  reason?: string
  /** set when samples disagreed: each build they saw */
  builds?: string[]
  cache?: CacheHeaders
  /** where the answer came from (origin and path) when a redirect was followed or refused */
  finalUrl?: string
  attempts: number
  ms: number
}

/** One sample's outcome, after its retries. */
export interface Sample {
  build?: string
  reason?: string
  cache?: CacheHeaders
  finalUrl?: string
  attempts: number
}

/** Samples agree on one build, disagree (mixed), or some have no report (missing). */
export function combine(
  samples: readonly Sample[]
): Pick<Observation, 'build' | 'reason' | 'builds' | 'cache' | 'finalUrl'> {
  const reporting = samples.filter(s => s.build !== undefined)
  // Where the answer came from, like the cache headers: from the first sample that reported
  // one, or from the sample whose reason is given.
  const from = (s: Sample | undefined) => (s?.finalUrl ? { finalUrl: s.finalUrl } : {})
  const reported = () => from(reporting.find(s => s.finalUrl))
  const groups = groupBuilds(reporting.map(s => s.build as string))
  // The one matching rule (sameBuild): a lookalike of the build is a disagreement, not a match.
  if (groups.length > 1) {
    const shown = shortBuilds(groups.map(g => g.build))
    const seen = groups.map((g, i) => `${g.members.length}× ${shown[i]}`).join(', ')
    return {
      builds: groups.map(g => g.build),
      reason: `samples disagree: ${seen}`,
      ...reported()
    }
  }
  const failed = samples.filter(s => s.build === undefined)
  if (failed.length) {
    const reason = failed[0].reason ?? 'no report'
    return {
      reason:
        samples.length > 1 ? `${failed.length} of ${samples.length} samples: ${reason}` : reason,
      ...from(failed[0])
    }
  }
  return {
    build: groups[0].build,
    cache: reporting.find(s => s.cache)?.cache,
    ...reported()
  }
}
