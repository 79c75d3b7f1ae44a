// The JSON report: whole for report-path, cut to fit GitHub's 1 MB step-output limit for the
// `report` output. Pure.
import type { Status, TargetVerdict, Verdict } from '../verdict/judge.js'

/** Below GitHub's 1 MB per output, with room for the envelope. */
export const OUTPUT_LIMIT_BYTES = 1_000_000 - 4_096

export interface Report {
  expected: string | null
  result: 'pass' | 'fail'
  targets: TargetVerdict[]
  groups?: { build: string; targets: string[] }[]
  truncated?: { omittedCurrent: number; omittedFailing: number; note: string }
}

export function fullReport(v: Verdict): Report {
  return {
    expected: v.expected,
    result: v.result,
    targets: v.targets,
    ...(v.consensus ? { groups: v.groups } : {})
  }
}

/** JSON within `limit` bytes: every target if it fits, else failing targets first, counted. */
export function reportForOutput(v: Verdict, limit = OUTPUT_LIMIT_BYTES): string {
  const full = fullReport(v)
  const text = JSON.stringify(full)
  if (Buffer.byteLength(text) <= limit) return text

  // Keep failing targets (in fleet order) while they fit; current ones are what a reader can spare.
  const base = { ...full, targets: [], groups: undefined }
  let budget = limit - Buffer.byteLength(JSON.stringify(base)) - 300
  const kept = new Set<number>()
  let omittedFailing = 0
  v.targets.forEach((t, i) => {
    if (t.status === 'current') return
    const size = Buffer.byteLength(JSON.stringify(t)) + 1
    if (size <= budget) {
      budget -= size
      kept.add(i)
    } else omittedFailing++
  })
  const omittedCurrent = v.targets.filter(t => t.status === 'current').length
  const note =
    `report cut to fit the 1 MB output limit: ${kept.size} failing targets kept, ` +
    `${omittedFailing} failing and ${omittedCurrent} current targets left out; report-path gets the whole report`
  return JSON.stringify({
    expected: v.expected,
    result: v.result,
    targets: v.targets.filter((_, i) => kept.has(i)),
    truncated: { omittedCurrent, omittedFailing, note }
  } satisfies Report)
}

/** Names per status, as JSON arrays in fleet order. */
export function namesByStatus(v: Verdict): Record<Status, string[]> {
  const out: Record<Status, string[]> = {
    current: [],
    stale: [],
    mixed: [],
    missing: [],
    undeclared: []
  }
  for (const t of v.targets) out[t.status].push(t.name)
  return out
}

/**
 * A JSON array of names within `limit` bytes: all of them when they fit (always, short of
 * thousands of long names), else the first that fit, with how many were left out.
 */
export function namesForOutput(
  names: readonly string[],
  limit = OUTPUT_LIMIT_BYTES
): { json: string; omitted: number } {
  const json = JSON.stringify(names)
  if (Buffer.byteLength(json) <= limit) return { json, omitted: 0 }
  let size = 2
  let kept = 0
  for (const name of names) {
    const next = Buffer.byteLength(JSON.stringify(name)) + (kept ? 1 : 0)
    if (size + next > limit) break
    size += next
    kept++
  }
  return { json: JSON.stringify(names.slice(0, kept)), omitted: names.length - kept }
}
