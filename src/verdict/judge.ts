// From observations to a verdict per target and for the fleet. Pure.
import { cacheEvidence, type CacheHeaders } from './cache-evidence.js'
import {
  judgeChecks,
  voteChecks,
  type CheckFailure,
  type CheckVerdict,
  type CheckVotes
} from './checks.js'
import type { Observation } from './observation.js'
import type { NoReportCode } from './reason.js'
import { placeholderReason } from '../build/placeholders.js'
import { groupBuilds, hexOf, isCommitHash, isHashShaped, sameBuild } from '../build/compare.js'
import { plural } from '../common/plural.js'

/** What every target's verdict has. */
interface Asked {
  name: string
  url: string
  attempts: number
  ms: number
  /** `addresses: all`: the declared name an instance, or the group's own entry, belongs to */
  group?: string
  /** an instance's address (a group's own entry has none) */
  address?: string
  /** `kubernetes`: a pod's name, node (null when not scheduled) and readiness */
  pod?: string
  node?: string | null
  ready?: boolean
  /** each of a declared target's `checks` by name, when it has any */
  checks?: Record<string, CheckVerdict>
}

/** A declared target's verdict: it was asked (or read from a reports-file). */
interface Declared extends Asked {
  /**
   * where the answer came from (origin and path, no query), when a redirect was followed; or
   * the other host's URL a redirect was refused for
   */
  finalUrl?: string
}

/** Cache headers the answer came with, kept when they are present. */
interface Cached {
  cache?: CacheHeaders
}

/** On the expected build (or the one most targets report). */
export interface CurrentVerdict extends Declared, Cached {
  status: 'current'
  reported: string
  expected: string
  reason: null
  code: null
}

/**
 * On another build; or, under a consensus that found no majority, on no agreed build; or on the
 * expected build with a check off its value (`check-stale`).
 */
export type StaleVerdict = Declared &
  Cached & { status: 'stale'; reported: string; reason: string } & (
    | { code: 'stale'; expected: string }
    | { code: 'no-consensus'; expected: null }
    | { code: 'check-stale'; expected: string }
  )

/**
 * Its samples saw different builds; or (`check-mixed`) agreed on the build, which is
 * `reported`, and saw different values of a check.
 */
export type MixedVerdict = Declared &
  Cached & {
    status: 'mixed'
    expected: string | null
    reason: string
  } & (
    | {
        code: 'samples-disagree'
        reported: null
        /** each build the samples saw */
        builds: string[]
      }
    | { code: 'check-mixed'; reported: string }
  )

/**
 * No usable report; or, where a commit is expected, a report that is no commit (`reported`); or
 * (`check-missing`) a check whose value cannot be read, whatever the build.
 */
export type MissingVerdict = Declared &
  Cached & { status: 'missing'; expected: string | null; reason: string } & (
    | { code: 'not-a-commit'; reported: string }
    | { code: NoReportCode; reported: null }
    | { code: 'check-missing'; reported: string | null }
  )

/**
 * A reports-file entry that no target declares (`undeclared`); or a group whose name resolved
 * to more instances than its `count` (`count-over`).
 */
export interface UndeclaredVerdict extends Asked {
  status: 'undeclared'
  reported: string | null
  expected: null
  reason: string
  code: 'undeclared' | 'count-over'
}

export type TargetVerdict =
  CurrentVerdict | StaleVerdict | MixedVerdict | MissingVerdict | UndeclaredVerdict

export type Status = TargetVerdict['status']

/** A verdict that is not current: each has a reason and a code. */
export type FailingVerdict = Exclude<TargetVerdict, CurrentVerdict>

/** What the fleet is checked against: one build, or whatever most targets agree on. */
export type Reference = { kind: 'build'; build: string } | { kind: 'consensus' }

export interface BuildGroup {
  build: string
  targets: string[]
}

export interface Verdict {
  /** the build checked against; null when a consensus found no majority */
  expected: string | null
  consensus: boolean
  result: 'pass' | 'fail'
  targets: TargetVerdict[]
  /** consensus only: every build reported, most common first */
  groups: BuildGroup[]
  /** undeclared entries of a reports-file pass (they are still listed) */
  allowUndeclared?: boolean
  /** with `wait`: how many rounds ran and how many passed in a row at the end */
  rounds?: { count: number; passesInARow: number; required: number }
}

/** Reports-file entries that no target declares. */
export interface Undeclared {
  entries: readonly { name: string; build: string | null }[]
  allowed: boolean
}

/** What a target without an expected build of its own is compared with. */
type Against =
  | { kind: 'build'; build: string }
  /** `build` null when no build has a majority; `noMajority` then says so */
  | { kind: 'consensus'; build: string | null; groups: BuildGroup[]; noMajority: string }

