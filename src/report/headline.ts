// The one line that says what happened, for the failure message, the summary and the log.
import { shortBuild, shortBuilds } from '../build/compare.js'
import { plural } from '../common/plural.js'
import {
  failing as failingTargets,
  isGroupEntry,
  type TargetVerdict,
  type Verdict
} from '../verdict/judge.js'
import { failingChecks } from '../verdict/checks.js'

const NAMED = 5

export function headline(v: Verdict): string {
  // `addresses: all`: a group's own entry (a name that did not resolve, a count not met) is no
  // target; its instances are.
  const groups = v.targets.filter(isGroupEntry)
  const n = v.targets.length - groups.length
  const off = failingTargets(v)
  const failing = groups.length ? off.filter(t => !isGroupEntry(t)) : off
  const failingGroups = groups.length ? off.filter(isGroupEntry) : []
  const on = target(v)
  if (off.length === 0) {
    // Allowed undeclared entries pass, but they are not targets on the build.
    const allowed = v.targets.filter(t => t.status === 'undeclared' && !isGroupEntry(t)).length
    const k = n - allowed
    const extra =
      (allowed ? `; ${allowed} undeclared ${allowed === 1 ? 'entry' : 'entries'} allowed` : '') +
      (groups.length ? `; ${groups.map(describe).join(', ')} allowed` : '')
    const all = allOn(k, v.consensus, on) + extra
    if (v.result === 'pass' || !v.rounds) return all
    const r = v.rounds
    return `${all}, but for ${r.passesInARow} of the ${plural(r.required, 'round')} in a row required before the deadline`
  }
  if (v.consensus && v.expected === null && v.groups.length > 1) {
    const shown = shortBuilds(v.groups.map(g => g.build))
    const counts = v.groups.map((g, i) => `${g.targets.length} on ${shown[i]}`).join(', ')
    const missing = v.targets.filter(t => t.status === 'missing').length
    return `No consensus among ${plural(n, 'target')}: ${counts}${missing ? `, ${missing} missing` : ''}`
  }
  // A group whose count is off, or whose name did not resolve, is named first.
  const listed = groups.length ? [...failingGroups, ...failing] : failing
  const named = listed.slice(0, NAMED).map(describe).join(', ')
  const more = listed.length > NAMED ? `, and ${listed.length - NAMED} more` : ''
  if (failing.length === 0) {
    // Every instance found is on the build, but not every instance was found (or expected).
    if (n === 0) return `${named}${more}`
    return `${allOn(n, v.consensus, on)}, but ${named}${more}`
  }
  // A target failing only a check is on the build: it is not "not on" it.
  const checks = failing.some(t => t.code?.startsWith('check-'))
  const what = failing.every(t => t.code?.startsWith('check-'))
    ? 'failing a check'
    : checks
      ? `not on ${on} or failing a check`
      : `not on ${on}`
  return `${failing.length} of ${plural(n, 'target')} ${what}: ${named}${more}`
}

/** "All 3 targets on abc1234"; "1 target on abc1234" (no "all" of one, nothing to agree with). */
function allOn(n: number, consensus: boolean, on: string): string {
  if (n === 1) return `1 target on ${on}`
  return consensus ? `All ${n} targets agree on ${on}` : `All ${n} targets on ${on}`
}

function target(v: Verdict): string {
  const builds = new Set(v.targets.filter(t => t.status !== 'undeclared').map(t => t.expected))
  if (builds.size === 1 && v.expected !== null) return shortBuild(v.expected)
  if (builds.size === 1) {
    const only = [...builds][0]
    return only === null ? 'one build' : shortBuild(only)
  }
  return v.consensus ? 'the common build' : 'their expected builds'
}

function describe(t: TargetVerdict): string {
  // A lookalike whose first 7 characters are the expected build's is shown whole.
  if (t.status === 'current') return `${t.name} current`
  // On the expected build with a check off: the check, not the build.
  if (t.status === 'stale' && t.code === 'check-stale')
    return `${t.name} stale (${failingChecks(t.checks)})`
  if (t.status === 'stale') return `${t.name} stale (runs ${shortBuild(t.reported, t.expected)})`
  return `${t.name} ${t.status} (${t.reason})`
}
