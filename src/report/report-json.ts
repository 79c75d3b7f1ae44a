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
  // Assigned field by field: a literal with spreads in it is slow to build on Node 20 (see
  // extend in judge.ts), and this runs for every target of the report.
  const r: Partial<ReportTarget> = { name: t.name }
  if (t.group !== undefined) r.group = t.group
  if (t.address !== undefined) r.address = t.address
  if (t.pod !== undefined) {
    r.pod = t.pod
    r.node = t.node ?? null
    r.ready = t.ready ?? false
  }
  r.url = t.url
  if ('finalUrl' in t && t.finalUrl) r.finalUrl = t.finalUrl
  r.status = t.status
  r.reported = t.reported
  r.expected = t.expected
  r.reason = t.reason
  r.code = t.code
  r.attempts = t.attempts
  r.ms = t.ms
  if (t.status === 'mixed' && t.code === 'samples-disagree') r.builds = t.builds
  if ('cache' in t && t.cache) r.cache = t.cache
  if (t.checks) r.checks = t.checks
  return r as ReportTarget
}

/** The report with `targets: []`, its other fields in their places. */
function reportFrame(v: Verdict): Report {
  return {
    expected: v.expected,
    result: v.result,
    targets: [],
    ...(v.consensus ? { groups: v.groups } : {})
  }
}

export function fullReport(v: Verdict): Report {
  return { ...reportFrame(v), targets: v.targets.map(reportTarget) }
}

/** The whole report as `report-path` (and the command's --report) writes it. */
export function reportFileText(v: Verdict): string {
  return [...reportFileChunks(v)].join('')
}

/** Where the report's targets go in the frame's JSON (a top-level key: two spaces in). */
const TARGETS_KEY = '\n  "targets": []'
/** About this many characters a piece: V8 builds much larger strings more slowly. */
const FILE_CHUNK_LENGTH = 32_000

/**
 * The report file's text in pieces: the bytes of `JSON.stringify(fullReport(v), null, 2)` and a
 * line break, without a string of megabytes at 10,000 targets. Each target is written as
 * JSON.stringify would write it inside the array: its lines four spaces in (a JSON string holds
 * no raw line break, so every line break is the layout's).
 */
export function* reportFileChunks(v: Verdict): Generator<string> {
  const frame = JSON.stringify(reportFrame(v), null, 2)
  const at = frame.indexOf(TARGETS_KEY)
  if (v.targets.length === 0 || at < 0) {
    yield `${JSON.stringify(fullReport(v), null, 2)}\n`
    return
  }
  let chunk = `${frame.slice(0, at)}\n  "targets": [`
  for (let i = 0; i < v.targets.length; i++) {
    const json = JSON.stringify(reportTarget(v.targets[i]), null, 2)
    chunk += `${i ? ',' : ''}\n    ${json.replace(/\n/g, '\n    ')}`
    if (chunk.length > FILE_CHUNK_LENGTH) {
      yield chunk
      chunk = ''
    }
  }
  yield `${chunk}\n  ]${frame.slice(at + TARGETS_KEY.length)}\n`
}

/**
 * The fewest bytes a target's JSON takes besides its name and URL: every field it always has,
 * with the shortest value each could have. (A string's JSON takes at least a byte a UTF-16 unit.)
 */
const LEAST_TARGET_BYTES = JSON.stringify({
  name: '',
  url: '',
  status: 'stale',
  reported: '',
  expected: '',
  reason: '',
  code: '',
  attempts: 0,
  ms: 0
} satisfies AlwaysThere<ReportTarget>).length

/** The fields of T that are always there. */
type AlwaysThere<T> = { [K in keyof T as object extends Pick<T, K> ? never : K]: unknown }

/** No more bytes than the target's JSON takes, without writing it. */
function leastBytes(t: TargetVerdict): number {
  return LEAST_TARGET_BYTES + t.name.length + t.url.length
}

/** JSON within `limit` bytes: every target if it fits, else failing targets first, counted. */
export function reportForOutput(v: Verdict, limit = OUTPUT_LIMIT_BYTES): string {
  // A lower bound first: a fleet too large for the output (10,000 targets always are) is known
  // to be without writing megabytes of JSON, or a current target's at all.
  const frame = reportFrame(v)
  let least =
    Buffer.byteLength(JSON.stringify(frame)) +
    Math.max(0, v.targets.length - 1) +
    v.targets.length * LEAST_TARGET_BYTES
  for (let i = 0; i < v.targets.length && least <= limit; i++) {
    least += v.targets[i].name.length + v.targets[i].url.length
  }
  let targets: ReportTarget[] | undefined
  if (least <= limit) {
    targets = v.targets.map(reportTarget)
    const text = JSON.stringify({ ...frame, targets })
    if (Buffer.byteLength(text) <= limit) return text
  }

  // Keep failing targets (in fleet order) while they fit; current ones are what a reader can spare.
  const base = { expected: v.expected, result: v.result, targets: [] }
  let budget = limit - Buffer.byteLength(JSON.stringify(base)) - 300
  const kept: ReportTarget[] = []
  let omittedFailing = 0
  let omittedCurrent = 0
  v.targets.forEach((t, i) => {
    if (t.status === 'current') {
      omittedCurrent++
      return
    }
    // One that cannot fit is not written to learn so.
    if (leastBytes(t) + 1 > budget) {
      omittedFailing++
      return
    }
    const target = targets?.[i] ?? reportTarget(t)
    const size = Buffer.byteLength(JSON.stringify(target)) + 1
    if (size <= budget) {
      budget -= size
      kept.push(target)
    } else omittedFailing++
  })
  const note =
    `report cut to fit the 1 MB output limit: ${plural(kept.length, 'failing target')} kept, ` +
    `${omittedFailing} failing and ${plural(omittedCurrent, 'current target')} left out; report-path gets the whole report`
  return JSON.stringify({
    ...base,
    targets: kept,
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
