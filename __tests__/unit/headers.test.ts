import { describe, expect, test } from '@jest/globals'
import { ok } from '../../src/common/result.js'
import { parseHeaderLines } from '../../src/config/headers.js'

function problems(text: string): string[] {
  const r = parseHeaderLines(text)
  if (r.ok) throw new Error('expected a problem')
  return r.error.map(p => p.message)
}

describe('parseHeaderLines', () => {
  test('one `Name: value` a line; blanks and comments skipped; CRLF accepted', () => {
    expect(
      parseHeaderLines(
        'X-Api-Key: s3cret\r\n\n  # a comment\nAuthorization:   Bearer abc:def  \nX-Empty-Looking: 0\n'
      )
    ).toEqual(
      ok({ 'X-Api-Key': 's3cret', Authorization: 'Bearer abc:def', 'X-Empty-Looking': '0' })
    )
  })

  test('empty input gives no headers', () => {
    expect(parseHeaderLines('')).toEqual(ok({}))
    expect(parseHeaderLines('\n  \n')).toEqual(ok({}))
  })

  test('a line without a colon', () => {
    expect(problems('X-Api-Key: ok\nhunter2-the-secret')).toEqual([
      'input `headers`, line 2: expected `Name: value` (the line has no header name before a colon)'
    ])
  })

  test('a line starting with a colon', () => {
    expect(problems(':hunter2')).toEqual([
      'input `headers`, line 1: expected `Name: value` (the line has no header name before a colon)'
    ])
  })

  test('an empty value names the header, not a value', () => {
    expect(problems('X-Api-Key:   ')).toEqual([
      'input `headers`, line 1: the value of X-Api-Key is empty; expected `X-Api-Key: value`'
    ])
  })

  test('every bad line is reported, each with its line number', () => {
    const list = problems('A: 1\nno colon here\nB:\n:x')
    expect(list).toHaveLength(3)
    expect(list[0]).toMatch(/^input `headers`, line 2: /)
    expect(list[1]).toMatch(/^input `headers`, line 3: the value of B is empty/)
    expect(list[2]).toMatch(/^input `headers`, line 4: /)
  })

  test('a bad header name is reported as such', () => {
    expect(problems('X Api Key: v')).toEqual([
      "input `headers`, line 1: the text before the first colon is not a header name; expected a header name such as X-Api-Key (letters, digits and !#$%&'*+-.^_`|~; no spaces or colons)"
    ])
  })

  test.each([
    'hunter2',
    ':hunter2',
    'Authorization Bearer hunter2:more',
    'X-Api-Key=hunter2:x',
    'X-Api-Key hunter2: x',
    'Bad Name: hunter2\r',
    'X-Api-Key: hunter2\0'
  ])('a header value is never echoed in a message: %j', line => {
    const list = problems(`${line}\nOther: fine`)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatch(/^input `headers`, line 1: /)
    expect(list[0]).not.toContain('hunter2')
  })
})
