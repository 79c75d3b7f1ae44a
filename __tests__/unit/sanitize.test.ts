import { describe, expect, test } from '@jest/globals'
import { forLog } from '../../src/report/sanitize.js'

describe('forLog', () => {
  test('plain text is left alone', () => {
    expect(forLog('router-8 stale (runs 1a2b3c4)')).toBe('router-8 stale (runs 1a2b3c4)')
  })

  test.each(['a\nb', 'a\r\nb', 'a\rb', 'a\u2028b', 'a\u0085b', '\n\n'])(
    'no newline or carriage return survives: %j',
    text => {
      const out = forLog(text)
      expect(out).not.toMatch(/[\r\n\u2028\u2029\u0085]/)
    }
  )

  test('control characters become visible escapes', () => {
    expect(forLog('a\nb\tc\u001b[31m')).toBe('a\\u000ab\\u0009c\\u001b[31m')
  })

  test('bidi overrides are escaped', () => {
    expect(forLog('abc\u202edcba')).toBe('abc\\u202edcba')
  })

  test.each([
    '::error::x',
    '::add-mask::hunter2',
    '  ::set-output name=result::pass',
    'x\n::error::pwned',
    'x\r\n::add-mask::y',
    ':::error::x',
    '::::error::::x',
    '::stop-commands::token'
  ])('no workflow command survives: %j', text => {
    const out = forLog(text)
    expect(out).not.toContain('::error::')
    expect(out).not.toContain('::add-mask::')
    expect(out).not.toContain('::set-output')
    expect(out).not.toContain('::stop-commands::')
    expect(out).not.toMatch(/^\s*::/)
    expect(out).not.toMatch(/[\r\n]/)
  })

  test.each(['##[error]x', 'ok ##[add-mask]secret', '###[warning]x', '##[group]a##[endgroup]'])(
    'the legacy ##[command] cannot appear anywhere: %j',
    text => {
      expect(forLog(text)).not.toContain('##[')
    }
  )

  test('the text is still readable', () => {
    expect(forLog('::error::x')).toBe(':\u200b:error:\u200b:x')
    expect(forLog('##[error]x')).toBe('#\u200b#[error]x')
  })

  test('long text is cut with an ellipsis', () => {
    expect(forLog('a'.repeat(300))).toBe(`${'a'.repeat(200)}…`)
    expect(forLog('a'.repeat(20), 10)).toBe(`${'a'.repeat(10)}…`)
    expect(forLog('a'.repeat(200))).toBe('a'.repeat(200))
  })
})
