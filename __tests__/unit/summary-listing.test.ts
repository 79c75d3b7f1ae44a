// The job summary gathers what it shows in one pass over the targets (issue 14): items are made
// only for the first MAX_LISTED of a status (no more can be listed), the rest only counted; the
// count line, the instance groups and the "off a check" heading come from the same pass.
import { describe, expect, test } from '@jest/globals'
import { MAX_LISTED, renderSummary } from '../../src/report/summary.js'
import type { Status, TargetVerdict } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from './fixtures.js'

function fleet(counts: Partial<Record<Status, number>>): TargetVerdict[] {
  return Object.entries(counts).flatMap(([status, n]) =>
    Array.from({ length: n }, (_, i) => targetVerdict(`${status}-${i}`, status as Status))
  )
}

/** Each section's heading, how many items it lists, and the N of its "and N more" line. */
function sections(summary: string) {
  return summary
    .split('\n### ')
    .slice(1)
    .map(part => {
      const lines = part.split('\n')
      const more = /^- … and (\d+) more: /.exec(lines.find(l => l.startsWith('- … and')) ?? '')
      return {
        heading: lines[0],
        listed: lines.filter(l => l.startsWith('- `')).length,
        more: more ? Number(more[1]) : 0
      }
    })
}

describe('renderSummary: sections larger than MAX_LISTED', () => {
  test('headings count every target; the same number listed from each; the rest counted', () => {
    expect(MAX_LISTED).toBe(1000)
    const v = verdictOf(fleet({ stale: 1500, mixed: 3, missing: 1200, current: 20 }))
    const summary = renderSummary(v)
    expect(summary).toContain(
      '**2703 targets failing:** 1500 stale, 3 mixed, 1200 missing; 20 current.'
    )
    // 498 + 3 + 498 = 999: one more of each would pass MAX_LISTED.
    expect(sections(summary)).toEqual([
      { heading: '❌ Stale: 1500 targets on another build', listed: 498, more: 1002 },
      { heading: '🔀 Mixed: 3 targets whose samples disagree', listed: 3, more: 0 },
      { heading: '⚠️ Missing: 1200 targets with no usable report', listed: 498, more: 702 }
    ])
  })

  test('a byte limit lists fewer of each, and still counts every one', () => {
    const v = verdictOf(fleet({ stale: 2500, missing: 1100, undeclared: 1001 }))
    const all = sections(renderSummary(v, { limit: 20_000 }))
    expect(all.map(s => s.heading)).toEqual([
      '❌ Stale: 2500 targets on another build',
      '⚠️ Missing: 1100 targets with no usable report',
      '❔ Undeclared: 1001 entries the fleet does not declare'
    ])
    const listed = all[0].listed
    expect(listed).toBeGreaterThan(0)
    expect(listed).toBeLessThan(100)
    expect(all.map(s => s.listed + s.more)).toEqual([2500, 1100, 1001])
    expect(all.map(s => s.listed)).toEqual([listed, listed, listed])
  })
})

describe('renderSummary: counts from the same pass', () => {
  test('allowed undeclared entries are counted apart, not as failing', () => {
    const v = verdictOf(fleet({ current: 3, stale: 1, undeclared: 2 }), { allowUndeclared: true })
    expect(renderSummary(v)).toContain(
      '**1 target failing:** 1 stale; 3 current. 2 undeclared entries allowed.'
    )
    expect(renderSummary(v)).toContain(
      '### ❔ Undeclared: 2 entries the fleet does not declare (allowed)'
    )
    const passing = verdictOf(fleet({ current: 3, undeclared: 1 }), { allowUndeclared: true })
    expect(renderSummary(passing)).toContain(
      '**All 3 targets current.** 1 undeclared entry allowed.'
    )
  })

  test('instance groups: each group’s current instances, its own entry not counted', () => {
    const instance = (name: string, group: string, status: Status) =>
      targetVerdict(name, status, { address: `10.0.0.${name.length}`, group } as never)
    const v = verdictOf([
      instance('api-a', 'api', 'current'),
      instance('api-bb', 'api', 'stale'),
      targetVerdict('db', 'missing', { group: 'db' } as never),
      instance('api-ccc', 'api', 'current')
    ])
    expect(renderSummary(v)).toContain(
      'Instances: `api` 2 of 3 instances current, `db` no instance found.'
    )
  })

  test('a stale target off a check says so in the heading; a stale build alone does not', () => {
    const offCheck = targetVerdict('web-1', 'stale', {
      code: 'check-stale',
      reason: 'check `schema`: reports 41; expected 42',
      checks: { schema: { reported: '41', expected: '42', status: 'stale' } }
    } as never)
    const withCheck = renderSummary(verdictOf([targetVerdict('web-0', 'stale'), offCheck]))
    expect(withCheck).toContain('### ❌ Stale: 2 targets on another build or off a check')
    const without = renderSummary(verdictOf([targetVerdict('web-0', 'stale')]))
    expect(without).toContain('### ❌ Stale: 1 target on another build\n')
  })
})
