// The `report` output and report-path's text, made cheaper at 10,000 targets (issue 14): a lower
// bound on the report's size decides most cuts without writing the JSON, and each target's JSON
// is written once. The result must be the same to the byte as before: the algorithm as it was
// is kept here as the oracle.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { plural } from '../../src/common/plural.js'
import {
  fullReport,
  reportFileText,
  reportForOutput,
  reportTarget,
  type Report,
  type ReportTarget
} from '../../src/report/report-json.js'
import type { Status, TargetVerdict, Verdict } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from './fixtures.js'
import { target, verdict } from '../helpers/report-arbitraries.js'

// --- the oracle: report-json.ts before issue 14's second round, as it was -----------------------

function oldReportTarget(t: TargetVerdict): ReportTarget {
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

function oldFullReport(v: Verdict): Report {
  return {
    expected: v.expected,
    result: v.result,
    targets: v.targets.map(oldReportTarget),
    ...(v.consensus ? { groups: v.groups } : {})
  }
}

function oldReportForOutput(v: Verdict, limit: number): string {
  const full = oldFullReport(v)
  const text = JSON.stringify(full)
  if (Buffer.byteLength(text) <= limit) return text
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

/** Limits about the whole report's size (both sides of it), and well under it. */
const limitFor = (v: Verdict, pick: { near: boolean; delta: number; share: number }) => {
  const size = Buffer.byteLength(JSON.stringify(oldFullReport(v)))
  return pick.near ? size + pick.delta : Math.floor(size * pick.share)
}
const pick = fc.record({
  near: fc.boolean(),
  delta: fc.integer({ min: -400, max: 400 }),
  share: fc.double({ min: 0, max: 1.2, noNaN: true })
})

describe('reportTarget and the report file: the same JSON as before', () => {
  test('each target: the same fields in the same order', () => {
    fc.assert(
      fc.property(target, t => {
        expect(JSON.stringify(reportTarget(t))).toBe(JSON.stringify(oldReportTarget(t)))
      }),
      { numRuns: 1000 }
    )
  })

  test('report-path’s text', () => {
    fc.assert(
      fc.property(verdict, v => {
        expect(reportFileText(v)).toBe(`${JSON.stringify(oldFullReport(v), null, 2)}\n`)
        expect(JSON.stringify(fullReport(v))).toBe(JSON.stringify(oldFullReport(v)))
      }),
      { numRuns: 300 }
    )
  })
})

describe('reportForOutput: the same text as before, whole or cut', () => {
  test('any verdict, at limits around its size and well under it', () => {
    fc.assert(
      fc.property(verdict, pick, (v, p) => {
        const limit = limitFor(v, p)
        expect(reportForOutput(v, limit)).toBe(oldReportForOutput(v, limit))
      }),
      { numRuns: 1500 }
    )
  })

  test('the limit at the report’s exact size keeps it whole; a byte less cuts it', () => {
    fc.assert(
      fc.property(
        verdict.filter(v => v.targets.length > 0),
        v => {
          const size = Buffer.byteLength(JSON.stringify(oldFullReport(v)))
          expect(reportForOutput(v, size)).toBe(JSON.stringify(oldFullReport(v)))
          expect(reportForOutput(v, size - 1)).toBe(oldReportForOutput(v, size - 1))
          expect(JSON.parse(reportForOutput(v, size - 1))).toHaveProperty('truncated')
        }
      ),
      { numRuns: 300 }
    )
  })

  // The sizes the lower bound decides alone: every target's JSON unwritten until the cut.
  const big = (n: number, status: (i: number) => Status) =>
    verdictOf(
      Array.from({ length: n }, (_, i) =>
        targetVerdict(`t-${i + 1}`, status(i), { url: `http://127.0.0.1:8080/t/${i + 1}/version` })
      )
    )

  test.each([
    ['all current', (_: number) => 'current' as Status],
    ['10% stale', (i: number) => (i % 10 === 0 ? 'stale' : 'current') as Status],
    ['half missing', (i: number) => (i % 2 ? 'missing' : 'current') as Status],
    ['all failing', (i: number) => (i % 3 ? 'missing' : 'stale') as Status]
  ])('10,000 targets, %s: the same cut as before', (_name, status) => {
    const v = big(10_000, status)
    expect(reportForOutput(v)).toBe(oldReportForOutput(v, 1_000_000 - 4_096))
  })

  test('4,000 targets that fit: the whole report, as before', () => {
    const v = big(4_000, i => (i % 7 ? 'current' : 'missing'))
    const text = reportForOutput(v)
    expect(text).toBe(JSON.stringify(oldFullReport(v)))
    expect(JSON.parse(text)).not.toHaveProperty('truncated')
  })
})