export function judge(
  observations: readonly Observation[],
  expected: Reference,
  undeclared: Undeclared = { entries: [], allowed: false }
): Verdict {
  const against: Against = expected.kind === 'build' ? expected : vote(observations)
  // Only fleets with checks vote on them: the others pay one pass over the targets.
  const votes = observations.some(o => o.target.checks) ? checkVotes(observations) : undefined
  const targets: TargetVerdict[] = [
    ...observations.map(o => targetVerdict(o, against, votes)),
    ...undeclared.entries.map((e): UndeclaredVerdict => ({
      name: e.name,
      url: '',
      status: 'undeclared',
      reported: e.build,
      expected: null,
      reason: 'in the reports-file but not declared in the fleet',
      code: 'undeclared',
      attempts: 0,
      ms: 0
    }))
  ]
  const passes = !targets.some(t => fails(t, undeclared.allowed))
  return {
    expected: against.build,
    consensus: against.kind === 'consensus',
    result: passes ? 'pass' : 'fail',
    targets,
    groups: against.kind === 'consensus' ? against.groups : [],
    ...(undeclared.allowed ? { allowUndeclared: true } : {})
  }
}

/** The targets that keep the fleet from passing, in fleet order. */
export function failing(v: Verdict): FailingVerdict[] {
  const allowUndeclared = v.allowUndeclared ?? false
  return v.targets.filter((t): t is FailingVerdict => fails(t, allowUndeclared))
}

/** A group's own entry (its name did not resolve, or its count is off), not an instance. */
export function isGroupEntry(t: { group?: string; address?: string; pod?: unknown }): boolean {
  return t.group !== undefined && t.address === undefined && t.pod === undefined
}

/** Whether the target keeps the fleet from passing (what failing() keeps). */
export function fails(t: TargetVerdict, allowUndeclared: boolean): boolean {
  return t.status !== 'current' && !(t.status === 'undeclared' && allowUndeclared)
}

/** The build a target reported, unless it is a placeholder (then undefined). */
function usableBuild(o: Observation): string | undefined {
  return o.kind === 'reported' && placeholderReason(o.build) === undefined ? o.build : undefined
}

/**
 * The consensus: the build most targets report. Targets with an expected build of their own are
 * compared with it and stay out of the vote.
 */
function vote(observations: readonly Observation[]): Against {
  const voters = observations.flatMap(o => {
    const build = usableBuild(o)
    return build !== undefined && o.target.expected === undefined ? [{ o, build }] : []
  })
  const found = groupBuilds(voters.map(v => v.build)).sort(
    (a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]
  )
  const groups = found.map(g => ({
    build: g.build,
    targets: g.members.map(i => voters[i].o.target.name)
  }))
  const tied = found.length > 1 && found[0].members.length === found[1].members.length
  // Once, not per target: with every build different, that would be quadratic in the fleet.
  const top = found[0]?.members.length ?? 0
  const noMajority = `no majority: ${found.filter(x => x.members.length === top).length} builds tie at ${plural(top, 'target')} each`
  return {
    kind: 'consensus',
    build: found.length && !tied ? found[0].build : null,
    groups,
    noMajority
  }
}

/**
 * One target's verdict, from its observation alone and what it is compared with. A terminating
 * pod that fails says so: it may still serve, or be gone a moment later.
 */
function targetVerdict(o: Observation, against: Against, votes?: CheckVotes): TargetVerdict {
  const v = verdictOf(o, against, votes)
  // (A pod without a report says so already: the discovery wrote its reason.)
  return o.target.pod?.terminating && o.kind !== 'none' && v.reason !== null
    ? { ...v, reason: `${v.reason} (pod terminating)` }
    : v
}

function verdictOf(o: Observation, against: Against, votes?: CheckVotes): TargetVerdict {
  const base: Declared = {
    name: o.target.name,
    url: o.target.displayUrl,
    ...(o.finalUrl ? { finalUrl: o.finalUrl } : {}),
    attempts: o.attempts,
    ms: o.ms,
    ...(o.target.group === undefined ? {} : instanceOf(o.target))
  }
  const build = buildVerdict(o, against, base)
  const checks = o.target.checks
  // A group's own entry (a name that did not resolve, a count not met) is no server to read.
  if (!checks || build.status === 'undeclared' || isGroupEntry(o.target)) return build
  const judged = judgeChecks(
    { name: o.target.name, checks, outcomes: o.checks },
    votes ?? new Map(),
    o.checks !== undefined || o.kind === 'reported'
  )
  return withChecks(build, base, judged.checks, judged.failures)
}

/** The consensus checks' votes, over every target with checks. */
function checkVotes(observations: readonly Observation[]): CheckVotes {
  return voteChecks(
    observations.flatMap(o =>
      o.target.checks ? [{ name: o.target.name, checks: o.target.checks, outcomes: o.checks }] : []
    )
  )
}

const RANK = { current: 0, stale: 1, mixed: 2, missing: 3 } as const

/**
 * The build's verdict with the checks': the worst status of all (missing, then mixed, then
 * stale), its code from the first fact that has it (the build first, then the checks in order),
 * and a reason that lists every failing fact, the build's first. The build stays reported.
 */
