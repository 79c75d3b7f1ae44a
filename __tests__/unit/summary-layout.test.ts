// The job summary as people see it (issue 13): rendered, then parsed with marked (GitHub Flavored
// Markdown) to HTML. The verdict, a short count and the expected build with its source at the
// top; one list per failing status; current targets folded into <details>; fits a 900 px panel
// with 40-hex builds and 100-character names; readable raw Markdown; under GitHub's 1 MiB cap at
// 10,000 targets; and no server text can add an element or an invisible character.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { marked } from 'marked'
import { fullReport } from '../../src/report/report-json.js'
import { previewSummary } from '../../src/report/preview.js'
import { showInvisible } from '../../src/report/sanitize.js'
import {
  MAX_CURRENT_NAMED,
  MAX_LISTED,
  renderSummary,
  SUMMARY_LIMIT_BYTES
} from '../../src/report/summary.js'
import type { Status, TargetVerdict, Verdict } from '../../src/verdict/judge.js'
import { cancelledReport, newProgress } from '../../src/report/cancelled.js'
import { makeTarget, targetVerdict, verdictOf } from './fixtures.js'

const NEW = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'
const SOURCE = 'input `expected`'
const REFUSED = 'connection refused (ECONNREFUSED): http://x'

/** 100 characters and no space: one unbreakable word. */
function longName(i: number): string {
  const tail = `-${i}`
  return 'api-gateway-eu-west-production-'.repeat(4).slice(0, 100 - tail.length) + tail
}

/**
 * A fleet of n: every 10th name 100 characters long (from the second); of every 20 targets 2 stale, 1 missing;
 * every 40th mixed, every 100th undeclared; the rest current. 40-hex builds throughout.
 */
function fleet(n: number): Verdict {
  const targets = Array.from({ length: n }, (_, i): TargetVerdict => {
    const name = i % 10 === 1 ? longName(i) : `web-${i}`
    if (i % 20 === 1 || i % 20 === 2)
      return targetVerdict(name, 'stale', {
        reported: OLD,
        expected: NEW,
        reason: `reports ${OLD}; expected ${NEW}`
      })
    if (i % 20 === 3)
      return targetVerdict(name, 'missing', { expected: NEW, reason: REFUSED, attempts: 3 })
    if (i % 40 === 4)
      return targetVerdict(name, 'mixed', {
        expected: NEW,
        builds: [NEW, OLD],
        reason: 'samples disagree: 2× 9f8e7d6, 2× 1a2b3c4'
      })
    if (i % 100 === 5) return targetVerdict(name, 'undeclared', { url: '', reported: OLD })
    return targetVerdict(name, 'current', { reported: NEW, expected: NEW })
  })
  return verdictOf(targets, { expected: NEW })
}

function html(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false }) as string
}

const count = (v: Verdict, s: Status) => v.targets.filter(t => t.status === s).length
const all = (text: string, re: RegExp) => [...text.matchAll(re)]

/** Text of an HTML fragment: tags out, marked's entities decoded. */
function textOf(fragment: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' }
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(
            e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))
          )
        : (named[e] ?? m)
    )
}

// The width model. A character is about 8 px; a table cell has 26 px of padding (GitHub's
// 6px 13px) and a list 32 px of indent (2em). A table column is as wide as the longest word its
// cells hold that cannot be broken (CSS min-content ignores overflow-wrap: break-word), and the
// columns add up: that is how the old table needed about 1,100 px. In block flow (list items,
// paragraphs) GitHub's `overflow-wrap: break-word` breaks a word longer than the line, so only
// words that must stay whole (names, builds: checked separately) count at full length.
const PANEL = 900
const CHAR = 8
const CELL = 26
const INDENT = 32
/** .markdown-body code: padding .2em .4em at 85% of 14 px, both sides. */
const CODE_PADDING = 10

function words(fragment: string): string[] {
  return textOf(fragment.replace(/<br\s*\/?>|<wbr\s*\/?>/g, ' ')).split(/\s+/)
}
const longest = (fragment: string) => Math.max(0, ...words(fragment).map(w => [...w].length))

