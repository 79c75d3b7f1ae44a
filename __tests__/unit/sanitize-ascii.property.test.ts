// The ASCII fast paths of sanitize.ts (no Unicode-class regular expression for printable ASCII,
// to spare start-up their compilation) give the same text as the rules written with Unicode
// classes, which are kept here as they were: for ASCII text, text that is ASCII but for one
// character, and any text at all, cut or not.
import { expect, test } from '@jest/globals'
import fc from 'fast-check'
import { forLog, markdownText, showInvisible } from '../../src/report/sanitize.js'

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu
const LONE_SURROGATE = /[\ud800-\udfff]/gu

function escapeCodePoint(c: string): string {
  const cp = c.codePointAt(0) as number
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max
  return `${text.slice(0, end)}…`
}

function showInvisibleUnicode(text: string, lines = false): string {
  return text.replace(INVISIBLE, c => (lines && c === '\n' ? c : escapeCodePoint(c)))
}

function forLogUnicode(text: string, max: number): string {
  if (!/[\p{Cc}\p{Cf}\u2028\u2029]|::|##\[/u.test(text)) return cut(text, max)
  const one = showInvisibleUnicode(text)
    .replace(/:(?=:)/g, ':\u200b')
    .replace(/#(?=#\[)/g, '#\u200b')
  return cut(one, max)
}

function markdownTextUnicode(text: string, max: number): string {
  return showInvisibleUnicode(cut(text, max))
    .replace(LONE_SURROGATE, escapeCodePoint)
    .replace(/^ +/, '')
    .replace(
      /[\\`*[\]<>~|@]|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_|&(?=#?\w+;)|:(?=\/\/)/gu,
      c => `\\${c}`
    )
    .replace(/(?<![\p{L}\p{N}])(www)\./giu, '$1\\.')
    .replace(/^([#+\-=])|^(\d+)(?=[.)])/, (_, mark?: string, n?: string) =>
      mark ? `\\${mark}` : `${n}\\`
    )
}

/** The characters the rules turn on, and letters and digits either side of them. */
const TRICKY = [...'aZ09 _-+=#.:/[]()<>&;*`~|@\\!wW', 'www.', '::', '##[', '&amp;', '1.']
/** Non-ASCII: a letter, a digit, invisible ones, a surrogate pair, lone halves, the ellipsis. */
const OTHER = ['é', 'ß', '٣', '\u200b', '\u202e', '\n', '\u0085', '😀', '\ud800', '\udc00', '…']

const ascii = fc.array(fc.constantFrom(...TRICKY), { maxLength: 30 }).map(a => a.join(''))
const almostAscii = fc.tuple(ascii, fc.constantFrom(...OTHER), ascii).map(([a, b, c]) => a + b + c)
/** Short strings of the characters word boundaries turn on, so that every pair of them comes up. */
const dense = fc.array(fc.constantFrom(...'a0_ w.#1)é٣…'), { maxLength: 8 }).map(a => a.join(''))
const anyText = fc.oneof(ascii, almostAscii, dense, fc.string({ unit: 'binary', maxLength: 40 }))
const max = fc.integer({ min: 1, max: 50 })

test('showInvisible: the same as with Unicode classes alone', () => {
  fc.assert(
    fc.property(anyText, fc.boolean(), (text, lines) => {
      expect(showInvisible(text, lines)).toBe(showInvisibleUnicode(text, lines))
    }),
    { numRuns: 1000 }
  )
})

test('forLog: the same as with Unicode classes alone', () => {
  fc.assert(
    fc.property(anyText, max, (text, n) => {
      expect(forLog(text, n)).toBe(forLogUnicode(text, n))
    }),
    { numRuns: 1000 }
  )
})

test('markdownText: the same as with Unicode classes alone, cut or not', () => {
  fc.assert(
    fc.property(anyText, max, (text, n) => {
      expect(markdownText(text, n)).toBe(markdownTextUnicode(text, n))
    }),
    { numRuns: 1000 }
  )
})

test('a letter that is not ASCII is still a letter next to _', () => {
  // é_ is inside a word (no escape); a_ too; a lone _ after a space is escaped.
  expect(markdownText('café_x')).toBe('café_x')
  expect(markdownText('cafe_x')).toBe('cafe_x')
  expect(markdownText('a _x')).toBe('a \\_x')
})
