// The JUnit report (`--junit FILE`): one testsuite, a testcase per target, failures counted and
// explained, every piece of text escaped so that the file stays well-formed XML 1.0.
import { describe, expect, test } from '@jest/globals'
import { FLEET_TESTCASE, renderJUnit } from '../../src/report/junit.js'
import { judge, type Verdict } from '../../src/verdict/judge.js'
import type { Observation } from '../../src/verdict/observation.js'
import { makeTarget, missing, reported } from './fixtures.js'
import { parseReport as parse } from './junit-xml.js'

const NEW = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

function mixed(name: string, builds: string[]): Observation {
  return {
    target: makeTarget(name),
    kind: 'mixed',
    builds,
    code: 'samples-disagree',
    reason: `samples disagree: 1× ${builds[0].slice(0, 7)}, 1× ${builds[1].slice(0, 7)}`,
    attempts: 2,
    ms: 340
  }
}

/** One target of each status; the undeclared one from a reports-file. */
function everyStatus(allowed = false): Verdict {
  return judge(
    [
      reported('web-1', NEW),
      reported('web-2', OLD),
      mixed('web-3', [NEW, OLD]),
      missing('web-4', 'connection refused', {}, 'refused')
    ],
    { kind: 'build', build: NEW },
    { entries: [{ name: 'ghost', build: OLD }], allowed }
  )
}