/** Width each table needs: the sum over its columns of the longest unbreakable word, padded. */
function tableWidths(page: string): number[] {
  return all(page, /<table>([\s\S]*?)<\/table>/g).map(([, table]) => {
    const columns: number[] = []
    for (const [, row] of all(table, /<tr>([\s\S]*?)<\/tr>/g))
      all(row, /<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g).forEach(([, cell], i) => {
        columns[i] = Math.max(columns[i] ?? 0, longest(cell) * CHAR + CELL)
      })
    return columns.reduce((a, b) => a + b, 0)
  })
}

/** Width each list item needs: its indent, and its longest word (wrapped at the line's end). */
function itemWidths(page: string): number[] {
  return all(page, /<li>([\s\S]*?)<\/li>/g).map(
    ([, item]) => INDENT + Math.min(longest(item) * CHAR + CODE_PADDING, PANEL - INDENT)
  )
}

describe.each([10, 1_000, 10_000])('a fleet of %i targets', n => {
  const v = fleet(n)
  const md = renderSummary(v, { expectedSource: SOURCE })
  const page = html(md)
  const stale = count(v, 'stale')
  const mixed = count(v, 'mixed')
  const missing = count(v, 'missing')
  const undeclared = count(v, 'undeclared')
  const current = count(v, 'current')
  const failing = stale + mixed + missing + undeclared

  test('the verdict first, then the count, then the expected build (short) and its source', () => {
    expect(page.startsWith('<h2>fleet-check: ❌ fail</h2>\n<p>')).toBe(true)
    const top = /<p>([\s\S]*?)<\/p>/.exec(page)?.[1] ?? ''
    expect(top).toBe(
      `<strong>${failing} targets failing:</strong> ${stale} stale, ${mixed} mixed, ${missing} missing, ${undeclared} undeclared; ${current} current.<br>` +
        'Expected build <code>9f8e7d6</code>, from input <code>expected</code>.'
    )
  })

  test('one section per failing status, in order, with its count', () => {
    const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`
    expect(all(page, /<h3>(.*?)<\/h3>/g).map(m => m[1])).toEqual([
      `❌ Stale: ${plural(stale, 'target', 'targets')} on another build`,
      `🔀 Mixed: ${plural(mixed, 'target', 'targets')} whose samples disagree`,
      `⚠️ Missing: ${plural(missing, 'target', 'targets')} with no usable report`,
      `❔ Undeclared: ${plural(undeclared, 'entry', 'entries')} the fleet does not declare`
    ])
  })

  test(`failing targets listed (at most ${MAX_LISTED}, the same number from each status), the rest counted`, () => {
    const sections = page.split('<h3>').slice(1)
    const listed = sections.map(s => all(s.split('<details>')[0], /<li>/g).length)
    const counts = [stale, mixed, missing, undeclared]
    const more = sections.map(s => /<li>… and (\d+) more: the <code>report<\/code> output/.exec(s))
    const shown = listed.map((k, i) => k - (more[i] ? 1 : 0))
    shown.forEach((k, i) => {
      expect(k + Number(more[i]?.[1] ?? 0)).toBe(counts[i])
      // a section is cut only to the size of the cut others
      if (more[i]) expect(k).toBe(Math.max(...shown))
    })
    expect(shown.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_LISTED)
    if (failing <= MAX_LISTED) expect(more.every(m => m === null)).toBe(true)
    else expect(more.some(m => m !== null)).toBe(true)
  })

  test('each failing target: its name, the short build or the reason, and its URL', () => {
    const items = all(page, /<li>([\s\S]*?)<\/li>/g).map(m => m[1])
    const staleItem = items.find(i => i.startsWith('<code>web-2</code>'))
    expect(staleItem).toBe(
      '<code>web-2</code> runs <code>1a2b3c4</code><br><code>https://web-2.example.com/version</code>'
    )
    expect(items).toContain(
      `<code>web-3</code>: <code>${REFUSED}</code>, after 3 attempts<br><code>https://web-3.example.com/version</code>`
    )
    // Full 40-character hashes are in the JSON report only.
    expect(md).not.toMatch(/[0-9a-f]{40}/)
  })

  test('current targets folded into <details>, with their count', () => {
    const details = new RegExp(
      `<details><summary>${current} current targets</summary>([\\s\\S]*?)</details>`
    ).exec(page)
    expect(details).not.toBeNull()
    const named = all(details?.[1] ?? '', /<code>/g).length
    expect(named).toBe(Math.min(current, MAX_CURRENT_NAMED) + (current > MAX_CURRENT_NAMED ? 2 : 0))
    expect(all(page, /<details>/g)).toHaveLength(1)
  })

  test('fits a 900 px panel: no table column holds a hash or a name, list items wrap', () => {
    for (const w of [...tableWidths(page), ...itemWidths(page)])
      expect(w).toBeLessThanOrEqual(PANEL)
    // A 100-character name (the first word of its item) fits on a line unbroken.
    const name = all(page, /<li><code>([^<]*)<\/code>/g).map(m => m[1].length)
    expect(Math.max(...name)).toBe(100)
    expect(INDENT + 100 * CHAR + CODE_PADDING).toBeLessThanOrEqual(PANEL)
  })

  test('under GitHub’s 1 MiB summary cap', () => {
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
  })
})

