import { describe, expect, test } from '@jest/globals'
import { ok } from '../../src/common/result.js'
import { observeReports } from '../../src/verdict/from-reports.js'
import { parseReports } from '../../src/fleet/reports-file.js'
import { makeTarget } from './fixtures.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'

function problems(text: string): string[] {
  const r = parseReports(text, 'reports.json')
  if (r.ok) throw new Error('no problem')
  return r.error.map(p => p.message)
}

describe('parseReports', () => {
  test('{"name": "build", …}', () => {
    expect(parseReports(`{"a": "${SHA}", "b": "1a2b3c4"}`, 'r.json')).toEqual(
      ok([
        { name: 'a', build: SHA },
        { name: 'b', build: '1a2b3c4' }
      ])
    )
  })

  test('[{"name": …, "build": …}], extra fields ignored', () => {
    const text = JSON.stringify([
      { name: 'a', build: SHA, host: '10.0.0.1' },
      { name: 'b', build: '1a2b3c4' }
    ])
    expect(parseReports(text, 'r.json')).toEqual(
      ok([
        { name: 'a', build: SHA },
        { name: 'b', build: '1a2b3c4' }
      ])
    )
  })

  test('null stays null; numbers become text; names and builds are trimmed', () => {
    expect(parseReports('{" a ": null, "b": 42, "c": " abc1234\\n"}', 'r.json')).toEqual(
      ok([
        { name: 'a', build: null },
        { name: 'b', build: '42' },
        { name: 'c', build: 'abc1234' }
      ])
    )
  })

  test('an empty mapping or list is no entries', () => {
    expect(parseReports('{}', 'r.json')).toEqual(ok([]))
    expect(parseReports('[]', 'r.json')).toEqual(ok([]))
  })

  test('not JSON', () => {
    const [message] = problems('{"a": ')
    expect(message).toContain('reports-file "reports.json": not valid JSON')
    expect(message).toContain('expected {"name": "build", …} or [{"name": …, "build": …}]')
  })

  test.each([['"abc"'], ['42'], ['null'], ['true']])('a JSON %s is the wrong shape', text => {
    expect(problems(text)).toEqual([
      'reports-file "reports.json": expected {"name": "build", …} or [{"name": …, "build": …}]'
    ])
  })

  test('list items that are not mappings, names that are not text, builds that are not text', () => {
    const found = problems(
      JSON.stringify([
        'a',
        null,
        [],
        { build: 'x' },
        { name: '  ', build: 'x' },
        { name: 'b', build: true }
      ])
    )
    expect(found).toEqual([
      expect.stringContaining('[0]: not a mapping'),
      expect.stringContaining('[1]: not a mapping'),
      expect.stringContaining('[2]: not a mapping'),
      expect.stringContaining('[3]: the name is not text'),
      expect.stringContaining('[4]: the name is not text'),
      expect.stringContaining('[5]: the build of "b" is not text')
    ])
  })

  test('a mapping with a build that is an object or a list', () => {
    expect(problems('{"a": {"sha": "x"}, "b": ["x"]}')).toEqual([
      expect.stringContaining('"a": the build of "a" is not text'),
      expect.stringContaining('"b": the build of "b" is not text')
    ])
  })

  test('a name twice is an error, also after trimming', () => {
    expect(problems('[{"name": "a", "build": "1"}, {"name": "a ", "build": "2"}]')).toEqual([
      'reports-file "reports.json": "a" appears twice; expected one build per name'
    ])
  })

  test('at most 20 problems', () => {
    expect(problems(JSON.stringify(Array.from({ length: 50 }, () => 1)))).toHaveLength(20)
  })
})

describe('observeReports', () => {
  const targets = ['web', 'db', 'cache', 'queue'].map(n => makeTarget(n))

  test('builds for declared targets, missing ones and placeholders with a reason, the rest undeclared', () => {
    const { observations, undeclared } = observeReports(targets, [
      { name: 'ghost', build: SHA },
      { name: 'web', build: SHA },
      { name: 'queue', build: 'unknown' },
      { name: 'db', build: null },
      { name: 'other', build: null }
    ])
    expect(observations).toMatchObject([
      { target: { name: 'web' }, kind: 'reported', build: SHA },
      { target: { name: 'db' }, kind: 'none', code: 'placeholder', reason: 'placeholder "null"' },
      {
        target: { name: 'cache' },
        kind: 'none',
        code: 'not-in-reports-file',
        reason: 'not in the reports-file'
      },
      {
        target: { name: 'queue' },
        kind: 'none',
        code: 'placeholder',
        reason: 'placeholder "unknown"'
      }
    ])
    expect(observations.every(o => o.attempts === 0 && o.ms === 0)).toBe(true)
    expect(undeclared).toEqual([
      { name: 'ghost', build: SHA },
      { name: 'other', build: null }
    ])
  })

  test('names are compared exactly', () => {
    const { observations, undeclared } = observeReports(
      [makeTarget('Web')],
      [{ name: 'web', build: SHA }]
    )
    expect(observations[0]).toMatchObject({ reason: 'not in the reports-file' })
    expect(undeclared.map(e => e.name)).toEqual(['web'])
  })

  test('an empty file: every target missing, nothing undeclared', () => {
    const { observations, undeclared } = observeReports(targets, [])
    expect(observations).toMatchObject(
      Array(4).fill({
        kind: 'none',
        code: 'not-in-reports-file',
        reason: 'not in the reports-file'
      })
    )
    expect(undeclared).toEqual([])
  })
})
