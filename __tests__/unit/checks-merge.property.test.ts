// Issue 15: how `defaults.checks` and a target's `checks` merge, as properties. By name: the
// target's check replaces the default's whole, in its place; null drops it; the target's other
// checks follow, in their order; nothing else comes or goes.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { mergeChecks, unknownDrop, type Named } from '../../src/fleet/checks.js'

const NAMES = ['config', 'schema', 'power-peg', 'region', 'flag-2', 'constructor']

/** Checks with unique names (a YAML mapping has unique keys), as numbers to tell them apart. */
const defaultsArb = fc
  .uniqueArray(fc.constantFrom(...NAMES), { maxLength: NAMES.length })
  .chain(names =>
    fc.tuple(...names.map(name => fc.nat(99).map(n => ({ name, check: n }))))
  ) as fc.Arbitrary<Named<number>[]>
const ownArb = fc
  .uniqueArray(fc.constantFrom(...NAMES), { maxLength: NAMES.length })
  .chain(names =>
    fc.tuple(
      ...names.map(name =>
        fc.option(fc.integer({ min: 100, max: 199 }), { nil: null }).map(check => ({ name, check }))
      )
    )
  ) as fc.Arbitrary<Named<number | null>[]>

describe('mergeChecks', () => {
  test('each name: the target’s own (null: none), else the default’s; no other name', () => {
    fc.assert(
      fc.property(defaultsArb, ownArb, (defaults, own) => {
        const merged = mergeChecks(defaults, own)
        const byName = new Map(merged.map(m => [m.name, m.check]))
        expect(byName.size).toBe(merged.length)
        for (const name of NAMES) {
          const mine = own.find(o => o.name === name)
          const theirs = defaults.find(d => d.name === name)
          const wanted = mine ? (mine.check ?? undefined) : theirs?.check
          expect({ name, got: byName.get(name) }).toEqual({ name, got: wanted })
        }
      })
    )
  })

  test("order: defaults' surviving checks in their order, then the target's new ones in theirs", () => {
    fc.assert(
      fc.property(defaultsArb, ownArb, (defaults, own) => {
        const dropped = new Set(own.filter(o => o.check === null).map(o => o.name))
        const inherited = new Set(defaults.map(d => d.name))
        const expected = [
          ...defaults.filter(d => !dropped.has(d.name)).map(d => d.name),
          ...own.filter(o => o.check !== null && !inherited.has(o.name)).map(o => o.name)
        ]
        expect(mergeChecks(defaults, own).map(m => m.name)).toEqual(expected)
      })
    )
  })

  test('merging twice changes nothing; no own checks keep the defaults; no defaults keep the own', () => {
    fc.assert(
      fc.property(defaultsArb, ownArb, (defaults, own) => {
        const once = mergeChecks(defaults, own)
        expect(mergeChecks(once, own)).toEqual(once)
        expect(mergeChecks(defaults, undefined)).toEqual(defaults)
        expect(mergeChecks(defaults, [])).toEqual(defaults)
        expect(mergeChecks(undefined, own)).toEqual(own.filter(o => o.check !== null))
      })
    )
  })

  test('the defaults are never changed', () => {
    fc.assert(
      fc.property(defaultsArb, ownArb, (defaults, own) => {
        const copy = structuredClone(defaults)
        mergeChecks(defaults, own)
        expect(defaults).toEqual(copy)
      })
    )
  })

  test('unknownDrop: a null for a name defaults has is fine; another says which names there are', () => {
    const defaults = [
      { name: 'config', check: 1 },
      { name: 'schema', check: 2 }
    ]
    expect(unknownDrop(defaults, 'config')).toBeUndefined()
    expect(unknownDrop(defaults, 'confg')).toBe(
      'null drops a check of defaults, and defaults has no check "confg"; expected one of "config", "schema"'
    )
    expect(unknownDrop(undefined, 'config')).toBe(
      'null drops a check of defaults, and defaults has no checks; expected a check (a mapping with json, header or regex, and expected)'
    )
  })
})
