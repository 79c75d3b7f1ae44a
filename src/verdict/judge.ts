// From observations to a verdict per target and for the fleet. Pure.
import { cacheEvidence, type CacheHeaders } from './cache-evidence.js'
import type { Observation } from './observation.js'
import { placeholderReason } from '../build/placeholders.js'
import { groupBuilds, hexOf, isCommitHash, isHashShaped, sameBuild } from '../build/compare.js'

export type Status = 'current' | 'stale' | 'mixed' | 'missing' | 'undeclared'

export interface TargetVerdict {
  name: string
  url: string
  /**
   * where the answer came from (origin and path, no query), when a redirect was followed; or
   * the other host's URL a redirect was refused for
   */
  finalUrl?: string
  status: Status
  reported: string | null
  expected: string | null
  reason: string | null
  attempts: number
  ms: number
  /** mixed only: each build the samples saw */
  builds?: string[]
  /** cache headers the answer came with, kept when they are present */
  cache?: CacheHeaders
}

/** What the fleet is checked against: one build, or whatever most targets agree on. */
export type ExpectedBuild = { kind: 'build'; build: string } | { kind: 'consensus' }

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

export function judge(
  observations: readonly Observation[],
  expected: ExpectedBuild,
  undeclared: Undeclared = { entries: [], allowed: false }
): Verdict {
  const targets: TargetVerdict[] = observations.map(o => {
    // Extraction and the reports-file already drop placeholders; a verdict never trusts that.
    const placeholder = o.build !== undefined ? placeholderReason(o.build) : undefined
    return {
      name: o.target.name,
      url: o.target.displayUrl,
      ...(o.finalUrl ? { finalUrl: o.finalUrl } : {}),
      status: 'missing',
      reported: placeholder ? null : (o.build ?? null),
      expected: o.target.expected ?? (expected.kind === 'build' ? expected.build : null),
      reason: placeholder ?? o.reason ?? null,
      attempts: o.attempts,
      ms: o.ms,
      ...(o.builds ? { status: 'mixed' as const, builds: o.builds } : {}),
      ...(o.cache ? { cache: o.cache } : {})
    }
  })

  // Targets with an expected build of their own are compared with it, even under consensus.
  const pooled: number[] = []
  targets.forEach((t, i) => {
    if (t.reported === null) return
    if (t.expected !== null) compare(t, t.expected)
    else pooled.push(i)
  })

  let checkedAgainst = expected.kind === 'build' ? expected.build : null
  let groups: BuildGroup[] = []
  if (expected.kind === 'consensus') {
    const found = groupBuilds(pooled.map(i => targets[i].reported as string))
      .map(g => ({ build: g.build, members: g.members.map(m => pooled[m]) }))
      .sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0])
    groups = found.map(g => ({ build: g.build, targets: g.members.map(i => targets[i].name) }))
    const tied = found.length > 1 && found[0].members.length === found[1].members.length
    if (found.length && !tied) checkedAgainst = found[0].build
    // Once, not per target: with every build different, that would be quadratic in the fleet.
    const top = found[0]?.members.length ?? 0
    const noMajority = `no majority: ${found.filter(x => x.members.length === top).length} builds tie at ${top} targets each`
    for (const g of found) {
      for (const i of g.members) {
        const t = targets[i]
        if (checkedAgainst === null) {
          t.status = 'stale'
          t.reason = noMajority
        } else {
          t.expected = checkedAgainst
          compare(t, checkedAgainst, true)
        }
      }
    }
    // Missing targets were not on the consensus build either: say which build that was.
    for (const t of targets)
      if (t.reported === null && t.expected === null) t.expected = checkedAgainst
  }

  for (const e of undeclared.entries) {
    targets.push({
      name: e.name,
      url: '',
      status: 'undeclared',
      reported: e.build,
      expected: null,
      reason: 'in the reports-file but not declared in the fleet',
      attempts: 0,
      ms: 0
    })
  }
  const verdict: Verdict = {
    expected: checkedAgainst,
    consensus: expected.kind === 'consensus',
    result: 'fail',
    targets,
    groups,
    ...(undeclared.allowed ? { allowUndeclared: true } : {})
  }
  verdict.result = failing(verdict).length === 0 ? 'pass' : 'fail'
  return verdict
}

/** The targets that keep the fleet from passing, in fleet order. */
export function failing(v: Verdict): TargetVerdict[] {
  return v.targets.filter(
    t => t.status !== 'current' && !(t.status === 'undeclared' && v.allowUndeclared)
  )
}

function compare(t: TargetVerdict, expected: string, byConsensus = false): void {
  const reported = t.reported as string
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
    t.status = 'missing'
    t.reason = `reports ${reported}, which is not a commit hash${short}: point json/regex at the commit, or give this target its own expected`
    return
  }
  if (sameBuild(reported, expected)) {
    t.status = 'current'
    t.reason = null
  } else {
    t.status = 'stale'
    const cached = cacheEvidence(t.cache)
    t.reason = `reports ${reported}; ${label} ${expected}${cached ? `; served from a cache (${cached})` : ''}`
  }
}
