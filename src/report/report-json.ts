// The JSON report: whole for report-path, cut to fit GitHub's 1 MB step-output limit for the
// `report` output. Pure.
import type { CacheHeaders } from '../verdict/cache-evidence.js'
import type { CheckVerdict } from '../verdict/checks.js'
import type { Status, TargetVerdict, Verdict } from '../verdict/judge.js'
import type { ReasonCode } from '../verdict/reason.js'
import { plural } from '../common/plural.js'

/** Below GitHub's 1 MB per output, with room for the envelope. */
export const OUTPUT_LIMIT_BYTES = 1_000_000 - 4_096

/**
 * One target of the `report` output and of report-path: the public contract (README), which the
 * tests read the reports with. Its own type, so that the verdict's inner shape can change
 * without users seeing it; every field is always there, except the optional ones.
 */
export interface ReportTarget {
  name: string
  /**
   * `addresses: all`: the declared name an instance belongs to; on the group's own entry (a name
   * that did not resolve, a count not met), that same name
   */
  group?: string
  /** an instance's address (the group's own entry has none) */
  address?: string
  /** `kubernetes`: the pod's name, its node (null when not scheduled) and whether it is Ready */
  pod?: string
  node?: string | null
  ready?: boolean
  url: string
  /**
   * where the answer came from (origin and path, no query), when a redirect was followed; or
   * the other host's URL a redirect was refused for
   */
  finalUrl?: string
  status: Status
  /**
   * the build the target reported; null when it gave none (and when its samples disagree on
   * the build)
   */
  reported: string | null
  /** the build it was compared with; null when there was none (a consensus without majority) */
  expected: string | null
  /** why it is not current, for people; null when current */
  reason: string | null
  /** why it is not current, for programs; null when current */
  code: ReasonCode | null
  attempts: number
  ms: number
  /** mixed only, when the samples disagree on the build: each build they saw */
  builds?: string[]
  /** cache headers the answer came with, when it had any */
  cache?: CacheHeaders
  /**
   * the target's `checks`, by name, when it has any: each with the value reported (null when
   * none could be read, and when the samples disagree), the value expected (null under a
   * consensus without majority) and its status
   */
  checks?: Record<string, CheckVerdict>
}

export interface Report {
  /** the build checked against; null when a consensus found no majority */
  expected: string | null
  result: 'pass' | 'fail'
  targets: ReportTarget[]
  /** consensus only: every build reported, most common first */
  groups?: { build: string; targets: string[] }[]
  /** the `report` output only, when it was cut to fit */
  truncated?: { omittedCurrent: number; omittedFailing: number; note: string }
}

/** A target's verdict as the report shows it, field by field (and in this order). */
export function reportTarget(t: TargetVerdict): ReportTarget {
  return {
    name: t.name,
    ...(t.group === undefined ? {} : { group: t.group }),
    ...(t.address === undefined ? {} : { address: t.address }),
    ...(t.pod === undefined ? {} : { pod: t.pod, node: t.node ?? null, ready: t.ready ?? false }),
    url: t.url,
    ...('finalUrl' in t && t.finalUrl ? { finalUrl: t.finalUrl } : {}),
    status: t.status,
    reported: t.reported,
    expected: t.expected,
    reason: t.reason,
    code: t.code,
    attempts: t.attempts,
    ms: t.ms,
    ...(t.status === 'mixed' && t.code === 'samples-disagree' ? { builds: t.builds } : {}),
    ...('cache' in t && t.cache ? { cache: t.cache } : {}),
    ...(t.checks ? { checks: t.checks } : {})
  }
}

export function fullReport(v: Verdict): Report {
  return {
    expected: v.expected,
    result: v.result,
    targets: v.targets.map(reportTarget),
    ...(v.consensus ? { groups: v.groups } : {})
  }
}

/** The whole report as `report-path` (and the command's --report) writes it. */
export function reportFileText(v: Verdict): string {
  return `${JSON.stringify(fullReport(v), null, 2)}\n`
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
  full.targets.forEach((t, i) => {
    if (t.status === 'current') return
    const size = Buffer.byteLength(JSON.stringify(t)) + 1
    if (size <= budget) {
      budget -= size
      kept.add(i)
    } else omittedFailing++
  })
  const omittedCurrent = full.targets.filter(t => t.status === 'current').length
  const note =
    `report cut to fit the 1 MB output limit: ${plural(kept.size, 'failing target')} kept, ` +
    `${omittedFailing} failing and ${plural(omittedCurrent, 'current target')} left out; report-path gets the whole report`
  return JSON.stringify({
    expected: v.expected,
    result: v.result,
    targets: full.targets.filter((_, i) => kept.has(i)),
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
