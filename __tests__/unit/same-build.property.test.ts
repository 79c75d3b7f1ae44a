// The matching rule (issue 8, "Green must never lie") as properties: a lookalike is never the
// build, matching is symmetric, and groupBuilds agrees with sameBuild.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { groupBuilds, hexOf, sameBuild } from '../../src/build/compare.js'

const hexChar = fc.constantFrom(...'0123456789abcdef')
const digit = fc.constantFrom(...'0123456789')
const hex = (minLength: number, maxLength: number) =>
  fc.string({ unit: hexChar, minLength, maxLength })
const decimal = (minLength: number, maxLength: number) =>
  fc.string({ unit: digit, minLength, maxLength })
const full40 = hex(40, 40)
const full64 = hex(64, 64)
const full = fc.oneof(full40, full64)

/** The same hex as another spelling: upper case, an algorithm prefix. */
const spelling = fc.record({
  prefix: fc.constantFrom('', 'sha1:', 'SHA256:', 'sha512:'),
  upper: fc.boolean()
})
const spell = (h: string, s: { prefix: string; upper: boolean }) =>
  s.prefix + (s.upper ? h.toUpperCase() : h)

/** Builds of every shape, often related to each other (prefixes, extensions, lookalikes). */
const build = fc.oneof(
  full40,
  full64,
  hex(1, 80),
  decimal(1, 70),
  fc.string({ maxLength: 50 }),
  fc.constantFrom('v1.2.3', 'V1.2.3', '2.42.0+ds-5+deb12u1', 'release-42'),
  fc.tuple(full, spelling).map(([h, s]) => spell(h, s))
)
const related = fc.oneof(
  build,
  fc.tuple(full, fc.integer({ min: 1, max: 63 })).map(([h, k]) => h.slice(0, k)),
  fc.tuple(full40, hex(1, 30)).map(([h, tail]) => h + tail),
  fc.tuple(full40, hex(24, 24)).map(([h, tail]) => h + tail),
  fc.tuple(decimal(8, 30), fc.integer({ min: 1, max: 29 })).map(([d, k]) => d.slice(0, k))
)

describe('sameBuild', () => {
  test('is symmetric', () => {
    fc.assert(
      fc.property(related, related, (a, b) => {
        expect(sameBuild(a, b)).toBe(sameBuild(b, a))
      }),
      { numRuns: 2000 }
    )
    // and for a build and its own prefixes and extensions
    fc.assert(
      fc.property(related, fc.nat(90), hex(0, 30), (a, k, tail) => {
        for (const b of [a.slice(0, k), a + tail]) expect(sameBuild(a, b)).toBe(sameBuild(b, a))
      })
    )
  })

  test('equal strings match, and so do spellings of the same hex', () => {
    fc.assert(fc.property(build, a => expect(sameBuild(a, a)).toBe(true)))
    fc.assert(
      fc.property(hex(1, 80), spelling, spelling, (h, s, t) => {
        expect(sameBuild(spell(h, s), spell(h, t))).toBe(true)
      })
    )
  })

  test('a full hash never matches anything longer', () => {
    fc.assert(
      fc.property(full, fc.oneof(hex(1, 40), fc.string({ minLength: 1 })), (h, tail) => {
        expect(sameBuild(h, h + tail)).toBe(false)
      })
    )
    fc.assert(
      fc.property(full, related, (h, other) => {
        fc.pre(other.length > h.length && hexOf(other) !== h)
        expect(sameBuild(h, other)).toBe(false)
      })
    )
  })

  test('two distinct full 40-hex hashes never match', () => {
    fc.assert(
      fc.property(full40, full40, spelling, (a, b, s) => {
        fc.pre(a !== b)
        expect(sameBuild(a, spell(b, s))).toBe(false)
      })
    )
    // even when one is the other with its last character changed
    fc.assert(
      fc.property(full40, hexChar, (a, c) => {
        fc.pre(a[39] !== c)
        expect(sameBuild(a, a.slice(0, 39) + c)).toBe(false)
      })
    )
  })

  test('a decimal prefix of a decimal that is not a full hash never matches', () => {
    fc.assert(
      fc.property(decimal(2, 100), fc.nat(), (d, n) => {
        fc.pre(d.length !== 40 && d.length !== 64)
        const k = 1 + (n % (d.length - 1))
        expect(sameBuild(d.slice(0, k), d)).toBe(false)
      })
    )
  })

  test('a decimal abbreviation of a full decimal hash matches it', () => {
    fc.assert(
      fc.property(
        fc.oneof(decimal(40, 40), decimal(64, 64)),
        fc.integer({ min: 7, max: 39 }),
        (d, k) => {
          expect(sameBuild(d.slice(0, k), d)).toBe(true)
        }
      )
    )
  })

  test('every abbreviation of 7 to 39 characters of a full hash matches it, however spelt', () => {
    fc.assert(
      fc.property(full, fc.integer({ min: 7, max: 39 }), spelling, spelling, (h, k, s, t) => {
        expect(sameBuild(spell(h.slice(0, k), s), spell(h, t))).toBe(true)
      })
    )
  })

  test('an abbreviation of 1 to 6 characters matches nothing longer', () => {
    fc.assert(
      fc.property(full, fc.integer({ min: 1, max: 6 }), (h, k) => {
        expect(sameBuild(h.slice(0, k), h)).toBe(false)
      })
    )
  })

  test('hex of 41 to 63 characters never matches anything but itself', () => {
    const odd = hex(41, 63)
    fc.assert(
      fc.property(odd, related, fc.integer({ min: 1, max: 80 }), hex(1, 30), (x, other, k, t) => {
        for (const b of [other, x.slice(0, k), x + t, x.slice(0, 40)]) {
          if (hexOf(b) === x) continue
          expect(sameBuild(x, b)).toBe(false)
        }
      })
    )
  })
})