describe('the width model', () => {
  test('bites: the old table (status | target | reported | expected | reason) needed over 900 px', () => {
    const row = `<tr><td>❌ stale</td><td>${longName(0)}</td><td><code>${OLD}</code></td><td><code>${NEW}</code></td><td>reports ${OLD}; expected ${NEW}</td></tr>`
    expect(tableWidths(`<table>${row}</table>`)[0]).toBeGreaterThan(1_100)
  })
})

describe('other verdicts', () => {
  test('a cancelled run: its account first, then the counts; unchecked targets listed as missing', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(n => makeTarget(n))
    const progress = {
      ...newProgress(),
      targets: [a, b, c],
      round: 1,
      expected: { kind: 'build' as const, build: NEW },
      observed: new Map([
        [a, { target: a, kind: 'reported' as const, build: NEW, attempts: 1, ms: 1 }]
      ])
    }
    const md = cancelledReport(progress, 'SIGTERM').summary
    expect(md.split('\n').slice(0, 5)).toEqual([
      '## fleet-check: ⛔ cancelled',
      '',
      'The run was cancelled (SIGTERM) with 1 of 3 targets checked (1 current); 2 missing, not checked\\',
      '**2 targets failing:** 2 missing; 1 current.\\',
      'Expected build `9f8e7d6`.'
    ])
    expect(md).toContain('- `b`: `not checked: the run was cancelled`\\\n')
    expect(md).toContain('<details><summary>1 current target</summary>\n\n`a`\n')
  })

  test('cancelled while reporting: the note does not repeat the verdict', () => {
    const v = verdictOf([targetVerdict('x', 'stale')])
    const progress = { ...newProgress(), verdict: v }
    const { summary, headline } = cancelledReport(progress, 'SIGINT')
    expect(headline).toMatch(/^The run was cancelled \(SIGINT\) while reporting the verdict: 1 of /)
    expect(summary).toContain('\nThe run was cancelled (SIGINT) while reporting the verdict\\\n')
  })

  test('current everywhere, but not for the rounds `wait` requires: says so', () => {
    const v = verdictOf([targetVerdict('a', 'current'), targetVerdict('b', 'current')], {
      result: 'fail',
      rounds: { count: 4, passesInARow: 1, required: 3 }
    })
    expect(renderSummary(v)).toMatch(
      /^## fleet-check: ❌ fail\n\n\*\*All 2 targets current\.\*\* But only for 1 round in a row, of the 3 required before the deadline\.\\\n/
    )
  })

  test('an instance group with none found, and one with some: counted at the top', () => {
    const v = verdictOf([
      { ...targetVerdict('gone', 'missing', { reason: 'no such host' }), group: 'gone' },
      { ...targetVerdict('api@10.0.0.1', 'current'), group: 'api', address: '10.0.0.1' },
      { ...targetVerdict('api@10.0.0.2', 'stale'), group: 'api', address: '10.0.0.2' }
    ] as TargetVerdict[])
    expect(renderSummary(v)).toContain(
      'Instances: `gone` no instance found, `api` 1 of 2 instances current.'
    )
  })
})