describe('renderJUnit', () => {
  test('a fleet with every status: one suite, a testcase per target, failures counted', () => {
    const xml = renderJUnit(everyStatus(), {
      expectedSource: 'GITHUB_SHA',
      timestamp: '2026-03-01T12:00:00Z',
      durationMs: 1234
    })
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true)
    const { suites, suite, suiteCount, properties, cases } = parse(xml)
    expect(suiteCount).toBe(1)
    expect(suites).toMatchObject({
      name: 'fleet-check',
      tests: '5',
      failures: '4',
      errors: '0',
      time: '1.234'
    })
    expect(suite).toMatchObject({
      name: 'fleet-check',
      tests: '5',
      failures: '4',
      errors: '0',
      skipped: '0',
      time: '1.234',
      timestamp: '2026-03-01T12:00:00Z'
    })
    expect(properties).toMatchObject({
      expected: NEW,
      'expected-source': 'GITHUB_SHA',
      result: 'fail'
    })
    expect(properties.headline).toMatch(/^4 of 5 targets not on 9f8e7d6: /)
    expect(cases.map(c => [c.classname, c.name, c.failure?.type ?? 'pass'])).toEqual([
      ['fleet-check', 'web-1', 'pass'],
      ['fleet-check', 'web-2', 'stale'],
      ['fleet-check', 'web-3', 'mixed'],
      ['fleet-check', 'web-4', 'missing'],
      ['fleet-check', 'ghost', 'undeclared']
    ])
    // The counts are the testcases'.
    expect(cases).toHaveLength(Number(suite.tests))
    expect(cases.filter(c => c.failure)).toHaveLength(Number(suite.failures))
  })

  test('a failure: message "<status>: <reason>", type the status, the details in its text', () => {
    const v = everyStatus()
    const { cases } = parse(renderJUnit(v, {}))
    const stale = cases[1].failure
    expect(stale?.message).toBe(`stale: reports ${OLD}; expected ${NEW}`)
    expect(stale?.['#text']).toBe(
      [
        'status: stale',
        `reported: ${OLD}`,
        `expected: ${NEW}`,
        `reason: reports ${OLD}; expected ${NEW}`,
        'url: https://web-2.example.com/version',
        'attempts: 1'
      ].join('\n')
    )
    expect(cases[2].failure?.message).toBe('mixed: samples disagree: 1× 9f8e7d6, 1× 1a2b3c4')
    expect(cases[2].failure?.['#text']).toContain(`builds: ${NEW}, ${OLD}`)
    expect(cases[3].failure?.message).toBe('missing: connection refused')
    expect(cases[3].failure?.['#text']).toContain('attempts: 3')
    expect(cases[4].failure?.message).toBe(
      'undeclared: in the reports-file but not declared in the fleet'
    )
    expect(cases[4].failure?.['#text']).toContain(`reported: ${OLD}`)
    // A reports-file entry was never asked: no url line.
    expect(cases[4].failure?.['#text']).not.toContain('url:')
  })

  test('a current target has no failure; its system-out says what it reported', () => {
    const { cases } = parse(renderJUnit(everyStatus(), {}))
    expect(cases[0].failure).toBeUndefined()
    expect(cases[0]['system-out']).toContain(`reported: ${NEW}`)
    expect(cases[0]['system-out']).toContain('status: current')
  })

  test('the final URL of a redirect is in the details', () => {
    const v = judge(
      [{ ...reported('a', OLD), finalUrl: 'https://elsewhere.example.com/version' }],
      { kind: 'build', build: NEW }
    )
    const { cases } = parse(renderJUnit(v, {}))
    expect(cases[0].failure?.['#text']).toContain(
      'final url: https://elsewhere.example.com/version'
    )
  })

  test('an undeclared entry that allow-undeclared lets pass is a passing testcase, counted', () => {
    const v = everyStatus(true)
    const { suite, properties, cases } = parse(renderJUnit(v, {}))
    expect(suite).toMatchObject({ tests: '5', failures: '3' })
    expect(cases[4].name).toBe('ghost')
    expect(cases[4].failure).toBeUndefined()
    expect(cases[4]['system-out']).toContain('status: undeclared (allowed')
    expect(properties['allow-undeclared']).toBe('true')

    // Nothing else failing: the run passes, and so does the report.
    const only = judge(
      [reported('a', NEW)],
      { kind: 'build', build: NEW },
      {
        entries: [{ name: 'ghost', build: OLD }],
        allowed: true
      }
    )
    expect(only.result).toBe('pass')
    const passing = parse(renderJUnit(only, {}))
    expect(passing.suite).toMatchObject({ tests: '2', failures: '0' })
    expect(passing.properties.result).toBe('pass')
  })

  test('classname is the group for instances, pods and a group entry; fleet-check otherwise', () => {
    const v = judge(
      [
        reported('db', NEW),
        reported('api@10.0.0.1', NEW, { group: 'api', address: '10.0.0.1' }),
        reported('api@10.0.0.2', OLD, { group: 'api', address: '10.0.0.2' }),
        missing('cache', 'found 1 of 2 instances', { group: 'cache' }, 'count-short'),
        reported('web/web-7d9f', NEW, {
          group: 'web',
          pod: { name: 'web-7d9f', node: 'node-1', ready: true }
        })
      ],
      { kind: 'build', build: NEW }
    )
    const { cases } = parse(renderJUnit(v, {}))
    expect(cases.map(c => [c.classname, c.name])).toEqual([
      ['fleet-check', 'db'],
      ['api', 'api@10.0.0.1'],
      ['api', 'api@10.0.0.2'],
      ['cache', 'cache'],
      ['web', 'web/web-7d9f']
    ])
    expect(cases[2].failure?.['#text']).toContain('group: api\naddress: 10.0.0.2')
    expect(cases[4]['system-out']).toContain('pod: web-7d9f\nnode: node-1\nready: true')
  })

  test('a fleet that fails with every target current still fails in the report', () => {
    // Passing, but not for the stable rounds required before the deadline.
    const passed = judge([reported('a', NEW), reported('b', NEW)], { kind: 'build', build: NEW })
    const v: Verdict = {
      ...passed,
      result: 'fail',
      rounds: { count: 4, passesInARow: 1, required: 3 }
    }
    const { suite, properties, cases } = parse(renderJUnit(v, {}))
    expect(suite).toMatchObject({ tests: '3', failures: '1' })
    expect(properties).toMatchObject({
      result: 'fail',
      rounds: '4 (1 passing in a row; 3 required)'
    })
    const fleet = cases[2]
    expect([fleet.classname, fleet.name, fleet.failure?.type]).toEqual([
      'fleet-check',
      FLEET_TESTCASE,
      'fleet'
    ])
    expect(fleet.failure?.message).toBe(
      'fail: All 2 targets on 9f8e7d6, but for 1 of the 3 rounds in a row required before the deadline'
    )
  })

  test('a consensus without a majority has no expected property', () => {
    const v = judge([reported('a', NEW), reported('b', OLD)], { kind: 'consensus' })
    const { properties, cases, suite } = parse(renderJUnit(v, {}))
    expect(properties.expected).toBeUndefined()
    expect(properties.consensus).toBe('true')
    expect(suite.failures).toBe('2')
    expect(cases[0].failure?.message).toMatch(/^stale: no majority: 2 builds tie/)
  })

  test('times: milliseconds as seconds with three decimals; the suite the slowest without a duration', () => {
    const v = judge(
      [
        { ...reported('a', NEW), ms: 12 },
        { ...reported('b', NEW), ms: 2500.4 }
      ],
      { kind: 'build', build: NEW }
    )
    const { suites, suite, cases } = parse(renderJUnit(v, {}))
    expect(cases.map(c => c.time)).toEqual(['0.012', '2.500'])
    expect(suite.time).toBe('2.500')
    expect(suites.time).toBe('2.500')
    expect(suite.timestamp).toBeUndefined()
  })

  test('an empty fleet is a well-formed report with no testcases', () => {
    const { suite, cases } = parse(renderJUnit(judge([], { kind: 'build', build: NEW }), {}))
    expect(suite).toMatchObject({ tests: '0', failures: '0' })
    expect(cases).toEqual([])
  })
})

