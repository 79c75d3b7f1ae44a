// Issue 15: the consensus of a check and the combination of a target's facts, as properties.
// A tie never passes; the majority value's targets are current and the rest stale; missing
// values never vote; no verdict depends on the order of the targets (or of the samples); a
// target is current exactly when its build and every check are.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { sameBuild } from '../../src/build/compare.js'
import type { Check } from '../../src/fleet/target.js'
import { combineChecks, type CheckOutcome } from '../../src/verdict/check-outcome.js'
import { judge, type Reference } from '../../src/verdict/judge.js'
import type { Observation } from '../../src/verdict/observation.js'
import { makeTarget } from './fixtures.js'

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'
/** A full hash and its abbreviation are one value; words are compared as they are. */
const H = '3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a'
const VALUES = ['off', 'on', 'On', H, H.slice(0, 7), '42']

const CONSENSUS: Check = {
  name: 'config',
  extraction: { kind: 'header', name: 'X-Config' },
  expected: { kind: 'consensus' }
}
const BUILD: Reference = { kind: 'build', build: A }

/** A check's outcome for one target: a value, none, or a disagreement among its samples. */
const MIXED: CheckOutcome = {
  kind: 'mixed',
  values: ['on', 'off'],
  reason: 'samples disagree on config: 1× on, 1× off'
}
const outcomeArb: fc.Arbitrary<CheckOutcome> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...VALUES)
      .map((value): CheckOutcome => ({ kind: 'reported', value }))
  },
  {
    weight: 1,
    arbitrary: fc.constant<CheckOutcome>({ kind: 'none', reason: 'no config in header X-Config' })
  },
  { weight: 1, arbitrary: fc.constant(MIXED) }
)

/** A fleet: each target with its build and its check's outcome. */
const fleetArb = fc
  .array(fc.tuple(fc.constantFrom(A, A, A, B), outcomeArb), { minLength: 1, maxLength: 12 })
  .map(rows =>
    rows.map(([build, outcome], i): Observation => ({
      target: makeTarget(`t${i}`, { checks: [CONSENSUS] }),
      kind: 'reported',
      build,
      attempts: 1,
      ms: 1,
      checks: [outcome]
    }))
  )

/** The values that vote, grouped by the build rule: counts, largest first. */
function counts(fleet: readonly Observation[]): { value: string; n: number }[] {
  const groups: { value: string; n: number }[] = []
  for (const o of fleet) {
    const c = o.checks?.[0]
    if (c?.kind !== 'reported') continue
    const g = groups.find(x => sameBuild(x.value, c.value))
    if (g) g.n++
    else groups.push({ value: c.value, n: 1 })
  }
  return groups.sort((x, y) => y.n - x.n)
}

const statusOf = (fleet: readonly Observation[]) =>
  new Map(judge(fleet, BUILD).targets.map(t => [t.name, t.status]))

describe('consensus on a check', () => {
  test('a tie never passes: every target with a value is stale, and the run fails', () => {
    fc.assert(
      fc.property(fleetArb, fleet => {
        const c = counts(fleet)
        fc.pre(c.length > 1 && c[0].n === c[1].n)
        const v = judge(fleet, BUILD)
        expect(v.result).toBe('fail')
        v.targets.forEach((t, i) => {
          expect(t.status).not.toBe('current')
          expect(t.checks?.config.expected).toBeNull()
          if (fleet[i].checks?.[0].kind === 'reported')
            expect(t.checks?.config.status).toBe('stale')
        })
      })
    )
  })

  test("with a majority: its value's targets are current on the check, the others are not", () => {
    fc.assert(
      fc.property(fleetArb, fleet => {
        const c = counts(fleet)
        fc.pre(c.length > 0 && (c.length === 1 || c[0].n > c[1].n))
        const v = judge(fleet, BUILD)
        v.targets.forEach((t, i) => {
          const outcome = fleet[i].checks?.[0] as CheckOutcome
          const check = t.checks?.config
          expect(check?.expected !== null && sameBuild(check?.expected ?? '', c[0].value)).toBe(
            true
          )
          const agrees = outcome.kind === 'reported' && sameBuild(outcome.value, c[0].value)
          expect(check?.status).toBe(
            agrees
              ? 'current'
              : outcome.kind === 'reported'
                ? 'stale'
                : outcome.kind === 'none'
                  ? 'missing'
                  : 'mixed'
          )
        })
      })
    )
  })

  test('no status depends on the order of the targets', () => {
    fc.assert(
      fc.property(
        fleetArb.chain(fleet =>
          fc.tuple(fc.constant(fleet), fc.shuffledSubarray(fleet, { minLength: fleet.length }))
        ),
        ([fleet, shuffled]) => {
          expect(statusOf(shuffled)).toEqual(statusOf(fleet))
        }
      )
    )
  })

  test('current exactly when the build and the check are; never better than the build', () => {
    const RANK = { current: 0, stale: 1, mixed: 2, missing: 3, undeclared: 4 } as const
    fc.assert(
      fc.property(fleetArb, fleet => {
        const v = judge(fleet, BUILD)
        const plain = judge(
          fleet.map(o => ({ ...o, target: { ...o.target, checks: undefined }, checks: undefined })),
          BUILD
        )
        v.targets.forEach((t, i) => {
          const build = plain.targets[i]
          expect(t.status === 'current').toBe(
            build.status === 'current' && t.checks?.config.status === 'current'
          )
          expect(RANK[t.status]).toBeGreaterThanOrEqual(RANK[build.status])
          // The build is still compared and reported (every target here reported one).
          expect(t.reported).toBe((fleet[i] as { build: string }).build)
        })
      })
    )
  })
})

describe("a check over a target's samples", () => {
  const sampleArb = fc.array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(...VALUES).map(value => ({ kind: 'reported' as const, value }))
      },
      {
        weight: 1,
        arbitrary: fc.constant({ kind: 'none' as const, reason: 'no config in header X-Config' })
      }
    ),
    { minLength: 1, maxLength: 6 }
  )

  test('two values that are not the same are mixed, never one of them', () => {
    fc.assert(
      fc.property(sampleArb, samples => {
        const values = samples.flatMap(s => (s.kind === 'reported' ? [s.value] : []))
        const disagree = values.some(x => values.some(y => !sameBuild(x, y)))
        const [c] = combineChecks(
          [CONSENSUS],
          samples.map(s => [s]),
          samples.length
        )
        if (disagree) expect(c.kind).toBe('mixed')
        else if (values.length < samples.length) expect(c.kind).toBe('none')
        else {
          expect(c.kind).toBe('reported')
          if (c.kind === 'reported')
            for (const x of values) expect(sameBuild(c.value, x)).toBe(true)
        }
      })
    )
  })

  test('the order of the samples does not change the kind of the outcome', () => {
    fc.assert(
      fc.property(
        sampleArb.chain(s =>
          fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length }))
        ),
        ([samples, shuffled]) => {
          const kind = (list: typeof samples) =>
            combineChecks(
              [CONSENSUS],
              list.map(s => [s]),
              list.length
            )[0].kind
          expect(kind(shuffled)).toBe(kind(samples))
        }
      )
    )
  })
})