describe('groupBuilds', () => {
  /** Fleets of builds that are often equal, abbreviated, extended or lookalikes of each other. */
  const fleet = fc
    .tuple(fc.array(full, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 40 }))
    .chain(([bases, picks]) =>
      fc.tuple(
        fc.constant(bases),
        fc.tuple(
          ...picks.map(p => {
            const base = bases[p % bases.length]
            return fc.oneof(
              fc.constant(base),
              spelling.map(s => spell(base, s)),
              fc.integer({ min: 1, max: 63 }).map(k => base.slice(0, k)),
              hex(1, 30).map(t => base.slice(0, 40) + t),
              build
            )
          })
        )
      )
    )
    .map(([, builds]) => builds as string[])

  const keyOf = (b: string) => hexOf(b) ?? `=${b}`

  test('a partition of the builds in which every member matches its group', () => {
    fc.assert(
      fc.property(fleet, builds => {
        const groups = groupBuilds(builds)
        const all = groups.flatMap(g => g.members).sort((a, b) => a - b)
        expect(all).toEqual(builds.map((_, i) => i))
        for (const g of groups) {
          expect(g.members.length).toBeGreaterThan(0)
          expect(g.members.map(i => builds[i])).toContain(g.build)
          for (const i of g.members) expect(sameBuild(builds[i], g.build)).toBe(true)
        }
      }),
      { numRuns: 500 }
    )
  })

  test('exactly equal builds are in one group', () => {
    fc.assert(
      fc.property(fleet, builds => {
        const groups = groupBuilds(builds)
        const groupOf = new Map<string, number>()
        groups.forEach((g, n) =>
          g.members.forEach(i => {
            const key = keyOf(builds[i])
            expect(groupOf.get(key) ?? n).toBe(n)
            groupOf.set(key, n)
          })
        )
      }),
      { numRuns: 500 }
    )
  })

  test('never groups two distinct full hashes, nor a hash with its lookalike', () => {
    fc.assert(
      fc.property(fleet, builds => {
        for (const g of groupBuilds(builds)) {
          const fulls = new Set(
            g.members
              .map(i => hexOf(builds[i]))
              .filter((h): h is string => h !== undefined && h.length >= 40)
          )
          expect(fulls.size).toBeLessThanOrEqual(1)
        }
      }),
      { numRuns: 500 }
    )
  })

  test('an abbreviation joins, of the groups it abbreviates, one with the most equal reports', () => {
    fc.assert(
      fc.property(fleet, builds => {
        const groups = groupBuilds(builds)
        const count = (b: string) => builds.filter(x => keyOf(x) === keyOf(b)).length
        for (const g of groups) {
          for (const i of g.members) {
            if (keyOf(builds[i]) === keyOf(g.build)) continue
            for (const other of groups) {
              if (other !== g && sameBuild(builds[i], other.build))
                expect(count(other.build)).toBeLessThanOrEqual(count(g.build))
            }
          }
        }
      }),
      { numRuns: 300 }
    )
  })

  test('an abbreviation of two different commits joins one of them, never both at once', () => {
    const a = `abcdef0${'1'.repeat(33)}`
    const b = `abcdef0${'2'.repeat(33)}`
    const groups = groupBuilds([a, 'abcdef0', b])
    expect(groups).toHaveLength(2)
    expect(groups.map(g => g.members.length).sort()).toEqual([1, 2])
  })

  test('stays linear: each build is read once, however many share their first 7 characters', () => {
    // Comparing each build with every group in its 7-character bucket was quadratic here. Each
    // build counts how often it is read as a hash (hexOf strips a prefix with replace).
    let reads = 0
    const counted = (build: string): string => {
      const read = (pattern: RegExp, replacement: string) => {
        reads++
        return build.replace(pattern, replacement)
      }
      return Object.defineProperty(new String(build), 'replace', {
        value: read
      }) as unknown as string
    }
    const n = 2_000
    const builds = Array.from({ length: n }, (_, i) => `abcdef0${i.toString(16).padStart(33, '0')}`)
    builds.push('abcdef0')
    const groups = groupBuilds(builds.map(counted))
    expect(groups).toHaveLength(n)
    expect(groups.find(g => g.members.includes(n))?.members).toHaveLength(2)
    expect(reads).toBeLessThanOrEqual(2 * (n + 1))
  })
})
