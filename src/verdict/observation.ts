// What the fleet said, before any verdict: one observation per target, combined from its
// samples. Pure.
import { countedBuilds, groupBuilds } from '../build/compare.js'
import type { Check, Target } from '../fleet/target.js'
import type { CacheHeaders } from './cache-evidence.js'
import { combineChecks, type CheckOutcome, type CheckSample } from './check-outcome.js'
import type { Reason } from './reason.js'

/** A build, with the cache headers it came with (when there were any). */
export interface Reported {
  kind: 'reported'
  build: string
  cache?: CacheHeaders
}

/** Samples that saw different builds: each build, most often seen first. */
export interface Mixed {
  kind: 'mixed'
  builds: string[]
  code: 'samples-disagree'
  reason: string
}

/** No usable report, and why. */
export type NoReport = { kind: 'none' } & Reason

/** What a target's samples said together. */
export type Outcome = Reported | Mixed | NoReport

/** Where the answer came from (origin and path), when a redirect was followed or refused. */
interface Origin {
  finalUrl?: string
}

/**
 * A target with checks that answered: each check's outcome, aligned with `target.checks`.
 * Absent when nothing answered (the build's reason says why) and for targets without checks.
 */
interface Checked {
  checks?: CheckOutcome[]
}

/**
 * A group (an `addresses: all` entry) whose name resolved to more instances than its `count`:
 * nobody expected the extra ones. Made by the fan-out, never by asking.
 */
export interface Surplus {
  kind: 'surplus'
  code: 'count-over'
  reason: string
}

/** What one target said (or, for a group, what resolving its name found), and what it took. */
export type Observation = (Outcome | Surplus) &
  Origin &
  Checked & {
    target: Target
    attempts: number
    ms: number
  }

/**
 * One sample's outcome, after its retries: a build, or why there is none; and, when it got an
 * answer and its target has checks, each check's value read from that same answer.
 */
export type Sample = (Reported | NoReport) & Origin & { attempts: number; checks?: CheckSample[] }

/**
 * Samples agree on one build, disagree (mixed), or some have no report (none). With checks
 * (`checks`, the target's), each check is combined the same way, apart from the build.
 */
export function combine(
  samples: readonly Sample[],
  checks?: readonly Check[]
): Outcome & Origin & Checked {
  // One sample (the default) is its own outcome: nothing to group (this runs for every target).
  if (samples.length === 1) return alone(samples[0])
  const outcome = combineBuilds(samples)
  if (!checks) return outcome
  const reads = samples.flatMap(s => (s.checks ? [s.checks] : []))
  return reads.length
    ? { ...outcome, checks: combineChecks(checks, reads, samples.length) }
    : outcome
}

function combineBuilds(samples: readonly Sample[]): Outcome & Origin {
  const reporting = samples.filter(s => s.kind === 'reported')
  // Where the answer came from, like the cache headers: from the first sample that reported
  // one, or from the sample whose reason is given.
  const from = (s: Sample | undefined): Origin => (s?.finalUrl ? { finalUrl: s.finalUrl } : {})
  const reported = () => from(reporting.find(s => s.finalUrl))
  const groups = groupBuilds(reporting.map(s => s.build))
  // The one matching rule (sameBuild): a lookalike of the build is a disagreement, not a match.
  if (groups.length > 1) {
    return {
      kind: 'mixed',
      builds: groups.map(g => g.build),
      code: 'samples-disagree',
      reason: `samples disagree: ${countedBuilds(groups)}`,
      ...reported()
    }
  }
  const failed = samples.find(s => s.kind === 'none')
  if (failed) {
    const count = samples.filter(s => s.kind === 'none').length
    // One sample's reason passes through; several samples are counted, under a code of their own.
    const why: Reason =
      samples.length > 1
        ? {
            code: 'samples-failed',
            reason: `${count} of ${samples.length} samples: ${failed.reason}`
          }
        : { code: failed.code, reason: failed.reason }
    return { kind: 'none', ...why, ...from(failed) }
  }
  const cache = reporting.find(s => s.cache)?.cache
  return { kind: 'reported', build: groups[0].build, ...(cache ? { cache } : {}), ...reported() }
}

function alone(s: Sample): Outcome & Origin & Checked {
  // Field by field, no spreads: this runs for every target of a sweep.
  let out: Outcome & Origin & Checked
  if (s.kind === 'none') out = { kind: 'none', code: s.code, reason: s.reason }
  else {
    out = { kind: 'reported', build: s.build }
    if (s.cache) out.cache = s.cache
  }
  if (s.finalUrl) out.finalUrl = s.finalUrl
  // Set only when there are checks: a fleet without them allocates nothing more.
  if (s.checks) out.checks = s.checks
  return out
}
