// forLog skips its three replacements when the text has nothing for them (issue 14: two calls a
// target in the log table, 20,000 at 10,000 targets). The result must be what the replacements
// give: forLog as it was is kept here as the oracle.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { forLog, showInvisible } from '../../src/report/sanitize.js'

/** forLog before the fast path (its `cut` as sanitize.ts has it). */
function oldForLog(text: string, max = 200): string {
  const one = showInvisible(text)
    .replace(/:(?=:)/g, ':\u200b')
    .replace(/#(?=#\[)/g, '#\u200b')
  if (one.length <= max) return one
  const end = /[\ud800-\udbff]/.test(one[max - 1] ?? '') ? max - 1 : max
  return `${one.slice(0, end)}…`
}

/** Text rich in what forLog changes: colons, hashes, brackets, controls, format characters. */
const text = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.constantFrom(':', '#', '[', '::', '##[') },
    fc.constantFrom('\n', '\r', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b'),
    fc.constantFrom('\u00ad', '\u200b', '\u202e', '\u2066', '\ufeff', '\u{e0001}', '\u2028'),
    fc.constantFrom('é', '😀', '\ud800', '\udc00')
  ),
  maxLength: 60
})

describe('forLog', () => {
  test('the same text as the three replacements, with or without anything to replace', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 80 }), (t, max) => {
        expect(forLog(t, max)).toBe(oldForLog(t, max))
        expect(forLog(t)).toBe(oldForLog(t))
      }),
      { numRuns: 5000 }
    )
  })

  test.each([
    ['plain', 't-42', 't-42'],
    ['a workflow command', '::error::x', ':\u200b:error:\u200b:x'],
    ['a legacy command', '##[error]x', '#\u200b#[error]x'],
    ['a line break', 'a\nb', 'a\\u000ab'],
    ['a bidi override', 'a\u202eb', 'a\\u202eb'],
    ['a lone colon and hash', 'a:b#c[', 'a:b#c[']
  ])('%s', (_name, input, output) => {
    expect(forLog(input)).toBe(output)
  })
})
