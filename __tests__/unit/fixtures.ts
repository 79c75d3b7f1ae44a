// Builders shared by the unit tests: targets, observations and verdicts without any I/O.
import type { Target } from '../../src/fleet/target.js'
import { extractBuild } from '../../src/probe/extract.js'
import type { CacheHeaders } from '../../src/verdict/cache-evidence.js'
import type { Observation } from '../../src/verdict/observation.js'
import type { Status, TargetVerdict, Verdict } from '../../src/verdict/judge.js'
import type { NoReportCode, ReasonCode } from '../../src/verdict/reason.js'

export function makeTarget(name: string, extra: Partial<Target> = {}): Target {
  return {
    name,
    url: `https://${name}.example.com/version?token=x`,
    displayUrl: `https://${name}.example.com/version`,
    extraction: { kind: 'auto' },
    headers: {},
    timeoutMs: 10_000,
    samples: 1,
    cacheBust: false,
    ...extra
  }
}

/** A target that answered with `build`. */
export function reported(name: string, build: string, extra: Partial<Target> = {}): Observation {
  return { target: makeTarget(name, extra), kind: 'reported', build, attempts: 1, ms: 12 }
}

/** A target with no usable report. */
export function missing(
  name: string,
  reason: string,
  extra: Partial<Target> = {},
  code: NoReportCode = 'request-failed'
): Observation {
  return { target: makeTarget(name, extra), kind: 'none', code, reason, attempts: 3, ms: 10_000 }
}

/** Fields a test may set on a target verdict; the rest come from its status. */
export interface VerdictFields {
  url?: string
  reported?: string | null
  expected?: string | null
  reason?: string | null
  code?: ReasonCode | null
  attempts?: number
  ms?: number
  builds?: string[]
  cache?: CacheHeaders
  finalUrl?: string
}

const BY_STATUS: Record<Status, VerdictFields> = {
  current: { reported: 'abc1234', reason: null, code: null },
  stale: { reported: 'def5678', reason: 'reports def5678; expected abc1234', code: 'stale' },
  mixed: {
    reported: null,
    reason: 'samples disagree: 1× abc1234, 1× def5678',
    code: 'samples-disagree'
  },
  missing: { reported: null, reason: 'connection refused', code: 'refused' },
  undeclared: {
    reported: 'def5678',
    expected: null,
    reason: 'in the reports-file but not declared in the fleet',
    code: 'undeclared'
  }
}

/**
 * A target verdict with the status's usual fields, and `extra` over them. Tests may build
 * verdicts the judge would not (a missing target with an odd reason): hence the cast.
 */
export function targetVerdict(
  name: string,
  status: Status,
  extra: VerdictFields = {}
): TargetVerdict {
  return {
    name,
    url: `https://${name}.example.com/version`,
    status,
    expected: 'abc1234',
    ...BY_STATUS[status],
    attempts: 1,
    ms: 5,
    ...(status === 'mixed' ? { builds: ['abc1234', 'def5678'] } : {}),
    ...extra
  } as TargetVerdict
}

export function verdictOf(targets: TargetVerdict[], extra: Partial<Verdict> = {}): Verdict {
  return {
    expected: 'abc1234',
    consensus: false,
    result: targets.every(t => t.status === 'current') ? 'pass' : 'fail',
    targets,
    groups: [],
    ...extra
  }
}

/**
 * extractBuild as the extraction tests read it: the build, or the reason in prose. Which code
 * each failure has is reason-codes.test.ts's to check.
 */
export function extracted(
  ...args: Parameters<typeof extractBuild>
): { build: string } | { reason: string } {
  const r = extractBuild(...args)
  return r.ok ? { build: r.value } : { reason: r.error.reason }
}
