import { describe, expect, test } from '@jest/globals'
import {
  fullReport,
  namesByStatus,
  namesForOutput,
  OUTPUT_LIMIT_BYTES,
  reportForOutput,
  type Report
} from '../../src/report/report-json.js'
import type { Status } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from './fixtures.js'

function fleet(statuses: Status[]) {
  return statuses.map((s, i) => targetVerdict(`t-${String(i).padStart(4, '0')}`, s))
}

describe('fullReport', () => {
  test('the documented shape, targets in fleet order, no groups without consensus', () => {
    const v = verdictOf(fleet(['current', 'stale', 'missing']))
    const report = fullReport(v)
    expect(Object.keys(report)).toEqual(['expected', 'result', 'targets'])
    expect(report.expected).toBe('abc1234')
    expect(report.result).toBe('fail')
    expect(report.targets.map(t => t.name)).toEqual(['t-0000', 't-0001', 't-0002'])
    expect(Object.keys(report.targets[0])).toEqual([
      'name',
      'url',
      'status',
      'reported',
      'expected',
      'reason',
      'code',
      'attempts',
      'ms'
    ])
  })

  test('consensus adds the groups', () => {
    const groups = [{ build: 'abc1234', targets: ['t-0000'] }]
    const report = fullReport(verdictOf(fleet(['current']), { consensus: true, groups }))
    expect(report.groups).toEqual(groups)
  })
})

describe('reportForOutput', () => {
  test('a report that fits is the whole report', () => {
    const v = verdictOf(fleet(['current', 'stale', 'missing', 'current']))
    expect(reportForOutput(v)).toBe(JSON.stringify(fullReport(v)))
  })

  test('a report over the limit keeps every failing target and counts the current ones', () => {
    const statuses: Status[] = Array.from({ length: 200 }, (_, i) =>
      i % 40 === 5 ? 'stale' : i % 40 === 17 ? 'missing' : 'current'
    )
    const v = verdictOf(fleet(statuses))
    const limit = 3_000
    expect(JSON.stringify(fullReport(v)).length).toBeGreaterThan(limit)

    const text = reportForOutput(v, limit)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(limit)
    const report = JSON.parse(text) as Report
    expect(report.result).toBe('fail')
    expect(report.expected).toBe('abc1234')
    const failing = v.targets.filter(t => t.status !== 'current')
    expect(failing).toHaveLength(10)
    expect(report.targets).toEqual(failing)
    expect(report.truncated).toEqual({
      omittedCurrent: 190,
      omittedFailing: 0,
      note: 'report cut to fit the 1 MB output limit: 10 failing targets kept, 0 failing and 190 current targets left out; report-path gets the whole report'
    })
  })

  test('when even the failing targets do not fit, the first ones in fleet order are kept', () => {
    const v = verdictOf(
      fleet(Array.from({ length: 50 }, (_, i) => (i % 2 ? 'missing' : 'current')))
    )
    const limit = 1_500
    const report = JSON.parse(reportForOutput(v, limit)) as Report
    expect(Buffer.byteLength(JSON.stringify(report))).toBeLessThanOrEqual(limit)
    const kept = report.targets.map(t => t.name)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(25)
    const failingNames = v.targets.filter(t => t.status === 'missing').map(t => t.name)
    expect(kept).toEqual(failingNames.slice(0, kept.length))
    expect(report.truncated?.omittedFailing).toBe(25 - kept.length)
    expect(report.truncated?.omittedCurrent).toBe(25)
    expect(report.truncated?.note).toContain(`${kept.length} failing targets kept`)
  })

  test('consensus groups are dropped from a cut report', () => {
    const targets = fleet(Array.from({ length: 100 }, () => 'current'))
    const groups = [{ build: 'abc1234', targets: targets.map(t => t.name) }]
    const v = verdictOf(targets, { consensus: true, groups })
    const report = JSON.parse(reportForOutput(v, 2_000)) as Report
    expect(report.groups).toBeUndefined()
    expect(report.targets).toEqual([])
    expect(report.result).toBe('pass')
    expect(report.truncated?.omittedCurrent).toBe(100)
  })

  test('10,000 failing targets with long reasons stay under the 1 MB output limit', () => {
    const targets = Array.from({ length: 10_000 }, (_, i) =>
      targetVerdict(`router-${i}`, 'missing', {
        reason: `TLS error: ${'unable to verify the first certificate '.repeat(3)}(${i})`
      })
    )
    const text = reportForOutput(verdictOf(targets))
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES)
    expect(OUTPUT_LIMIT_BYTES).toBeLessThan(1_000_000)
    const report = JSON.parse(text) as Report
    expect(report.truncated?.omittedFailing).toBe(10_000 - report.targets.length)
    expect(report.targets[0].name).toBe('router-0')
  })
})

describe('namesByStatus', () => {
  test('names per status in fleet order', () => {
    const v = verdictOf([
      targetVerdict('z', 'missing'),
      targetVerdict('b', 'current'),
      targetVerdict('y', 'stale'),
      targetVerdict('a', 'current'),
      targetVerdict('x', 'missing')
    ])
    expect(namesByStatus(v)).toEqual({
      current: ['b', 'a'],
      stale: ['y'],
      mixed: [],
      missing: ['z', 'x'],
      undeclared: []
    })
  })

  test('empty lists are present', () => {
    expect(namesByStatus(verdictOf([targetVerdict('a', 'current')]))).toEqual({
      current: ['a'],
      stale: [],
      mixed: [],
      missing: [],
      undeclared: []
    })
  })
})

describe('namesForOutput', () => {
  test('all names when they fit', () => {
    expect(namesForOutput(['a', 'b'])).toEqual({ json: '["a","b"]', omitted: 0 })
    expect(namesForOutput([])).toEqual({ json: '[]', omitted: 0 })
  })

  test('the first names that fit the limit, counting bytes, and how many were left out', () => {
    const names = ['αβγ', 'b', 'c']
    // '["αβγ"]' is 10 bytes (α, β and γ take 2 each); with ',"b"' 14; with ',"c"' 18.
    expect(namesForOutput(names, 15)).toEqual({ json: '["αβγ","b"]', omitted: 1 })
    expect(namesForOutput(names, 10)).toEqual({ json: '["αβγ"]', omitted: 2 })
    expect(namesForOutput(names, 9)).toEqual({ json: '[]', omitted: 3 })
  })

  test('10,000 names of 100 characters stay under the 1 MB limit', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `${i}`.padStart(100, 'n'))
    const { json, omitted } = namesForOutput(names)
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES)
    expect(omitted).toBeGreaterThan(0)
    expect((JSON.parse(json) as string[]).length + omitted).toBe(10_000)
  })
})
