// The job summary of a JSON report (report-path, --report, the `report` output), for
// `npm run preview-summary`: the report read back into the verdict it was written from. Not
// part of the action; pure.
import type { Report, ReportTarget } from './report-json.js'
import type { TargetVerdict, Verdict } from '../verdict/judge.js'
import { renderSummary } from './summary.js'

const STATUSES = ['current', 'stale', 'mixed', 'missing', 'undeclared'] as const

/** The summary a run with this report wrote; an Error that names the field if it is no report. */
export function previewSummary(report: unknown, options: { expectedSource?: string } = {}): string {
  const r = readReport(report)
  const cut = r.truncated
  const note = cut
    ? `This report was cut to fit the \`report\` output: ${cut.omittedFailing} failing and ${cut.omittedCurrent} current targets are not in it.`
    : undefined
  return renderSummary(verdictFromReport(r), { ...options, ...(note ? { note } : {}) })
}

/**
 * The verdict a report was written from. What the report does not keep: whether undeclared
 * entries were allowed (taken from the result: a passing fleet with undeclared entries allowed
 * them) and the rounds of `wait`.
 */
export function verdictFromReport(r: Report): Verdict {
  return {
    expected: r.expected,
    consensus: r.groups !== undefined,
    result: r.result,
    targets: r.targets.map(t => t as TargetVerdict),
    groups: r.groups ?? [],
    ...(r.result === 'pass' && r.targets.some(t => t.status === 'undeclared')
      ? { allowUndeclared: true }
      : {})
  }
}

function readReport(json: unknown): Report {
  const r = object(json, 'the report')
  const result = r.result
  if (result !== 'pass' && result !== 'fail')
    throw new Error(`result: ${JSON.stringify(result)} is not a result; expected "pass" or "fail"`)
  if (!Array.isArray(r.targets)) throw new Error('targets: expected a list of targets')
  const groups = r.groups
  if (groups !== undefined && !Array.isArray(groups))
    throw new Error('groups: expected a list of builds and their targets')
  return {
    expected: text(r.expected, 'expected'),
    result,
    targets: r.targets.map((t, i) => readTarget(t, `targets[${i}]`)),
    ...(groups
      ? {
          groups: groups.map((g, i) => {
            const o = object(g, `groups[${i}]`)
            const names = Array.isArray(o.targets) ? o.targets : []
            return {
              build: text(o.build, `groups[${i}].build`) ?? '',
              targets: names.map((n, j) => text(n, `groups[${i}].targets[${j}]`) ?? '')
            }
          })
        }
      : {}),
    ...(r.truncated ? { truncated: r.truncated as Report['truncated'] } : {})
  }
}

function readTarget(json: unknown, at: string): ReportTarget {
  const t = object(json, at)
  const status = t.status
  if (!STATUSES.includes(status as ReportTarget['status']))
    throw new Error(
      `${at}.status: ${JSON.stringify(status)} is not a status; expected one of ${STATUSES.join(', ')}`
    )
  const name = text(t.name, `${at}.name`)
  if (name === null) throw new Error(`${at}.name: expected the target's name`)
  const reason = text(t.reason, `${at}.reason`)
  const reported = text(t.reported, `${at}.reported`)
  if (reported === null && (status === 'current' || status === 'stale'))
    throw new Error(`${at}.reported: a ${status} target reports a build; expected text`)
  return {
    ...(t as unknown as ReportTarget),
    name,
    status: status as ReportTarget['status'],
    url: text(t.url, `${at}.url`) ?? '',
    reported,
    expected: text(t.expected, `${at}.expected`),
    // Every verdict but current has a reason.
    reason: status === 'current' ? null : (reason ?? 'no reason in the report'),
    attempts: typeof t.attempts === 'number' ? t.attempts : 1,
    ms: typeof t.ms === 'number' ? t.ms : 0
  }
}

function object(json: unknown, at: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`${at}: expected a JSON object`)
  return json as Record<string, unknown>
}

/** A string, or null when absent. */
function text(value: unknown, at: string): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new Error(`${at}: ${JSON.stringify(value)} is not text`)
  return value
}
