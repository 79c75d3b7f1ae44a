// With `wait`, the fleet is checked in rounds until it passes `stable-rounds` times in a row or
// the deadline comes. No round starts after the deadline, so the whole run lasts at most
// `wait` plus one round (the last may start right at the deadline).
import { sleep } from '../common/sleep.js'
import { formatDuration } from '../common/duration.js'
import { shortBuild } from '../build/compare.js'
import { failingChecks } from '../verdict/checks.js'
import { isGroupEntry, type TargetVerdict, type Verdict } from '../verdict/judge.js'
import { plural } from '../common/plural.js'

export interface RoundOptions {
  waitMs: number
  intervalMs: number
  stableRounds: number
}

export interface Clock {
  now(): number
  sleep(ms: number): Promise<unknown>
}

const realClock: Clock = { now: () => performance.now(), sleep: ms => sleep(ms) }

export async function checkInRounds(
  round: () => Promise<Verdict>,
  options: RoundOptions,
  log: (line: string) => void,
  clock: Clock = realClock
): Promise<Verdict> {
  const deadline = clock.now() + options.waitMs
  let passes = 0
  for (let n = 1; ; n++) {
    const verdict = await round()
    passes = verdict.result === 'pass' ? passes + 1 : 0
    const left = deadline - clock.now()
    if (options.waitMs > 0) log(roundLine(n, left, verdict))
    if (passes >= options.stableRounds)
      return {
        ...verdict,
        rounds: { count: n, passesInARow: passes, required: options.stableRounds }
      }
    if (left <= 0) {
      const rounds = { count: n, passesInARow: passes, required: options.stableRounds }
      // Passing, but not yet for long enough: not a pass.
      return passes > 0 ? { ...verdict, result: 'fail', rounds } : { ...verdict, rounds }
    }
    await clock.sleep(Math.min(options.intervalMs, left))
  }
}

const LISTED = 5

/**
 * round 3 (41s left): 6/8 current; stale: router-8 (1a2b3c4); missing: router-3 (connection refused)
 * With `addresses: all`, the instances each name resolved to this round are counted too:
 * round 2 (20s left): 7/7 current; instances: api 4, db 3; missing: db (found 3 of 4 instances)
 */
export function roundLine(n: number, leftMs: number, v: Verdict): string {
  const instances = instanceCounts(v)
  // A group's own entry is no target: its instances are.
  const targets = instances ? v.targets.filter(t => !isGroupEntry(t)) : v.targets
  const current = targets.filter(t => t.status === 'current').length
  const seconds = Math.max(0, Math.round(leftMs / 1000))
  const left = seconds ? formatDuration(seconds * 1000) : '0s'
  const parts = [`round ${n} (${left} left): ${current}/${targets.length} current`]
  if (instances) parts.push(`instances: ${instances}`)
  for (const status of ['stale', 'mixed', 'missing', 'undeclared'] as const) {
    const off = v.targets.filter(t => t.status === status)
    if (!off.length) continue
    const named = off
      .slice(0, LISTED)
      .map(t => `${t.name} (${shortWhy(t)})`)
      .join(', ')
    parts.push(
      `${status}: ${named}${off.length > LISTED ? `, and ${off.length - LISTED} more` : ''}`
    )
  }
  return parts.join('; ')
}

/** A stale target's build (or, on the expected build, its checks off); another's reason. */
function shortWhy(t: TargetVerdict): string {
  if (t.status !== 'stale') return t.reason ?? ''
  return t.code === 'check-stale' ? failingChecks(t.checks) : shortBuild(t.reported, t.expected)
}

/** "api 4, db 3": the instances of each `addresses: all` name, or undefined when none is. */
function instanceCounts(v: Verdict): string | undefined {
  const counts = new Map<string, number>()
  for (const t of v.targets) {
    if (t.group === undefined) continue
    counts.set(t.group, (counts.get(t.group) ?? 0) + (isGroupEntry(t) ? 0 : 1))
  }
  if (counts.size === 0) return undefined
  const shown = [...counts].slice(0, LISTED).map(([name, k]) => `${name} ${k}`)
  const more = counts.size > LISTED ? `, and ${plural(counts.size - LISTED, 'more name')}` : ''
  return shown.join(', ') + more
}
