// Arbitrary verdicts for the report's properties: hostile text in every field, every status,
// optional fields present or not, and targets as short as a target's JSON can be.
import fc from 'fast-check'
import type { Status, TargetVerdict } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from '../unit/fixtures.js'

/**
 * Text as servers and fleet files give it: ASCII, JSON's escapes, multi-byte UTF-8, astral
 * characters and lone surrogates (JSON.stringify writes those as \u escapes).
 */
export const text = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
      fc.constantFrom('"', '\\', '\n', '\u0001', 'é', '€', '😀', '\ud800', '\udfff', '\u2028')
    ),
    maxLength
  })

const STATUSES: Status[] = ['current', 'stale', 'mixed', 'missing', 'undeclared']

export const target = fc
  .record(
    {
      name: text(30),
      url: fc.oneof(fc.constant(''), text(60)),
      status: fc.constantFrom(...STATUSES),
      reported: fc.option(text(45)),
      reason: text(80),
      attempts: fc.integer({ min: 0, max: 12 }),
      ms: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1e6 })),
      group: text(20),
      address: text(20),
      pod: fc.record({ pod: text(20), node: fc.option(text(10)), ready: fc.boolean() }),
      finalUrl: text(40),
      cache: fc.record({ age: fc.nat().map(String), 'x-cache': text(10) }, { requiredKeys: [] }),
      checks: fc.dictionary(
        text(8),
        fc.record({
          reported: fc.option(text(10)),
          expected: fc.option(text(10)),
          status: fc.constantFrom('current', 'stale', 'mixed', 'missing')
        }),
        { maxKeys: 3 }
      )
    },
    { requiredKeys: ['name', 'url', 'status', 'reported', 'reason', 'attempts', 'ms'] }
  )
  .map(({ name, status, reason, pod, ...rest }): TargetVerdict => {
    const extra = {
      ...rest,
      ...(pod ? { pod: pod.pod, node: pod.node, ready: pod.ready } : {}),
      ...(status === 'current' ? { reason: null, code: null } : { reason })
    }
    return targetVerdict(name, status, extra as Parameters<typeof targetVerdict>[2])
  })

/** Targets whose JSON is as short as a target's can be: the lower bound is tight on them. */
export const least = fc
  .record({
    name: text(3),
    status: fc.constantFrom<Status>('stale', 'mixed'),
    attempts: fc.integer({ min: 0, max: 9 }),
    ms: fc.integer({ min: 0, max: 9 })
  })
  .map(({ name, status, ...rest }) =>
    targetVerdict(name, status, {
      url: '',
      reported: '',
      expected: '',
      reason: '',
      ...rest,
      code: '' as never
    })
  )

export const verdict = fc
  .record({
    targets: fc.array(fc.oneof(target, least), { maxLength: 40 }),
    expected: fc.option(text(40)),
    consensus: fc.boolean(),
    groups: fc.array(
      fc.record({ build: text(10), targets: fc.array(text(10), { maxLength: 3 }) }),
      {
        maxLength: 3
      }
    )
  })
  .map(({ targets, ...rest }) => verdictOf(targets, rest))
