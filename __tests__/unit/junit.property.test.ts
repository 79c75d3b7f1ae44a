// Whatever the names and whatever servers say, the JUnit report is well-formed XML 1.0 with one
// testsuite, a testcase per target, the failing ones counted; and its text reads back as it was,
// but for the characters it writes out as \uXXXX.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { FLEET_TESTCASE, renderJUnit } from '../../src/report/junit.js'
import {
  failing,
  judge,
  type Reference,
  type TargetVerdict,
  type Verdict
} from '../../src/verdict/judge.js'
import type { Observation } from '../../src/verdict/observation.js'
import { makeTarget } from './fixtures.js'
import { parseReport } from './junit-xml.js'

/**
 * What the report must write out: controls (tab, LF and CR too), format characters, the line
 * separators, lone surrogates, U+FFFE and U+FFFF. Everything else reads back as it was.
 */
const WRITTEN_OUT = /[\p{Cc}\p{Cf}\u2028\u2029\ud800-\udfff\ufffe\uffff]/gu

function visible(text: string): string {
  return text.replace(WRITTEN_OUT, c => {
    const cp = c.codePointAt(0) as number
    return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`
  })
}

/** Any UTF-16 unit (lone surrogates included), any code point, and the usual suspects. */
const unit = fc.oneof(
  fc.constantFrom(
    '&',
    '<',
    '>',
    '"',
    "'",
    ']]>',
    '&amp;',
    '\\u0000',
    '\u0000',
    '\u001b',
    '\t',
    '\n',
    '\r',
    '\u0085',
    '\u202e',
    '\u200b',
    '\u2028',
    '\ufeff',
    '\ufffe',
    '\uffff',
    '\ud800',
    '\udfff',
    '😀',
    ' '
  ),
  fc.integer({ min: 0, max: 0xffff }).map(n => String.fromCharCode(n)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
)
const text = fc.string({ unit, maxLength: 24 })

const observation: fc.Arbitrary<Observation> = fc.oneof(
  fc
    .record({ name: text, build: text, group: fc.option(text, { nil: undefined }) })
    .map(({ name, build, group }): Observation => ({
      target: makeTarget(name, group === undefined ? {} : { group }),
      kind: 'reported',
      build,
      attempts: 1,
      ms: 10
    })),
  fc.record({ name: text, reason: text }).map(({ name, reason }): Observation => ({
    target: makeTarget(name),
    kind: 'none',
    code: 'request-failed',
    reason,
    attempts: 2,
    ms: 20
  })),
  fc
    .record({ name: text, reason: text, builds: fc.array(text, { minLength: 2, maxLength: 3 }) })
    .map(({ name, reason, builds }): Observation => ({
      target: makeTarget(name),
      kind: 'mixed',
      code: 'samples-disagree',
      builds,
      reason,
      attempts: 2,
      ms: 30
    }))
)

const reference: fc.Arbitrary<Reference> = fc.oneof(
  fc.constant<Reference>({ kind: 'consensus' }),
  fc
    .oneof(text, fc.constant('9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'))
    .map((build): Reference => ({ kind: 'build', build }))
)

const verdict: fc.Arbitrary<Verdict> = fc
  .record({
    observations: fc.array(observation, { maxLength: 8 }),
    reference,
    undeclared: fc.array(fc.record({ name: text, build: fc.option(text, { nil: null }) }), {
      maxLength: 3
    }),
    allowed: fc.boolean(),
    // A run can fail with every target current (too few stable rounds): the report fails too.
    unstable: fc.boolean()
  })
  .map(({ observations, reference, undeclared, allowed, unstable }) => {
    const v = judge(observations, reference, { entries: undeclared, allowed })
    return unstable && v.result === 'pass'
      ? { ...v, result: 'fail' as const, rounds: { count: 2, passesInARow: 1, required: 2 } }
      : v
  })

describe('renderJUnit, for any names and server text', () => {
  test('well-formed, one testsuite, a testcase per target, failures counted', () => {
    fc.assert(
      fc.property(verdict, text, (v, source) => {
        const xml = renderJUnit(v, { expectedSource: source, durationMs: 5 })
        const { suites, suite, suiteCount, cases } = parseReport(xml)
        expect(suiteCount).toBe(1)
        const failingCount = failing(v).length
        const fleetCase = v.result === 'fail' && failingCount === 0
        expect(cases).toHaveLength(v.targets.length + (fleetCase ? 1 : 0))
        expect(suite.tests).toBe(String(cases.length))
        expect(suite.failures).toBe(String(cases.filter(c => c.failure).length))
        expect(suite.failures).toBe(String(failingCount + (fleetCase ? 1 : 0)))
        expect([suites.tests, suites.failures]).toEqual([suite.tests, suite.failures])
        // A failing run never reads as passing.
        expect(suite.failures === '0').toBe(v.result === 'pass')
        if (fleetCase) expect(cases[cases.length - 1].name).toBe(FLEET_TESTCASE)
      }),
      { numRuns: 300 }
    )
  })

  test('names, groups, reasons and reported builds read back as they were, but written out', () => {
    fc.assert(
      fc.property(verdict, text, (v, source) => {
        const { properties, cases } = parseReport(
          renderJUnit(v, { expectedSource: source, timestamp: source })
        )
        expect(properties['expected-source']).toBe(visible(source))
        if (v.expected !== null) expect(properties.expected).toBe(visible(v.expected))
        const failed = new Set<TargetVerdict>(failing(v))
        v.targets.forEach((t, i) => {
          const c = cases[i]
          expect(c.name).toBe(visible(t.name))
          expect(c.classname).toBe(visible(t.group ?? 'fleet-check'))
          const body = failed.has(t) ? c.failure?.['#text'] : c['system-out']
          if (failed.has(t)) {
            expect(c.failure?.message).toBe(visible(`${t.status}: ${t.reason}`))
            expect(c.failure?.type).toBe(t.status)
          } else {
            expect(c.failure).toBeUndefined()
          }
          const lines = (body ?? '').split('\n')
          if (t.reported !== null) expect(lines).toContain(`reported: ${visible(t.reported)}`)
          if (t.reason !== null) expect(lines).toContain(`reason: ${visible(t.reason)}`)
        })
      }),
      { numRuns: 300 }
    )
  })
})
