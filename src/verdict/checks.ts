// A target's checks judged: each check's value against its expected value or, under
// `consensus`, against the value most of the fleet reports for that check. Values compare with
// the build's one rule (sameBuild). judge.ts folds the result into the target's verdict. Pure.
import { groupBuilds, sameBuild, shortBuild, shortBuilds } from '../build/compare.js'
import { valuePlaceholderReason } from '../build/placeholders.js'
import { plural } from '../common/plural.js'
import type { Check } from '../fleet/target.js'
import type { CheckOutcome } from './check-outcome.js'

export type CheckStatus = 'current' | 'stale' | 'mixed' | 'missing'

/** One check of one target, as the report shows it. */
export interface CheckVerdict {
  /** the value the target reported; null when it gave none (and when its samples disagree) */
  reported: string | null
  /** the value it was compared with; null under a consensus without majority */
  expected: string | null
  status: CheckStatus
}

/** A check that is not current, and, when it should be read, why. */
export interface CheckFailure {
  status: Exclude<CheckStatus, 'current'>
  /** absent when the target gave no answer at all: the build's reason says why */
  reason?: string
}

/** What a consensus check is compared with: the majority value, or null and why there is none. */
export interface CheckVote {
  value: string | null
  noMajority: string
}

/** Each consensus check's vote, by check name. */
export type CheckVotes = ReadonlyMap<string, CheckVote>

/** A target with checks, as judging them needs it. */
export interface CheckedTarget {
  name: string
  checks: readonly Check[]
  /** aligned with `checks`; undefined when the target gave no answer */
  outcomes: readonly CheckOutcome[] | undefined
}

/** Values and names listed in a tie's reason. */
const LISTED_VALUES = 5
const LISTED_NAMES = 3

/**
 * The vote of each check some target expects by consensus: the value most of those targets
 * report (a target with a value of its own for the check stays out, as for the build). Missing
 * values and placeholders do not vote. A tie has no majority.
 */
export function voteChecks(targets: readonly CheckedTarget[]): CheckVotes {
  const voters = new Map<string, { value: string; target: string }[]>()
  for (const t of targets) {
    t.checks.forEach((c, i) => {
      if (c.expected.kind !== 'consensus') return
      let list = voters.get(c.name)
      if (!list) voters.set(c.name, (list = []))
      const o = t.outcomes?.[i]
      if (o?.kind === 'reported' && valuePlaceholderReason(o.value) === undefined)
        list.push({ value: o.value, target: t.name })
    })
  }
  return new Map([...voters].map(([name, list]) => [name, vote(name, list)]))
}

function vote(name: string, list: readonly { value: string; target: string }[]): CheckVote {
  const found = groupBuilds(list.map(v => v.value)).sort(
    (a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]
  )
  const top = found[0]?.members.length ?? 0
  const tied = found.length > 1 && found[1].members.length === top
  if (found.length && !tied) return { value: found[0].build, noMajority: '' }
  if (!found.length)
    return { value: null, noMajority: `no majority on ${name}: no target reports it` }
  // Computed once for the check, not per target: each tied target's reason shares it.
  const ties = found.filter(g => g.members.length === top).length
  const shown = shortBuilds(found.map(g => g.build))
  const listed = found.slice(0, LISTED_VALUES).map((g, i) => {
    const names = g.members.slice(0, LISTED_NAMES).map(m => list[m].target)
    const more =
      g.members.length > LISTED_NAMES ? `, and ${g.members.length - LISTED_NAMES} more` : ''
    return `${shown[i]} (${names.join(', ')}${more})`
  })
  const rest =
    found.length > LISTED_VALUES
      ? `, and ${plural(found.length - LISTED_VALUES, 'more value')}`
      : ''
  return {
    value: null,
    noMajority: `no majority on ${name} (${ties} values tie at ${plural(top, 'target')} each): ${listed.join(', ')}${rest}`
  }
}

/**
 * Each check of a target: its verdict for the report, and what fails. `answered`: the target
 * gave an answer (or a reports-file entry) that the checks could be read from; without one each
 * check is missing, and only the build says why.
 */
export function judgeChecks(
  t: CheckedTarget,
  votes: CheckVotes,
  answered: boolean
): { checks: Record<string, CheckVerdict>; failures: CheckFailure[] } {
  const checks: Record<string, CheckVerdict> = {}
  const failures: CheckFailure[] = []
  t.checks.forEach((c, i) => {
    const expected =
      c.expected.kind === 'value' ? c.expected.value : (votes.get(c.name)?.value ?? null)
    const o = t.outcomes?.[i]
    const judged = judgeOne(c, o, expected, votes, answered)
    checks[c.name] = {
      reported: o?.kind === 'reported' && judged.status !== 'missing' ? o.value : null,
      expected,
      status: judged.status
    }
    if (judged.status !== 'current') failures.push(judged)
  })
  return { checks, failures }
}

function judgeOne(
  c: Check,
  o: CheckOutcome | undefined,
  expected: string | null,
  votes: CheckVotes,
  answered: boolean
): CheckFailure | { status: 'current' } {
  const { name } = c
  if (o === undefined)
    return answered ? { status: 'missing', reason: `${name}: not read` } : { status: 'missing' }
  if (o.kind === 'none') return { status: 'missing', reason: o.reason }
  if (o.kind === 'mixed') return { status: 'mixed', reason: o.reason }
  // Extraction and the reports-file drop placeholders already; a verdict never trusts that.
  const placeholder = valuePlaceholderReason(o.value)
  if (placeholder !== undefined) return { status: 'missing', reason: `${name}: ${placeholder}` }
  if (expected === null) {
    return { status: 'stale', reason: votes.get(name)?.noMajority ?? `no majority on ${name}` }
  }
  if (sameBuild(o.value, expected)) return { status: 'current' }
  const label = c.expected.kind === 'consensus' ? 'most targets report' : 'expected'
  return {
    status: 'stale',
    reason: `${name} ${shortBuild(o.value, expected)}, ${label} ${shortBuild(expected, o.value)}`
  }
}

/**
 * The failing checks in short, for the lines that show a stale target by its build (summary,
 * headline, a round's line): "config 3f2a1b9, expected 9c1b2d3; schema missing". Empty when
 * every check is current (or there are none).
 */
export function failingChecks(checks: Readonly<Record<string, CheckVerdict>> | undefined): string {
  if (!checks) return ''
  const off: string[] = []
  for (const [name, c] of Object.entries(checks)) {
    if (c.status === 'current') continue
    if (c.status !== 'stale' || c.reported === null) off.push(`${name} ${c.status}`)
    else if (c.expected === null) off.push(`${name} ${shortBuild(c.reported)}, no majority`)
    else
      off.push(
        `${name} ${shortBuild(c.reported, c.expected)}, expected ${shortBuild(c.expected, c.reported)}`
      )
  }
  return off.join('; ')
}
