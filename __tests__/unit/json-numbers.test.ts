// Issue 8, "Green must never lie": a build sent as a JSON number is reported as the digits the
// server sent. A JavaScript number keeps about 16 digits: {"build": 12345678901234567890} read
// as 12345678901234567000 would be compared as another build (or, worse, match one it is not).
// Both for `json:` paths and for the well-known fields, and in a reports-file.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { ok } from '../../src/common/result.js'
import { parseReports } from '../../src/fleet/reports-file.js'
import type { Extraction } from '../../src/fleet/target.js'
import { MAX_EXACT_JSON_DEPTH, type ReadResponse } from '../../src/probe/extract.js'
import { extracted as extractBuild } from './fixtures.js'
import {
  deeperThan,
  JsonNumber,
  lineAt,
  numberText,
  parseExactJson
} from '../../src/common/exact-json.js'

const BIG = '12345678901234567890'
const AUTO: Extraction = { kind: 'auto' }
const at = (p: string): Extraction => ({ kind: 'json', path: p.split('.') })

function res(body: string): ReadResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body }
}

/** Integers as JSON writes them: no leading zeros, up to 40 digits, either sign. */
const integerText = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,39})$/))
  .map(([negative, digits]) => (negative && digits !== '0' ? `-${digits}` : digits))

describe('a number build keeps every digit', () => {
  test(`json: path — ${BIG}, not 12345678901234567000`, () => {
    expect(extractBuild(res(`{"build": ${BIG}}`), at('build'))).toEqual({ build: BIG })
  })

  test('deep in the body, through arrays', () => {
    const body = `{"builds": [{"n": 1}, {"n": 98765432109876543210987654321}]}`
    expect(extractBuild(res(body), at('builds.1.n'))).toEqual({
      build: '98765432109876543210987654321'
    })
  })

  test('a well-known field, found without any configuration', () => {
    expect(extractBuild(res(`{"version": ${BIG}}`), AUTO)).toEqual({ build: BIG })
    expect(extractBuild(res(`{"git": {"commit": {"id": ${BIG}}}}`), AUTO)).toEqual({
      build: BIG
    })
  })

  test('the text as sent: 1.50 stays 1.50, 1e3 stays 1e3, 2.0 stays 2.0', () => {
    for (const n of ['1.50', '1e3', '2.0', '1E+21', '0.1000000000000000055511151231257827'])
      expect(extractBuild(res(`{"build": ${n}}`), at('build'))).toEqual({ build: n })
  })

  test('strings, small numbers and other fields read as before', () => {
    expect(extractBuild(res('{"build": 4512}'), at('build'))).toEqual({ build: '4512' })
    expect(extractBuild(res(`{"build": "${BIG}"}`), at('build'))).toEqual({ build: BIG })
    expect(extractBuild(res(`{"other": ${BIG}, "sha": "abc1234"}`), AUTO)).toEqual({
      build: 'abc1234'
    })
  })

  test('property: any integer of up to 40 digits is reported exactly, by path and by field', () => {
    fc.assert(
      fc.property(integerText, digits => {
        expect(extractBuild(res(`{"a": {"b": ${digits}}}`), at('a.b'))).toEqual({ build: digits })
        expect(extractBuild(res(`{"pad": [1, 2.5], "releaseId": ${digits}}`), AUTO)).toEqual({
          build: digits
        })
      }),
      { numRuns: 500 }
    )
  })

  test('a body nested deeper than the exact reading allows: a reason, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const body = `{"build": ${BIG}, "junk": ${deep}}`
    const found = extractBuild(res(body), at('build'))
    expect(found).toEqual({
      reason: `the number at build cannot be read exactly: the JSON body nests more than ${MAX_EXACT_JSON_DEPTH} levels deep`
    })
    // a field of the same deep body that is text is read as before
    const text = `{"build": "${BIG}", "junk": ${deep}}`
    expect(extractBuild(res(text), at('build'))).toEqual({ build: BIG })
    // the same fails closed when the field was found by auto-detection: no other field is tried
    const auto = `{"sha": ${BIG}, "version": "v1", "junk": ${deep}}`
    expect(extractBuild(res(auto), AUTO)).toMatchObject({
      reason: expect.stringContaining('the number at sha cannot be read exactly')
    })
  })

  test(`${MAX_EXACT_JSON_DEPTH} levels are read exactly`, () => {
    const n = MAX_EXACT_JSON_DEPTH - 1
    const body = `{"build": ${BIG}, "junk": ${'['.repeat(n)}${']'.repeat(n)}}`
    expect(extractBuild(res(body), at('build'))).toEqual({ build: BIG })
  })
})