function withChecks(
  v: Exclude<TargetVerdict, UndeclaredVerdict>,
  declared: Declared,
  checks: Record<string, CheckVerdict>,
  failures: readonly CheckFailure[]
): TargetVerdict {
  const worst = failures.reduce<keyof typeof RANK>(
    (w, f) => (RANK[f.status] > RANK[w] ? f.status : w),
    v.status
  )
  const reasons = failures.flatMap(f => (f.reason === undefined ? [] : [f.reason]))
  const reason = [...(v.reason === null ? [] : [v.reason]), ...reasons].join('; ')
  if (worst === v.status) {
    // A current target has no failing check; any other keeps its status and code.
    return v.status === 'current' ? extend(v, { checks }) : extend(v, { reason, checks })
  }
  const { reported, expected } = v
  const base: Declared & Cached =
    'cache' in v && v.cache ? extend(declared, { cache: v.cache }) : declared
  switch (worst) {
    case 'stale':
      // Worse than the build: the build is current, so it reported the expected build.
      return extend(base, {
        status: 'stale',
        reported: reported as string,
        expected: expected as string,
        reason,
        code: 'check-stale',
        checks
      })
    case 'mixed':
      return extend(base, {
        status: 'mixed',
        reported: reported as string,
        expected,
        reason,
        code: 'check-mixed',
        checks
      })
    case 'missing':
      return extend(base, {
        status: 'missing',
        reported,
        expected,
        reason,
        code: 'check-missing',
        checks
      })
  }
  return v
}

/** The build's own verdict. */
function buildVerdict(o: Observation, against: Against, base: Declared): TargetVerdict {
  // Missing and mixed targets were not on the build checked against either: they say which.
  const expected = o.target.expected ?? against.build
  switch (o.kind) {
    case 'mixed':
      return extend(base, {
        status: 'mixed',
        reported: null,
        expected,
        reason: o.reason,
        code: o.code,
        builds: o.builds
      })
    case 'none':
      return extend(base, {
        status: 'missing',
        reported: null,
        expected,
        reason: o.reason,
        code: o.code
      })
    case 'surplus':
      return extend(base, {
        status: 'undeclared',
        reported: null,
        expected: null,
        reason: o.reason,
        code: o.code
      })
  }
  const reported: Declared & Cached = o.cache ? extend(base, { cache: o.cache }) : base
  // Extraction and the reports-file already drop placeholders; a verdict never trusts that.
  const placeholder = placeholderReason(o.build)
  if (placeholder !== undefined) {
    return extend(reported, {
      status: 'missing',
      reported: null,
      expected,
      reason: placeholder,
      code: 'placeholder'
    })
  }
  // A target's own expected build wins, even under consensus.
  if (o.target.expected !== undefined) return compare(reported, o.build, o.target.expected)
  if (against.kind === 'build') return compare(reported, o.build, against.build)
  if (against.build === null) {
    return extend(reported, {
      status: 'stale',
      reported: o.build,
      expected: null,
      reason: against.noMajority,
      code: 'no-consensus'
    })
  }
  return compare(reported, o.build, against.build, true)
}

/** The group and address (or pod) of an instance (or the group of a group's own entry). */
function instanceOf(
  t: Observation['target']
): Pick<Asked, 'group' | 'address' | 'pod' | 'node' | 'ready'> {
  if (t.pod) return { group: t.group, pod: t.pod.name, node: t.pod.node, ready: t.pod.ready }
  return t.address === undefined ? { group: t.group } : { group: t.group, address: t.address }
}

function compare(
  base: Declared & Cached,
  reported: string,
  expected: string,
  byConsensus = false
): CurrentVerdict | StaleVerdict | MissingVerdict {
  const label = byConsensus ? 'most targets report' : 'expected'
  // A version where a commit is expected is no report of the commit: the check is pointed at
  // the wrong value, and calling it stale would say the server runs an old build. (Not under
  // consensus: there no commit is expected, and versions are compared as they are.)
  if (!byConsensus && isCommitHash(expected) && !isHashShaped(reported)) {
    // A short abbreviation says why it is not one; a build number ("42") needs no such note.
    const hex = hexOf(reported)
    const short =
      hex && !/^\d+$/.test(hex)
        ? ` (${hex.length} hex characters; an abbreviation needs at least 7)`
        : ''
    return extend(base, {
      status: 'missing',
      reported,
      expected,
      reason: `reports ${reported}, which is not a commit hash${short}: point json/regex at the commit, or give this target its own expected`,
      code: 'not-a-commit'
    })
  }
  if (sameBuild(reported, expected)) {
    return extend(base, { status: 'current', reported, expected, reason: null, code: null })
  }
  const cached = cacheEvidence(base.cache)
  return extend(base, {
    status: 'stale',
    reported,
    expected,
    reason: `reports ${reported}; ${label} ${expected}${cached ? `; served from a cache (${cached})` : ''}`,
    code: 'stale'
  })
}

/**
 * `{ ...base, ...fields }`, by Object.assign onto a new object: on Node 20, properties an object
 * literal defines after a spread cost about a microsecond each and leave a slower, larger object
 * (V8's copied map). At 10,000 targets the verdicts took 36 ms and 15 MiB more, and every later
 * pass over them (the log, the outputs, the summary) ran ten times slower. Both are our own
 * plain data objects, so assigning is spreading.
 */
function extend<B extends object, const F extends object>(base: B, fields: F): B & F {
  return Object.assign({}, base, fields)
}
