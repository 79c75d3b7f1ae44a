// scripts/ascii-bundle.mjs rewrites the bundles' non-ASCII characters as \u escapes: the code
// must mean the same afterwards, in strings, templates and regular expressions.
import { expect, test } from '@jest/globals'
import fc from 'fast-check'
import path from 'node:path'
import { ROOT } from '../helpers/run-action.js'

const { toAscii } = (await import(path.join(ROOT, 'scripts', 'ascii-bundle.mjs'))) as {
  toAscii(source: string, file?: string): string
}

const evaluate = (source: string): unknown => new Function(`return ${source}`)()
const text = fc.string({ unit: 'grapheme', maxLength: 40 })

test('string literals and templates read the same text after the rewrite', () => {
  fc.assert(
    fc.property(text, s => {
      const literal = JSON.stringify(s)
      const template = '`' + s.replace(/[\\`$]/g, c => `\\${c}`) + '`'
      for (const source of [literal, template]) {
        const ascii = toAscii(source)
        expect([...ascii].every(c => c.charCodeAt(0) < 0x80)).toBe(true)
        expect(evaluate(ascii)).toBe(evaluate(source))
      }
    })
  )
})

test('regular expressions match the same text, with and without the u flag', () => {
  const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, c => `\\${c}`)
  fc.assert(
    fc.property(text, text, (pattern, subject) => {
      // A line break cannot be in a regular expression literal; an empty one would be a comment.
      fc.pre(!/[\n\r\u2028\u2029]/.test(pattern))
      for (const flags of ['', 'u']) {
        const source = `/${escape(pattern) || '(?:)'}/${flags}`
        const before = evaluate(source) as RegExp
        const after = evaluate(toAscii(source)) as RegExp
        expect(after.test(subject)).toBe(before.test(subject))
        expect(after.test(pattern)).toBe(true)
      }
    })
  )
})

test('a non-ASCII character after a backslash or next to String.raw is refused, not rewritten', () => {
  expect(() => toAscii("'\\é'")).toThrow(/after a backslash/)
  expect(() => toAscii("'\\\\\\é'")).toThrow(/after a backslash/)
  // An escaped backslash escapes nothing after it: the é is rewritten, and reads the same.
  expect(toAscii("'\\\\é'")).toBe("'\\\\\\u00e9'")
  expect(evaluate(toAscii("'\\\\é'"))).toBe('\\é')
  expect(() => toAscii('String.raw`é`')).toThrow(/String.raw/)
  // String.raw elsewhere in the file is no reason to refuse.
  expect(toAscii('String.raw`\\d`; "é"')).toBe('String.raw`\\d`; "\\u00e9"')
  expect(toAscii('// café\nconst a = 1')).toBe('// caf\\u00e9\nconst a = 1')
})