describe('a reports-file keeps every digit too', () => {
  /** The messages of a file that must have problems. */
  const problemsOf = (text: string): string[] => {
    const r = parseReports(text, 'r.json')
    if (r.ok) throw new Error('expected a problem')
    return r.error.map(p => p.message)
  }

  test('a mapping of names to number builds', () => {
    expect(parseReports(`{"web-1": ${BIG}, "web-2": 1.50}`, 'r.json')).toEqual(
      ok([
        { name: 'web-1', build: BIG },
        { name: 'web-2', build: '1.50' }
      ])
    )
  })

  test('a list of entries', () => {
    expect(parseReports(`[{"name": "web-1", "build": ${BIG}}]`, 'r.json')).toEqual(
      ok([{ name: 'web-1', build: BIG }])
    )
  })

  test('property: any integer of up to 40 digits round-trips', () => {
    fc.assert(
      fc.property(integerText, digits => {
        expect(parseReports(`{"web": ${digits}}`, 'r.json')).toEqual(
          ok([{ name: 'web', build: digits }])
        )
      })
    )
  })

  test('a number where a mapping belongs is not a mapping', () => {
    expect(problemsOf(`[${BIG}]`).join('\n')).toContain('reports-file "r.json": [0]: not a mapping')
    expect(problemsOf(BIG).join('\n')).toContain(
      'reports-file "r.json": expected {"name": "build", …}'
    )
  })

  test.each([
    ['100,000 [', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['a deep build value', `{"web": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['never closed', '{"web":\n' + '{"a":'.repeat(100_000)]
  ])('nested too deeply (%s) is bad input, never a stack overflow', (_name, text) => {
    const [message, ...more] = problemsOf(text)
    expect(more).toEqual([])
    expect(message).toMatch(
      /^reports-file "r\.json", line \d: nested too deeply; expected at most 64 levels of arrays and objects \(the file needs 2: \{"name": "build", …\} or \[\{"name": …, "build": …\}\]\)$/
    )
    expect(message).not.toMatch(/call stack/i)
  })
})

describe('the pieces', () => {
  test('parseExactJson: numbers as sent, everything else as JSON.parse gives it', () => {
    const v = parseExactJson(`{"a": ${BIG}, "b": ["x", true, null, -0.5e-3]}`) as {
      a: JsonNumber
      b: unknown[]
    }
    expect(v.a).toEqual(new JsonNumber(BIG, Number(BIG)))
    expect(v.b.slice(0, 3)).toEqual(['x', true, null])
    expect((v.b[3] as JsonNumber).source).toBe('-0.5e-3')
  })

  test('numberText: without the source (an older runtime) only safe integers are exact', () => {
    expect(numberText(new JsonNumber(BIG, Number(BIG)))).toBe(BIG)
    expect(numberText(4512)).toBe('4512')
    expect(numberText(Number.MAX_SAFE_INTEGER)).toBe(String(Number.MAX_SAFE_INTEGER))
    expect(numberText(Number(BIG))).toBeUndefined()
    expect(numberText(1.5)).toBeUndefined()
  })

  test('deeperThan: brackets inside strings do not count; escapes are skipped', () => {
    expect(deeperThan('[[1]]', 2)).toBeUndefined()
    expect(deeperThan('[[[1]]]', 2)).toBe(2)
    expect(deeperThan('["[[[[", "\\"[[[["]', 1)).toBeUndefined()
    expect(deeperThan('{"a": {"b": [1]}}', 2)).toBe(12)
  })

  test('property: deeperThan agrees with the depth of any JSON value', () => {
    const depth = (v: unknown): number =>
      v !== null && typeof v === 'object'
        ? 1 + Math.max(0, ...Object.values(v as object).map(depth))
        : 0
    fc.assert(
      fc.property(fc.json(), text => {
        const d = depth(JSON.parse(text))
        expect(deeperThan(text, d)).toBeUndefined()
        if (d > 0) expect(deeperThan(text, d - 1)).toBeDefined()
      })
    )
  })

  test('lineAt counts lines from 1', () => {
    expect(lineAt('abc', 2)).toBe(1)
    expect(lineAt('a\nb\nc', 4)).toBe(3)
  })
})
