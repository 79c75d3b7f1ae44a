// Issue 10's pure rules (src/discover/fan-out.ts and the key validators): how instances are
// named and ordered, what an unmet `count` makes of a group, the 10,000-target cap after
// fan-out, and the `addresses` and `count` values. No DNS, no sockets. (`dns-servers` parsing
// and the rendering of instances are in dns-servers.test.ts.)
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { isIP } from 'node:net'
import { ok, err } from '../../src/common/result.js'
import { checkAddresses, checkInstanceCount, MAX_TARGETS } from '../../src/common/values.js'
import {
  countProblem,
  fanOut,
  inFleetOrder,
  instanceName,
  orderAddresses,
  type Resolution
} from '../../src/discover/fan-out.js'
import type { Target } from '../../src/fleet/target.js'
import { reason } from '../../src/verdict/reason.js'
import type { Observation } from '../../src/verdict/observation.js'
import { makeTarget } from './fixtures.js'

/** An `addresses: all` entry named `name` for the host `<name>.example.com`. */
function group(name: string, extra: Partial<Target> = {}): Target {
  return makeTarget(name, { addresses: 'all', ...extra })
}

const hostOf = (name: string) => `${name}.example.com`

/** IPv4 and IPv6 addresses, as a resolver returns them. */
const address = fc.oneof(fc.ipV4(), fc.ipV6())

describe('instance names', () => {
  test('<name>@<address>, IPv6 unbracketed', () => {
    expect(instanceName('api', '10.0.0.7')).toBe('api@10.0.0.7')
    expect(instanceName('api', '2001:db8::7')).toBe('api@2001:db8::7')
    expect(instanceName('api', '::1')).toBe('api@::1')
  })

  test('property: distinct addresses give distinct names, each ending in its address', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.uniqueArray(address), (n, as) => {
        const names = as.map(a => instanceName(n, a))
        expect(new Set(names).size).toBe(as.length)
        names.forEach((x, i) => expect(x).toBe(`${n}@${as[i]}`))
      })
    )
  })
})

describe('orderAddresses', () => {
  test('deduplicated, IPv4 first in numeric order, then IPv6', () => {
    expect(orderAddresses(['::1', '10.0.0.10', '10.0.0.9', '10.0.0.10', '2001:db8::1'])).toEqual([
      '10.0.0.9',
      '10.0.0.10',
      '::1',
      '2001:db8::1'
    ])
  })

  test('property: the same set, without duplicates, whatever order the resolver gave', () => {
    fc.assert(
      fc.property(fc.array(address, { maxLength: 30 }), fc.boolean(), (as, reverse) => {
        const out = orderAddresses(as)
        expect(new Set(out).size).toBe(out.length)
        expect(new Set(out)).toEqual(new Set(as))
        expect(orderAddresses(reverse ? [...as].reverse() : out)).toEqual(out)
        // IPv4 before IPv6
        const firstV6 = out.findIndex(a => isIP(a) === 6)
        if (firstV6 >= 0) expect(out.slice(firstV6).every(a => isIP(a) === 6)).toBe(true)
      })
    )
  })
})

describe('countProblem', () => {
  test('met: nothing; short: missing; over: undeclared; no count: nothing', () => {
    expect(countProblem(8, 8)).toBeUndefined()
    expect(countProblem(7, 8)).toEqual({
      status: 'missing',
      code: 'count-short',
      reason: 'found 7 of 8 instances'
    })
    expect(countProblem(9, 8)).toEqual({
      status: 'undeclared',
      code: 'count-over',
      reason: 'found 9 instances, 8 declared'
    })
    expect(countProblem(3, undefined)).toBeUndefined()
  })

  test('property: a problem exactly when found differs from count, in the right direction', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: MAX_TARGETS }),
        (found, count) => {
          const p = countProblem(found, count)
          if (found === count) return expect(p).toBeUndefined()
          expect(p?.status).toBe(found < count ? 'missing' : 'undeclared')
          expect(p?.code).toBe(found < count ? 'count-short' : 'count-over')
          expect(p?.reason).toContain(String(found))
          expect(p?.reason).toContain(String(count))
        }
      )
    )
  })
})