describe('renderJUnit escaping', () => {
  test('& < > " \' and ]]> in names, groups and server text come back as they were', () => {
    const name = `a&b<c>"d"'e']]>`
    const server = `<script>alert("x")</script> & ]]> '1'`
    const v = judge(
      [
        reported(name, OLD, { group: `g&<"'>` }),
        missing('m', server),
        reported('r', server, { expected: 'v1' })
      ],
      { kind: 'build', build: NEW }
    )
    const xml = renderJUnit(v, { expectedSource: `"--expected" & <x>` })
    expect(xml).not.toContain(']]>')
    expect(xml).not.toContain('<script>')
    const { cases, properties } = parse(xml)
    expect(cases[0].name).toBe(name)
    expect(cases[0].classname).toBe(`g&<"'>`)
    expect(cases[1].failure?.message).toBe(`missing: ${server}`)
    expect(cases[1].failure?.['#text']).toContain(`reason: ${server}`)
    expect(cases[2].failure?.['#text']).toContain(`reported: ${server}`)
    expect(properties['expected-source']).toBe(`"--expected" & <x>`)
  })

  test('characters XML 1.0 does not allow are written out as \\uXXXX, never dropped or raw', () => {
    const reason = 'a\u0000b\u001bc\u0008d\ud800e\udfff\ufffe\uffff'
    const v = judge([missing('x', reason), reported('y\u0001', '\u0007' + OLD)], {
      kind: 'build',
      build: NEW
    })
    const xml = renderJUnit(v, {})
    const { cases } = parse(xml)
    expect(cases[0].failure?.message).toBe(
      'missing: a\\u0000b\\u001bc\\u0008d\\ud800e\\udfff\\ufffe\\uffff'
    )
    expect(cases[1].name).toBe('y\\u0001')
    expect(cases[1].failure?.['#text']).toContain(`reported: \\u0007${OLD}`)
    // A valid pair beyond the BMP stays as it is.
    const emoji = parse(
      renderJUnit(judge([missing('😀', '\ud83d\ude00')], { kind: 'consensus' }), {})
    )
    expect(emoji.cases[0].name).toBe('😀')
    expect(emoji.cases[0].failure?.message).toBe('missing: 😀')
  })

  test('tab, line feed and carriage return in attributes are written visibly, not folded', () => {
    const v = judge([missing('a\tb', 'line 1\nline 2\r\nend')], { kind: 'build', build: NEW })
    const xml = renderJUnit(v, {})
    const { cases } = parse(xml)
    expect(cases[0].name).toBe('a\\u0009b')
    expect(cases[0].failure?.message).toBe('missing: line 1\\u000aline 2\\u000d\\u000aend')
    // Every attribute stays on its line: nothing in a value can make XML fold it.
    for (const line of xml.split('\n')) expect(line).not.toMatch(/[\t\r]/)
  })

  test('bidi overrides, zero-width characters and line separators are shown, not hidden', () => {
    const v = judge([missing('evil\u202etxt.exe', 'x\u200by\u2028z\u00ad')], {
      kind: 'build',
      build: NEW
    })
    const { cases } = parse(renderJUnit(v, {}))
    expect(cases[0].name).toBe('evil\\u202etxt.exe')
    expect(cases[0].failure?.message).toBe('missing: x\\u200by\\u2028z\\u00ad')
  })
})
