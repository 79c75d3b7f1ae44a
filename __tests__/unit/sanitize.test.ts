import { describe, expect, test } from '@jest/globals'
import { forLog, forMarkdown } from '../../src/report/sanitize.js'

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

describe('forMarkdown', () => {
  test('HTML is escaped', () => {
    expect(forMarkdown('<script>alert("x")</script>')).toBe(
      '&lt;script&gt;alert&#40;&quot;x&quot;&#41;&lt;/script&gt;'
    )
  })

  test('table pipes, emphasis, links, code and images are escaped', () => {
    expect(forMarkdown('a|b')).toBe('a&#124;b')
    expect(forMarkdown('*bold* _it_')).toBe('&#42;bold&#42; &#95;it&#95;')
    expect(forMarkdown('[x](y)')).toBe('&#91;x&#93;&#40;y&#41;')
    expect(forMarkdown('`code`')).toBe('&#96;code&#96;')
    expect(forMarkdown('![i](http://e/x.png)')).toBe('&#33;&#91;i&#93;&#40;http&#58;//e/x.png&#41;')
  })

  test('an entity in the input is not decoded later', () => {
    expect(forMarkdown('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;')
  })

  test('newlines become spaces', () => {
    expect(forMarkdown('a\nb\r\nc')).toBe('a b  c')
  })

  test('plain builds pass through', () => {
    expect(forMarkdown('9f8e7d6c5b4a')).toBe('9f8e7d6c5b4a')
    expect(forMarkdown('v1.2.3-rc.1')).toBe('v1.2.3-rc.1')
  })

  test('long text is cut before escaping', () => {
    expect(forMarkdown('<'.repeat(10), 3)).toBe('&lt;&lt;&lt;…')
  })

  test('no raw markup character survives', () => {
    const out = forMarkdown('<>|`*_[]()#!~@:"\'\\&')
    expect(out).not.toMatch(/[<>|`*_[\]()!~@:"'\\]/)
    expect(out.replace(/&#?\w+;/g, '')).toBe('')
  })
})
