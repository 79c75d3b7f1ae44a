// The command line's text output: a line per target that is not current (all with --verbose),
// grouped by status and aligned by visible width, then the headline; server text never reaches
// the terminal raw.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { headline } from '../../src/report/headline.js'
import { columns, renderText, type TextFormat } from '../../src/report/text.js'
import { judge, type Verdict } from '../../src/verdict/judge.js'
import type { Observation } from '../../src/verdict/observation.js'
import { makeTarget, missing, reported } from './fixtures.js'

const NEW = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

const plain = (_: TextFormat, text: string) => text
const tagged = (format: TextFormat, text: string) => `[${format}]${text}[/${format}]`

function mixed(name: string): Observation {
  return {
    target: makeTarget(name),
    kind: 'mixed',
    builds: [NEW, OLD],
    code: 'samples-disagree',
    reason: 'samples disagree: 1× 9f8e7d6, 1× 1a2b3c4',
    attempts: 2,
    ms: 30
  }
}

/** In fleet order: current, missing, undeclared (reports-file), mixed, stale. */
function fleet(allowed = false): Verdict {
  return judge(
    [
      reported('web-1', NEW),
      missing('db', 'connection refused'),
      mixed('cache'),
      reported('api', OLD)
    ],
    { kind: 'build', build: NEW },
    { entries: [{ name: 'ghost', build: 'v2.0' }], allowed }
  )
}

/** Where `cell` starts on `line`, in terminal columns. */
function columnOf(line: string, cell: string): number {
  const at = line.indexOf(cell)
  expect(at).toBeGreaterThanOrEqual(0)
  return columns(line.slice(0, at))
}

describe('renderText', () => {
  test('a line per target that is not current, stale, mixed, missing, undeclared; then the headline', () => {
    const v = fleet()
    const lines = renderText(v, { verbose: false, style: plain })
    expect(lines).toHaveLength(6)
    expect(lines.slice(0, 4).map(l => l.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'stale api',
      'mixed cache',
      'missing db',
      'undeclared ghost'
    ])
    expect(lines[4]).toBe('')
    expect(lines[5]).toBe(`✗ ${headline(v)}`)
  })

  test('--verbose shows current targets too, after the others', () => {
    const lines = renderText(fleet(), { verbose: true, style: plain })
    expect(lines).toHaveLength(7)
    expect(lines[4]).toMatch(/^current +web-1 +9f8e7d6 +https:\/\/web-1\.example\.com\/version$/)
    expect(lines[5]).toBe('')
  })

  test('a fleet all current: the headline alone, marked as a pass', () => {
    const v = judge([reported('a', NEW), reported('b', NEW)], { kind: 'build', build: NEW })
    expect(renderText(v, { verbose: false, style: plain })).toEqual(['✓ All 2 targets on 9f8e7d6'])
    expect(renderText(v, { verbose: true, style: plain })).toHaveLength(4)
  })

  test('the columns: status, name, short build (or -), reason, URL', () => {
    const lines = renderText(fleet(), { verbose: false, style: plain })
    expect(lines[0]).toBe(
      `stale       api    1a2b3c4  reports ${OLD}; expected ${NEW}  https://api.example.com/version`
    )
    expect(lines[1]).toBe(
      'mixed       cache  -        samples disagree: 1× 9f8e7d6, 1× 1a2b3c4  https://cache.example.com/version'
    )
    expect(lines[2]).toBe(
      'missing     db     -        connection refused  https://db.example.com/version'
    )
    // A reports-file entry was never asked: it has no URL.
    expect(lines[3]).toBe(
      'undeclared  ghost  v2.0     in the reports-file but not declared in the fleet'
    )
  })

  test('a lookalike of the expected build is shown whole, not as the same 7 characters', () => {
    const lookalike = `${NEW.slice(0, 7)}0000000`
    const v = judge([reported('a', lookalike)], { kind: 'build', build: NEW })
    const [line] = renderText(v, { verbose: false, style: plain })
    expect(line.split(/ +/)[2]).toBe(lookalike)
  })

  test('reasons start in one column whatever the names, wide characters counted as two', () => {
    const v = judge(
      [
        missing('a', 'reason-a'),
        missing('a-much-longer-name', 'reason-b'),
        missing('日本語', 'reason-c'),
        missing('e\u0301x', 'reason-d'),
        reported('stale-one', OLD)
      ],
      { kind: 'build', build: NEW }
    )
    const lines = renderText(v, { verbose: false, style: plain })
    const at = ['reports', 'reason-a', 'reason-b', 'reason-c', 'reason-d'].map((r, i) =>
      columnOf(lines[i], r)
    )
    expect(new Set(at).size).toBe(1)
    // status (7) + 2, name (18) + 2, build (7) + 2
    expect(at[0]).toBe(38)
    // Counted by hand: 日本語 is 3 UTF-16 units in 6 columns, e + U+0301 + x 3 units in 2.
    expect(lines[3].indexOf('reason-c')).toBe(38 - 3)
    expect(lines[4].indexOf('reason-d')).toBe(38 + 1)
  })

  test('visible width: a column per character, two for wide ones, none for combining marks', () => {
    expect(columns('abc')).toBe(3)
    expect(columns('日本語')).toBe(6)
    expect(columns('한글')).toBe(4)
    expect(columns('😀')).toBe(2)
    expect(columns('e\u0301')).toBe(1)
    expect(columns('\\u001b')).toBe(6)
  })

  test('a very long name overflows its own line only: the name column is at most 40 wide', () => {
    const long = 'n'.repeat(300)
    const v = judge(
      [missing('a', 'reason-a'), missing(long, 'reason-long'), missing('bb', 'reason-b')],
      { kind: 'build', build: NEW }
    )
    const lines = renderText(v, { verbose: false, style: plain })
    expect(columnOf(lines[0], 'reason-a')).toBe(columnOf(lines[2], 'reason-b'))
    expect(columnOf(lines[0], 'reason-a')).toBe('missing'.length + 2 + 40 + 2 + 1 + 2)
    // The long name is shown (cut like the log's text, at 200 characters), not hidden.
    expect(lines[1]).toContain(`${'n'.repeat(200)}…`)
    expect(lines[1]).not.toContain('n'.repeat(201))
  })

  test('the URL is last, with where a redirect led in parentheses', () => {
    const v = judge([{ ...reported('a', OLD), finalUrl: 'https://other.example.com/version' }], {
      kind: 'build',
      build: NEW
    })
    const [line] = renderText(v, { verbose: false, style: plain })
    expect(line).toMatch(
      / {2}https:\/\/a\.example\.com\/version \(redirected to https:\/\/other\.example\.com\/version\)$/
    )
  })

  test('styles: status by outcome, URL dim, the mark green or red, the headline bold', () => {
    const v = fleet()
    const lines = renderText(v, { verbose: true, style: tagged })
    expect(lines[0].startsWith('[red]stale[/red]       api')).toBe(true)
    expect(lines[0].endsWith('[dim]https://api.example.com/version[/dim]')).toBe(true)
    expect(lines[3].startsWith('[red]undeclared[/red]  ghost')).toBe(true)
    expect(lines[4].startsWith('[green]current[/green]     web-1')).toBe(true)
    expect(lines[6]).toBe(`[red]✗[/red] [bold]${headline(v)}[/bold]`)
    // Padding is outside the styled text, so the columns are where they are without colour.
    const unstyled = lines.map(l => l.replace(/\[\/?[a-z]+\]/g, ''))
    expect(unstyled).toEqual(renderText(v, { verbose: true, style: plain }))
  })

  test('an undeclared entry that allow-undeclared lets pass is yellow and says so', () => {
    const v = judge(
      [reported('a', NEW)],
      { kind: 'build', build: NEW },
      {
        entries: [{ name: 'ghost', build: 'v2.0' }],
        allowed: true
      }
    )
    const lines = renderText(v, { verbose: false, style: tagged })
    expect(lines[0]).toBe(
      '[yellow]undeclared[/yellow]  ghost  v2.0  in the reports-file but not declared in the fleet (allowed)'
    )
    expect(lines[2]).toBe(`[green]✓[/green] [bold]${headline(v)}[/bold]`)
  })
})

