import { describe, expect, test } from '@jest/globals'
import { headline } from '../../src/report/headline.js'
import { renderSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import { judge } from '../../src/verdict/judge.js'
import { missing, reported, targetVerdict, verdictOf } from './fixtures.js'

const NEW = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

function rows(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter(l => l.startsWith('| ') && !l.startsWith('| Status') && !l.startsWith('| ---'))
}

describe('renderSummary', () => {
  test('a passing fleet', () => {
    const v = judge([reported('a', NEW), reported('b', NEW)], { kind: 'build', build: NEW })
    expect(renderSummary(v, headline(v))).toBe(
      [
        '## fleet-check: ✅ pass',
        '',
        'All 2 targets on 9f8e7d6',
        '',
        '| Status | Target | Reported | Expected | Reason |',
        '| --- | --- | --- | --- | --- |',
        `| ✅ current | a | <code>${NEW}</code> | <code>${NEW}</code> |  |`,
        `| ✅ current | b | <code>${NEW}</code> | <code>${NEW}</code> |  |`,
        ''
      ].join('\n')
    )
  })

  test('failures first, then current targets, each in fleet order', () => {
    const v = judge(
      [
        reported('r1', NEW),
        reported('r2', OLD),
        reported('r3', NEW),
        missing('r4', 'connection refused'),
        reported('r5', OLD)
      ],
      { kind: 'build', build: NEW }
    )
    const table = rows(renderSummary(v, headline(v)))
    expect(table.map(r => r.split(' | ')[1])).toEqual(['r2', 'r4', 'r5', 'r1', 'r3'])
    expect(table[0]).toBe(
      `| ❌ stale | r2 | <code>${OLD}</code> | <code>${NEW}</code> | reports ${OLD}; expected ${NEW} |`
    )
    expect(table[1]).toBe(
      `| ⚠️ missing | r4 | — | <code>${NEW}</code> | connection refused (3 attempts) |`
    )
    // The headline is escaped too; entities render as the same text.
    expect(renderSummary(v, headline(v))).toMatch(
      /^## fleet-check: ❌ fail\n\n3 of 5 targets not on 9f8e7d6&#58; r2 stale &#40;runs 1a2b3c4&#41;, /
    )
  })

  test('consensus lists the groups of builds', () => {
    const v = judge([reported('a', NEW), reported('b', OLD), reported('c', NEW)], {
      kind: 'consensus'
    })
    const md = renderSummary(v, headline(v))
    expect(md).toContain(
      [
        'Builds reported:',
        '',
        `- <code>${NEW}</code>: 2 (a, c)`,
        `- <code>${OLD}</code>: 1 (b)`,
        ''
      ].join('\n')
    )
  })

  test('a group of more than 10 targets names 10 and counts the rest', () => {
    const v = judge(
      Array.from({ length: 12 }, (_, i) => reported(`n${i}`, NEW)),
      { kind: 'consensus' }
    )
    expect(renderSummary(v, headline(v))).toContain(
      `- <code>${NEW}</code>: 12 (n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 and 2 more)`
    )
  })

  test('server-supplied text is escaped', () => {
    const evil = '<script>alert(1)</script>|*bold*|[x](https://evil.example)|`code`\n## Heading'
    const v = verdictOf([
      targetVerdict('web|1', 'stale', {
        reported: evil,
        reason: `reports ${evil}; expected abc1234`
      }),
      targetVerdict('web-2', 'missing', { reason: `TLS error: ${evil}` })
    ])
    const md = renderSummary(v, `headline with ${evil}`)
    expect(md).not.toContain('<script>')
    expect(md).not.toContain('[x](')
    expect(md).not.toContain('*bold*')
    expect(md).not.toContain('`code`')
    expect(md).not.toContain('\n## Heading')
    const table = rows(md)
    expect(table).toHaveLength(2)
    // Every row still has exactly the six pipes of five cells: no injected columns.
    for (const row of table) expect(row.split('|')).toHaveLength(7)
    expect(table[0]).toContain('| web&#124;1 |')
    expect(table[0]).toContain(
      '<code>&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;&#124;&#42;bold&#42;&#124;&#91;x&#93;&#40;https&#58;//evil.example&#41;&#124;&#96;code&#96; &#35;&#35; Heading</code>'
    )
  })

  test('long reported values are cut in the table', () => {
    const v = verdictOf([targetVerdict('a', 'stale', { reported: 'x'.repeat(300) })])
    expect(rows(renderSummary(v, 'h'))[0]).toContain(`<code>${'x'.repeat(80)}…</code>`)
  })

  test('a 10,000-target fleet that fits is whole, under 1 MiB, with no note', () => {
    const targets = Array.from({ length: 10_000 }, (_, i) => targetVerdict(`t${i}`, 'current'))
    const md = renderSummary(verdictOf(targets), 'All 10000 targets on abc1234')
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    expect(rows(md)).toHaveLength(10_000)
    expect(md).not.toContain('Table cut')
  })

  test('a 10,000-target fleet too large for 1 MiB is cut, failures kept first, with a note', () => {
    const targets = Array.from({ length: 10_000 }, (_, i) =>
      targetVerdict(
        `router-${String(i).padStart(5, '0')}.prod.example.com`,
        i % 100 === 0 ? 'missing' : 'current',
        {
          reported: i % 100 === 0 ? null : NEW,
          expected: NEW,
          reason: i % 100 === 0 ? `TLS error: ${'<certificate> has expired; '.repeat(4)}` : null,
          attempts: 3
        }
      )
    )
    const v = verdictOf(targets, { expected: NEW })
    const md = renderSummary(v, headline(v))
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES + 1024)
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    const table = rows(md)
    expect(table.length).toBeLessThan(10_000)
    expect(table.slice(0, 100).every(r => r.startsWith('| ⚠️ missing'))).toBe(true)
    expect(md).toContain(
      `_Table cut at ${table.length} of 10000 targets to fit GitHub's size limit; the \`report\` output and \`report-path\` have every target._`
    )
    expect(md.endsWith('have every target._\n')).toBe(true)
  })

  test('a small limit cuts early', () => {
    const targets = Array.from({ length: 50 }, (_, i) => targetVerdict(`t${i}`, 'current'))
    const md = renderSummary(verdictOf(targets), 'h', 1_000)
    const table = rows(md)
    expect(table.length).toBeGreaterThan(0)
    expect(table.length).toBeLessThan(50)
    expect(md).toContain(`_Table cut at ${table.length} of 50 targets`)
  })
})