describe('fanOut', () => {
  const resolved = (entries: [string, Resolution][]) => new Map(entries)

  test('a group becomes one instance per address, which keeps the URL and names its group and address', () => {
    const api = group('api', { count: 2 })
    const plain = makeTarget('plain')
    const r = fanOut([plain, api], resolved([[hostOf('api'), ok(['10.0.0.2', '::1'])]]))
    if (!r.ok) throw new Error(r.error)
    expect(r.value.outcomes).toEqual([])
    expect(r.value.targets.map(t => [t.name, t.group, t.address, t.url, t.displayUrl])).toEqual([
      ['plain', undefined, undefined, plain.url, plain.displayUrl],
      ['api@10.0.0.2', 'api', '10.0.0.2', api.url, api.displayUrl],
      ['api@::1', 'api', '::1', api.url, api.displayUrl]
    ])
    // Everything else about the target is the declared entry's.
    expect(r.value.targets[1]).toMatchObject({
      headers: api.headers,
      timeoutMs: api.timeoutMs,
      extraction: api.extraction
    })
  })

  test('a name that did not resolve: one missing entry for the group, with the resolver’s reason, and no instance', () => {
    const why = reason('dns', 'db.example.com: no such host (NXDOMAIN)')
    const r = fanOut([group('db')], resolved([[hostOf('db'), err(why)]]))
    if (!r.ok) throw new Error(r.error)
    expect(r.value.targets).toEqual([])
    expect(r.value.outcomes).toHaveLength(1)
    expect(r.value.outcomes[0]).toMatchObject({
      kind: 'none',
      code: 'dns',
      reason: why.reason,
      target: { name: 'db', group: 'db' }
    })
    expect(r.value.outcomes[0].target.address).toBeUndefined()
  })

  test('count short and count over: one group entry each, its instances all checked', () => {
    const r = fanOut(
      [group('short', { count: 4 }), group('over', { count: 1 })],
      resolved([
        [hostOf('short'), ok(['10.0.0.1', '10.0.0.2', '10.0.0.3'])],
        [hostOf('over'), ok(['10.0.1.1', '10.0.1.2'])]
      ])
    )
    if (!r.ok) throw new Error(r.error)
    expect(r.value.targets.map(t => t.name)).toEqual([
      'short@10.0.0.1',
      'short@10.0.0.2',
      'short@10.0.0.3',
      'over@10.0.1.1',
      'over@10.0.1.2'
    ])
    expect(r.value.outcomes.map(o => [o.target.name, o.kind, o.code, o.reason])).toEqual([
      ['short', 'none', 'count-short', 'found 3 of 4 instances'],
      ['over', 'surplus', 'count-over', 'found 2 instances, 1 declared']
    ])
  })

  test('property: for any addresses and count, unique instance names, one per distinct address, and exactly one group outcome when the count is unmet', () => {
    fc.assert(
      fc.property(
        fc.array(address, { minLength: 1, maxLength: 40 }),
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        (as, count) => {
          const r = fanOut([group('api', { count })], resolved([[hostOf('api'), ok(as)]]))
          if (!r.ok) throw new Error(r.error)
          const distinct = new Set(as).size
          const names = r.value.targets.map(t => t.name)
          expect(new Set(names).size).toBe(names.length)
          expect(names).toHaveLength(distinct)
          expect(new Set(r.value.targets.map(t => t.address))).toEqual(new Set(as))
          const unmet = count !== undefined && count !== distinct
          expect(r.value.outcomes).toHaveLength(unmet ? 1 : 0)
          if (unmet) expect(r.value.outcomes[0].target.name).toBe('api')
        }
      )
    )
  })

  test('the cap holds after fan-out: 10,000 targets pass, 10,001 are an error naming both numbers', () => {
    const addresses = (n: number, base: number) =>
      Array.from({ length: n }, (_, i) => `10.${base}.${Math.floor(i / 256)}.${i % 256}`)
    // 9,998 plain targets and a group of 2: exactly at the cap.
    const plains = Array.from({ length: MAX_TARGETS - 2 }, (_, i) => makeTarget(`p${i}`))
    const atCap = fanOut(
      [...plains, group('api')],
      resolved([[hostOf('api'), ok(addresses(2, 0))]])
    )
    expect(atCap.ok).toBe(true)
    const over = fanOut([...plains, group('api')], resolved([[hostOf('api'), ok(addresses(3, 0))]]))
    expect(over.ok).toBe(false)
    if (over.ok) return
    expect(over.error).toMatch(/10,?001/)
    expect(over.error).toMatch(/10,?000/)
  })
})

describe('inFleetOrder', () => {
  test('a group’s own entry comes right before its instances, in fleet order', () => {
    const r = fanOut(
      [makeTarget('first'), group('api', { count: 3 }), makeTarget('last')],
      new Map([[hostOf('api'), ok(['10.0.0.2', '10.0.0.1'])]])
    )
    if (!r.ok) throw new Error(r.error)
    const observed: Observation[] = r.value.targets.map(t => ({
      target: t,
      kind: 'reported',
      build: 'abc1234',
      attempts: 1,
      ms: 1
    }))
    expect(inFleetOrder(r.value, [...observed].reverse()).map(o => o.target.name)).toEqual([
      'first',
      'api',
      'api@10.0.0.1',
      'api@10.0.0.2',
      'last'
    ])
  })
})

describe('values', () => {
  test('addresses: one or all, any case; anything else says what is expected', () => {
    expect(checkAddresses(' ALL ')).toEqual(ok('all'))
    expect(checkAddresses('one')).toEqual(ok('one'))
    const bad = checkAddresses('sometimes')
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.expected).toMatch(/"one".*"all"/)
  })

  test('count: a whole number from 1 to 10000', () => {
    expect(checkInstanceCount('1')).toEqual(ok(1))
    expect(checkInstanceCount('10000')).toEqual(ok(10_000))
    for (const bad of ['0', '10001', '-1', '2.5', 'four', ''])
      expect({ bad, ok: checkInstanceCount(bad).ok }).toEqual({ bad, ok: false })
  })
})
