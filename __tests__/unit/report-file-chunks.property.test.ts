// The report file is written in pieces (no multi-megabyte string at 10,000 targets); joined, the
// pieces are exactly JSON.stringify of the whole report with two-space indentation and a line
// break: the file a reader or a tool gets is the same to the byte.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { fullReport, reportFileChunks, reportFileText } from '../../src/report/report-json.js'
import type { Verdict } from '../../src/verdict/judge.js'
import { verdict } from '../helpers/report-arbitraries.js'
import { targetVerdict, verdictOf } from './fixtures.js'

const oracle = (v: Verdict) => `${JSON.stringify(fullReport(v), null, 2)}\n`

describe('the report file in pieces', () => {
  test('joined, the pieces are the report JSON to the byte, for any verdict', () => {
    fc.assert(
      fc.property(verdict, v => {
        expect([...reportFileChunks(v)].join('')).toBe(oracle(v))
        expect(reportFileText(v)).toBe(oracle(v))
      }),
      { numRuns: 500 }
    )
  })

  test('no targets, and a consensus verdict with groups after the targets', () => {
    const empty = verdictOf([])
    expect(reportFileText(empty)).toBe(oracle(empty))
    const grouped = verdictOf([targetVerdict('a', 'current')], {
      consensus: true,
      groups: [{ build: 'abc1234', targets: ['a'] }]
    })
    expect(reportFileText(grouped)).toBe(oracle(grouped))
    expect(reportFileText(grouped).indexOf('"groups"')).toBeGreaterThan(
      reportFileText(grouped).indexOf('"targets"')
    )
  })

  test('10,000 targets: pieces of tens of kilobytes, not one string of megabytes', () => {
    const v = verdictOf(
      Array.from({ length: 10_000 }, (_, i) =>
        targetVerdict(`t-${i}`, 'current', { url: `http://10.0.0.1:8080/t/${i}/version` })
      )
    )
    const pieces = [...reportFileChunks(v)]
    expect(pieces.join('')).toBe(oracle(v))
    expect(pieces.length).toBeGreaterThan(50)
    expect(Math.max(...pieces.map(p => p.length))).toBeLessThan(40_000)
  })
})
