// The one line that says what happened, for the failure message, the summary and the log.
import { shortBuild, shortBuilds } from '../build/compare.js'
import { failing as failingTargets, type FailingVerdict, type Verdict } from '../verdict/judge.js'

const NAMED = 5

export function headline(v: Verdict): string {
  const n = v.targets.length
  const failing = failingTargets(v)
  const on = target(v)
  if (failing.length === 0) {
    // Allowed undeclared entries pass, but they are not targets on the build.
    const allowed = v.targets.filter(t => t.status === 'undeclared').length
    const k = n - allowed
    const extra = allowed
      ? `; ${allowed} undeclared ${allowed === 1 ? 'entry' : 'entries'} allowed`
      : ''
    const all =
      (v.consensus ? `All ${k} targets agree on ${on}` : `All ${k} targets on ${on}`) + extra
    if (v.result === 'pass' || !v.rounds) return all
    const r = v.rounds
    return `${all}, but for ${r.passesInARow} of the ${r.required} rounds in a row required before the deadline`
  }
  if (v.consensus && v.expected === null && v.groups.length > 1) {
    const shown = shortBuilds(v.groups.map(g => g.build))
    const counts = v.groups.map((g, i) => `${g.targets.length} on ${shown[i]}`).join(', ')
    const missing = v.targets.filter(t => t.status === 'missing').length
    return `No consensus among ${n} targets: ${counts}${missing ? `, ${missing} missing` : ''}`
  }
  const named = failing.slice(0, NAMED).map(describe).join(', ')
  const more = failing.length > NAMED ? `, and ${failing.length - NAMED} more` : ''
  return `${failing.length} of ${n} targets not on ${on}: ${named}${more}`
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

function describe(t: FailingVerdict): string {
  // A lookalike whose first 7 characters are the expected build's is shown whole.
  if (t.status === 'stale') return `${t.name} stale (runs ${shortBuild(t.reported, t.expected)})`
  return `${t.name} ${t.status} (${t.reason})`
}