describe('renderText and untrusted text', () => {
  test('an escape sequence from a server never reaches the terminal raw', () => {
    const evil = '\u001b[2J\u001b]0;pwned\u0007\u009b31m'
    const v = judge(
      [
        missing(`name${evil}`, `refused ${evil}`),
        reported('b', `v1${evil}`),
        { ...reported('c', OLD), finalUrl: `https://c.example.com/${evil}` }
      ],
      { kind: 'build', build: NEW }
    )
    const lines = renderText(v, { verbose: true, style: plain })
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    for (const line of lines) expect(line).not.toMatch(/[\u001b\u0007\u009b]/)
    const all = lines.join('\n')
    expect(all).toContain('refused \\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m')
    expect(all).toContain('name\\u001b[2J')
    expect(all).toContain('v1\\u001b[2J')
    expect(all).toContain('https://c.example.com/\\u001b[2J')
  })

  test('bidi overrides and zero-width characters are written out; no U+200B breaker is added', () => {
    const v = judge([missing('a\u202eb', '::error::x ##[error] \u200b')], {
      kind: 'build',
      build: NEW
    })
    const [line] = renderText(v, { verbose: false, style: plain })
    expect(line).toContain('a\\u202eb')
    expect(line).toContain('::error::x ##[error] \\u200b')
    expect(line).not.toMatch(/[\u200b\u202e]/)
  })

  test('a long reason is cut at 200 characters', () => {
    const v = judge([missing('a', 'r'.repeat(5000))], { kind: 'build', build: NEW })
    const [line] = renderText(v, { verbose: false, style: plain })
    expect(line).toContain(`${'r'.repeat(200)}…  https://a.example.com/version`)
    expect(line).not.toContain('r'.repeat(201))
  })

  test('for any names and server text, no line has a control, format or lone surrogate character', () => {
    const unit = fc.oneof(
      fc.constantFrom('\u001b', '\u009b', '\u0007', '\n', '\r', '\t', '\u202e', '\u2028', '\ud800'),
      fc.integer({ min: 0, max: 0xffff }).map(n => String.fromCharCode(n)),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
    )
    const text = fc.string({ unit, maxLength: 20 })
    const observation = fc.oneof(
      fc
        .record({ name: text, build: text, finalUrl: text })
        .map(({ name, build, finalUrl }): Observation => ({
          ...reported(name, build),
          ...(finalUrl ? { finalUrl } : {})
        })),
      fc.record({ name: text, reason: text }).map(({ name, reason }) => missing(name, reason))
    )
    fc.assert(
      fc.property(
        fc.array(observation, { maxLength: 6 }),
        fc.array(fc.record({ name: text, build: fc.option(text, { nil: null }) }), {
          maxLength: 2
        }),
        fc.boolean(),
        fc.boolean(),
        (observations, entries, allowed, verbose) => {
          const v = judge(observations, { kind: 'consensus' }, { entries, allowed })
          const lines = renderText(v, { verbose, style: plain })
          for (const line of lines) {
            expect(line).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029\ud800-\udfff]/u)
          }
          expect(lines[lines.length - 1].startsWith(v.result === 'pass' ? '✓ ' : '✗ ')).toBe(true)
        }
      ),
      { numRuns: 300 }
    )
  })
})
