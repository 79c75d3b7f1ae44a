// Server text in the log and the summary: no invisible character (controls, bidi and zero-width
// format characters, tags) gets through raw, every line stays one line, and none can start a
// workflow command. The only format character in forLog's output is the U+200B it puts into
// "::" and "##[" itself.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { forLog, markdownCode, markdownText } from '../../src/report/sanitize.js'

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\u2028\u2029]/u
const CONTROL_OR_FORMAT_ALL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu
/** Every line break the runner or a Markdown renderer could honour. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAK = /[\n\r\u000b\u000c\u0085\u2028\u2029]/

const FORMAT_CHARACTERS = [
  '\u00ad',
  '\u0600',
  '\u061c',
  '\u06dd',
  '\u070f',
  '\u180e',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2060',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u206a',
  '\u206f',
  '\ufeff',
  '\ufff9',
  '\ufffb',
  '\u{110bd}',
  '\u{1d173}',
  '\u{e0001}',
  '\u{e0020}',
  '\u{e007f}'
]

/** Strings rich in what matters here: format and control characters, colons, hashes. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.constantFrom(...FORMAT_CHARACTERS),
      fc.constantFrom('::', ':', '#', '##[', '[', '\n', '\r', '\t', '\u2028', '\u0085', ' '),
      fc.constantFrom('::error::x', '::add-mask::y', '##[error]z', '::stop-commands::t')
    ),
    { maxLength: 30 }
  )
  .map(parts => parts.join(''))
const max = fc.integer({ min: 1, max: 300 })

describe('forLog', () => {
  test('has no Cc or Cf character but the U+200B it puts into "::" and "##["', () => {
    fc.assert(
      fc.property(hostile, max, (text, n) => {
        const out = forLog(text, n)
        const found = [...out.matchAll(CONTROL_OR_FORMAT_ALL)]
        for (const m of found) {
          expect(m[0]).toBe('\u200b')
          const i = m.index as number
          const before = out[i - 1]
          const after = out.slice(i + 1, i + 3)
          // ours: ":<ZWSP>:" or "#<ZWSP>#[", or the cut came right after it
          const ok =
            (before === ':' && /^[:…]/.test(after)) || (before === '#' && /^(#\[|#…|…)/.test(after))
          expect({ out, i, ok }).toEqual({ out, i, ok: true })
        }
      }),
      { numRuns: 3000 }
    )
  })

  test('is one line and never starts or holds a workflow command', () => {
    fc.assert(
      fc.property(hostile, max, (text, n) => {
        const out = forLog(text, n)
        expect(out).not.toMatch(LINE_BREAK)
        // The runner trims leading white space before it looks for "::".
        expect(out.trimStart().startsWith('::')).toBe(false)
        expect(out).not.toContain('::')
        expect(out).not.toContain('##[')
      }),
      { numRuns: 3000 }
    )
  })

  test('no text that has no invisible character or command is changed', () => {
    fc.assert(
      fc.property(fc.string(), text => {
        fc.pre(!CONTROL_OR_FORMAT.test(text) && !text.includes('::') && !text.includes('##['))
        expect(forLog(text, text.length)).toBe(text)
      })
    )
  })

  test.each(FORMAT_CHARACTERS)('U+%s is written out, not passed through', c => {
    const out = forLog(`a${c}b`)
    expect(out).not.toContain(c)
    expect(out).toBe(
      `a\\u${c.codePointAt(0)! > 0xffff ? `{${c.codePointAt(0)!.toString(16)}}` : c.codePointAt(0)!.toString(16).padStart(4, '0')}b`
    )
  })

  test('a server-sent U+200B cannot pass for the one forLog inserts', () => {
    expect(forLog(':\u200b:error::x')).toBe(':\\u200b:error:\u200b:x')
  })

  test('the cut never leaves half of a surrogate pair', () => {
    expect(forLog('ab\u{1f600}', 3)).toBe('ab…')
  })
})

describe('markdownCode and markdownText (the job summary and PR comment)', () => {
  test('have no Cc or Cf character at all and are one line', () => {
    fc.assert(
      fc.property(hostile, max, (text, n) => {
        for (const out of [markdownCode(text, n), markdownText(text, n)]) {
          expect(out).not.toMatch(CONTROL_OR_FORMAT)
          expect(out).not.toMatch(LINE_BREAK)
        }
      }),
      { numRuns: 3000 }
    )
  })

  test.each(FORMAT_CHARACTERS)('U+%s is written out, never kept invisible', c => {
    expect(markdownCode(`a${c}b`)).not.toContain(c)
    expect(markdownText(`a${c}b`)).not.toContain(c)
  })
})