describe('readable raw Markdown', () => {
  test('ordinary text is written as it is: no entities, no backslashes', () => {
    const v = verdictOf(
      [
        targetVerdict('db_primary (eu)', 'missing', { reason: REFUSED }),
        targetVerdict('web', 'current')
      ],
      { expected: NEW }
    )
    const md = renderSummary(v, { expectedSource: 'GITHUB_SHA of the pull_request event' })
    expect(md).toContain(`- \`db_primary (eu)\`: \`${REFUSED}\`\\\n`)
    expect(md).toContain('from GITHUB_SHA of the pull_request event.')
    expect(md).not.toMatch(/&#?\w+;/)
  })

  test('a backtick in server text gets a longer fence, not an escape', () => {
    const v = verdictOf([targetVerdict('a`b', 'missing', { reason: '``x`` and `y`' })])
    const md = renderSummary(v)
    expect(md).toContain('- ``a`b``: ``` ``x`` and `y` ```')
    expect(html(md)).toContain('<code>a`b</code>: <code>``x`` and `y`</code>')
  })
})

describe('sizes', () => {
  test('10,000 failing targets with long names and reasons: under 1 MiB, every status shown', () => {
    const targets = Array.from({ length: 10_000 }, (_, i) =>
      targetVerdict(longName(i), i % 1000 === 0 ? 'missing' : 'stale', {
        reported: OLD,
        expected: NEW,
        reason: `TLS error: ${'<certificate> has expired; '.repeat(40)}`,
        url: `https://${longName(i)}.example.com/${'path/'.repeat(40)}version`
      })
    )
    const md = renderSummary(verdictOf(targets, { expected: NEW }))
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    expect(md).toContain('### ⚠️ Missing: 10 targets with no usable report')
    expect(all(md, /^- `/gm).length).toBeGreaterThan(10)
    expect(md).toMatch(
      /^- … and \d+ more: the `report` output and `report-path` list every target\.$/m
    )
  })

  test('a smaller limit (the PR comment) lists fewer, and says how many more', () => {
    const fleets = [10, 200, 1_000].map(n => {
      const v = fleet(n)
      return { v, whole: Buffer.byteLength(renderSummary(v, { expectedSource: SOURCE })) }
    })
    fc.assert(
      fc.property(
        fc.constantFrom(...fleets),
        fc.integer({ min: 2_000, max: 120_000 }),
        ({ v, whole }, limit) => {
          const md = renderSummary(v, { limit, expectedSource: SOURCE })
          expect(Buffer.byteLength(md)).toBeLessThanOrEqual(limit)
          if (limit < whole)
            expect(md).toMatch(/^- … and \d+ more: |, and \d+ more: |Not listed: /m)
          else expect(md).toBe(renderSummary(v, { expectedSource: SOURCE }))
        }
      ),
      { numRuns: 60 }
    )
  })
})

describe('the report, read back (npm run preview-summary)', () => {
  test('renders the same summary as the verdict it was written from', () => {
    for (const n of [10, 1_000]) {
      const v = fleet(n)
      const report = JSON.parse(JSON.stringify(fullReport(v)))
      expect(previewSummary(report, { expectedSource: SOURCE })).toBe(
        renderSummary(v, { expectedSource: SOURCE })
      )
    }
  })

  test('a file that is no report: the field and what was expected', () => {
    expect(() => previewSummary([])).toThrow('the report: expected a JSON object')
    expect(() =>
      previewSummary({ result: 'fail', targets: [{ name: 'a', status: 'gone' }] })
    ).toThrow(
      'targets[0].status: "gone" is not a status; expected one of current, stale, mixed, missing, undeclared'
    )
  })
})

// Server text: names, reasons, reported builds, URLs. Whatever it holds, it adds no element
// (link, image, heading, table, emphasis, HTML) and no invisible character to the page, and
// reads back as its visible form.
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[x](https://evil.example)',
  '![i](https://evil.example/i.png)',
  '<https://evil.example>',
  'https://evil.example/a',
  'www.evil.example',
  'a@evil.example',
  '@org/team',
  '#12',
  '*bold*',
  '**b**',
  '_it_',
  '~~del~~',
  '~x~',
  '`',
  '``',
  '|',
  '\\',
  '\\`',
  '&amp;',
  '&#96;',
  '&lt;b&gt;',
  '\n## Heading\n',
  '\n| a | b |\n| - | - |\n',
  '\n- item',
  '\n> quote',
  '\n\n',
  '\r\n',
  '<details>',
  '</details>',
  '<!--',
  ':smile:',
  '\u202e',
  '\u200b',
  '\u2028',
  '\u0085',
  '\ufeff',
  '\u{e0041}',
  ' ',
  '  '
]
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 6 })), {
    maxLength: 8
  })
  .map(parts => parts.join(''))

/** Invisible characters: controls (but the line feeds of the HTML), format characters, separators. */
const INVISIBLE = /[^\P{Cc}\n]|[\p{Cf}\u2028\u2029]/u

describe('server text injects nothing', () => {
  test('names, reasons, builds and URLs: only the renderer’s own elements, text read back', () => {
    const status = fc.constantFrom<Status>('current', 'stale', 'mixed', 'missing', 'undeclared')
    const target = fc.record({
      name: hostile,
      status,
      reported: hostile,
      reason: hostile,
      url: hostile,
      finalUrl: hostile
    })
    fc.assert(
      fc.property(fc.array(target, { minLength: 1, maxLength: 6 }), hostile, (list, build) => {
        const targets = list.map(t =>
          targetVerdict(t.name, t.status, {
            reported: t.status === 'current' ? NEW : t.reported,
            expected: NEW,
            ...(t.status === 'current' ? {} : { reason: t.reason }),
            url: t.url,
            finalUrl: t.finalUrl,
            ...(t.status === 'mixed' ? { reported: null, builds: [build, NEW] } : {})
          })
        )
        const v = verdictOf(targets, { expected: NEW })
        const md = renderSummary(v, { expectedSource: SOURCE })
        const page = html(md)
        const statuses = new Set(targets.map(t => t.status))
        const failing = targets.filter(t => t.status !== 'current')
        const current = targets.length - failing.length
        // Exactly the renderer's own elements, besides code, line breaks and list items.
        const tags = all(page, /<(\w+)/g)
          .map(m => m[1])
          .filter(t => !['code', 'br', 'li', 'p'].includes(t))
        expect(tags).toEqual([
          'h2',
          'strong',
          ...[...statuses].filter(s => s !== 'current').flatMap(() => ['h3', 'ul']),
          ...(current ? ['details', 'summary'] : [])
        ])
        expect(all(page, /<li>/g)).toHaveLength(failing.length)
        expect(page).not.toMatch(/<(a|img|table|em|del|h1|h4|blockquote|script|hr)\b/)
        expect(page).not.toMatch(INVISIBLE)
        // Each failing target's name reads back as its visible form (cut at 200).
        const names = all(page, /<li><code>([^<]*)<\/code>/g).map(m => textOf(m[1]))
        const order = ['stale', 'mixed', 'missing', 'undeclared']
        const expected = [...failing]
          .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))
          .map(t => shown(t.name, 200))
        expect(names).toEqual(expected)
      }),
      { numRuns: 300 }
    )
  })

  test('the expected build’s source and a note: prose with markup escaped, read back as given', () => {
    fc.assert(
      fc.property(hostile, hostile, (source, note) => {
        const v = verdictOf([targetVerdict('a', 'current')])
        const page = html(renderSummary(v, { expectedSource: source.replace(/`/g, ''), note }))
        expect(page).not.toMatch(/<(a|img|table|em|del|h[13-6]|ul|ol|blockquote|script|hr)\b/)
        expect(all(page, /<h2>/g)).toHaveLength(1)
        expect(all(page, /<details>/g)).toHaveLength(1)
        expect(all(page, /<strong>/g)).toHaveLength(1)
        expect(page).not.toMatch(INVISIBLE)
        // The note reads back as given, invisible characters written out.
        const first = /<p>([\s\S]*?)<br>/.exec(page)?.[1] ?? ''
        const given = showInvisible(note).replace(/^ +| +$/g, '')
        if (given !== '') expect(textOf(first).replace(/^ +|[ \n]+$/g, '')).toBe(given)
      }),
      { numRuns: 300 }
    )
  })
})

/** What a code span shows of server text: invisible characters written out, cut with "…". */
function shown(text: string, max: number): string {
  const cut =
    text.length <= max
      ? text
      : `${text.slice(0, /[\ud800-\udbff]/.test(text[max - 1]) ? max - 1 : max)}…`
  const visible = showInvisible(cut).replace(
    /[\ud800-\udfff]/gu,
    c => `\\u${c.charCodeAt(0).toString(16)}`
  )
  // A code span with spaces on both sides (and more than spaces) loses one each side.
  return visible === '' ? ' ' : visible
}
