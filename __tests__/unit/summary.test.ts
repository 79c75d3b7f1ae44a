import { describe, expect, test } from '@jest/globals'
import { marked } from 'marked'
import { renderSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import { judge } from '../../src/verdict/judge.js'
import { missing, reported, targetVerdict, verdictOf } from './fixtures.js'

const NEW = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

/** The list items of the failing sections, raw. */
function items(markdown: string): string[] {
  return markdown.split('\n').filter(l => l.startsWith('- '))
}

function html(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false }) as string
}

describe('renderSummary', () => {
  test('a passing fleet', () => {
    const v = judge([reported('a', NEW), reported('b', NEW)], { kind: 'build', build: NEW })
    expect(renderSummary(v, { expectedSource: 'input `expected`' })).toBe(
      [
        '## fleet-check: ✅ pass',
        '',
        '**All 2 targets current.**\\',
        'Expected build `9f8e7d6`, from input `expected`.',
        '',
        '<details><summary>2 current targets</summary>',
        '',
        '`a`, `b`',
        '',
        '</details>',
        ''
      ].join('\n')
    )
  })

  test('failing targets by status (each in fleet order), then current targets folded', () => {
    const v = judge(
      [
        reported('r1', NEW),
        missing('r2', 'connection refused'),
        reported('r3', NEW),
        reported('r4', OLD),
        reported('r5', OLD)
      ],
      { kind: 'build', build: NEW }
    )
    expect(renderSummary(v)).toBe(
      [
        '## fleet-check: ❌ fail',
        '',
        '**3 targets failing:** 2 stale, 1 missing; 2 current.\\',
        'Expected build `9f8e7d6`.',
        '',
        '### ❌ Stale: 2 targets on another build',
        '',
        '- `r4` runs `1a2b3c4`\\',
        '  `https://r4.example.com/version`',
        '- `r5` runs `1a2b3c4`\\',
        '  `https://r5.example.com/version`',
        '',
        '### ⚠️ Missing: 1 target with no usable report',
        '',
        '- `r2`: `connection refused`, after 3 attempts\\',
        '  `https://r2.example.com/version`',
        '',
        '<details><summary>2 current targets</summary>',
        '',
        '`r1`, `r3`',
        '',
        '</details>',
        ''
      ].join('\n')
    )
  })

  test('a stale target whose own expected build is not the fleet’s says which; cache evidence shown', () => {
    const v = verdictOf(
      [
        targetVerdict('own', 'stale', { reported: OLD, expected: 'v2.0.0' }),
        targetVerdict('cdn', 'stale', {
          reported: OLD,
          expected: NEW,
          cache: { age: '120', 'cf-cache-status': 'HIT' }
        })
      ],
      { expected: NEW }
    )
    expect(items(renderSummary(v))).toEqual([
      '- `own` runs `1a2b3c4`, expected `v2.0.0`\\',
      '- `cdn` runs `1a2b3c4`, served from a cache (`Age: 120, CF-Cache-Status: HIT`)\\'
    ])
  })

  test('a lookalike of the expected build is shown whole, not as the same 7 characters', () => {
    const look = `${NEW.slice(0, 7)}${'0'.repeat(33)}`
    const v = verdictOf([targetVerdict('x', 'stale', { reported: look, expected: NEW })], {
      expected: NEW
    })
    expect(items(renderSummary(v))[0]).toBe(`- \`x\` runs \`${look}\`\\`)
  })

  test('consensus: the builds reported, most common first, short', () => {
    const v = judge([reported('a', NEW), reported('b', OLD), reported('c', NEW)], {
      kind: 'consensus'
    })
    const md = renderSummary(v, { expectedSource: 'consensus: the build most targets report' })
    expect(md).toContain(
      [
        'Expected build `9f8e7d6`, from consensus: the build most targets report.\\',
        'Builds reported: `9f8e7d6` by 2, `1a2b3c4` by 1.'
      ].join('\n')
    )
    expect(items(md)).toEqual(['- `b` runs `1a2b3c4`\\'])
  })

  test('consensus without a majority says so; more than 10 builds are counted', () => {
    const builds = Array.from({ length: 12 }, (_, i) => `v1.${i}`)
    const v = judge(
      builds.map((b, i) => reported(`n${i}`, b)),
      { kind: 'consensus' }
    )
    const md = renderSummary(v)
    expect(md).toContain('No expected build: no build has a majority.')
    expect(md).toContain('Builds reported: `v1.0` by 1, ')
    expect(md).toContain('`v1.9` by 1, and 2 more builds.')
    expect(items(md)[0]).toBe('- `n0` reports `v1.0`\\')
  })

  test('server-supplied text is shown as it is, in code spans, and adds no markup', () => {
    const evil = '<script>alert(1)</script>|*bold*|[x](https://evil.example)|`code`\n## Heading'
    const v = verdictOf([
      targetVerdict('web|1', 'stale', {
        reported: evil,
        reason: `reports ${evil}; expected abc1234`
      }),
      targetVerdict('web-2', 'missing', { reason: `TLS error: ${evil}` })
    ])
    const md = renderSummary(v, { note: `headline with ${evil}` })
    // Raw: readable, one line per item, nothing outside the code spans.
    expect(items(md)).toEqual([
      // (a build is cut at 40 characters)
      '- `web|1` runs `<script>alert(1)</script>|*bold*|[x](htt…`\\',
      '- `web-2`: ``TLS error: <script>alert(1)</script>|*bold*|[x](https://evil.example)|`code`\\u000a## Heading``\\'
    ])
    expect(md).not.toContain('\n## Heading')
    // Rendered: no element the text brought, the text itself escaped.
    const page = html(md)
    expect(page).not.toMatch(/<(script|a|em|strong>bold|h1|h3>Heading|table)\b/)
    expect(page).toContain(
      '<code>TLS error: &lt;script&gt;alert(1)&lt;/script&gt;|*bold*|[x](https://evil.example)|`code`\\u000a## Heading</code>'
    )
    // The note is our prose around server text: escaped with backslashes, read back as it was.
    expect(page).toContain(
      '<p>headline with &lt;script&gt;alert(1)&lt;/script&gt;|*bold*|[x](https://evil.example)|`code`\\u000a## Heading<br>'
    )
  })

  test('long reported values are cut, the report has them whole', () => {
    const v = verdictOf([targetVerdict('a', 'stale', { reported: 'x'.repeat(300) })])
    expect(items(renderSummary(v))[0]).toBe(`- \`a\` runs \`${'x'.repeat(40)}…\`\\`)
  })

  test('10,000 current targets: counted, 1,000 named, under 1 MiB', () => {
    const targets = Array.from({ length: 10_000 }, (_, i) => targetVerdict(`t${i}`, 'current'))
    const md = renderSummary(verdictOf(targets))
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    expect(md).toContain('**All 10000 targets current.**')
    expect(md).toContain('<details><summary>10000 current targets</summary>')
    expect(md).toContain(
      '`t999`, and 9000 more: the `report` output and `report-path` list every target.'
    )
  })

  test('10,000 targets with long reasons: cut to fit 1 MiB, failures first, with a note', () => {
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
    const md = renderSummary(v, { limit: 20_000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000)
    const listed = items(md)
    expect(listed.length).toBeLessThan(100)
    expect(listed.slice(0, -1).every(l => l.startsWith('- `router-'))).toBe(true)
    expect(listed.at(-1)).toBe(
      `- … and ${101 - listed.length} more: the \`report\` output and \`report-path\` list every target.`
    )
    expect(Buffer.byteLength(renderSummary(v))).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
  })

  test('a small limit cuts early', () => {
    const targets = Array.from({ length: 50 }, (_, i) => targetVerdict(`t${i}`, 'missing'))
    const md = renderSummary(verdictOf(targets), { limit: 1_000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(1_000)
    const listed = items(md)
    expect(listed.length).toBeGreaterThan(1)
    expect(listed.at(-1)).toMatch(new RegExp(`^- … and ${51 - listed.length} more: `))
  })
})
