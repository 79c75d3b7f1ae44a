// Issue 10 at module level: discovery (src/discover/dns.ts, round.ts) against a real DNS server on
// loopback UDP, and pinned connections (src/probe/http.ts `pin`, check.ts) against instances on
// 127.0.0.1, 127.0.0.2, 127.0.0.3 and ::1 sharing one port. A pinned instance connects to its
// own address while the URL, the Host header, SNI and the certificate check keep the host name;
// retries and redirects to the same name stay on the address; another name resolves as usual.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { lookup } from 'node:dns/promises'
import type { Dispatcher } from 'undici'
import { connectLookup, makeResolver, resolveAll, resolveHost } from '../../src/discover/dns.js'
import { discover } from '../../src/discover/round.js'
import { checkFleet, checkTarget } from '../../src/probe/check.js'
import { createDispatcher } from '../../src/probe/http.js'
import type { Observation } from '../../src/verdict/observation.js'
import { startDnsServer, type DnsServer, type Records } from '../helpers/dns-server.js'
import { INSTANCE_ADDRESSES, startInstances, type Instances } from '../helpers/instances.js'
import { certificatesFor } from '../helpers/tls.js'
import { pathOf } from '../helpers/outcome.js'
import { closedPort } from '../helpers/servers.js'
import { target, timed } from './target.js'

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80910111213'
/** A build per instance: an answer shows which instance gave it. */
const BUILDS: Record<string, string> = {
  '127.0.0.1': 'a1'.repeat(20),
  '127.0.0.2': 'b2'.repeat(20),
  '127.0.0.3': 'c3'.repeat(20),
  '::1': 'd4'.repeat(20)
}
const ALL: Records = { A: ['127.0.0.1', '127.0.0.2', '127.0.0.3'], AAAA: ['::1'] }
const host = (label: string) => `${label}.fleet-check.invalid`

let dns: DnsServer
let fleet: Instances
const open: Dispatcher[] = []

beforeAll(async () => {
  dns = await startDnsServer()
  fleet = await startInstances({ builds: BUILDS })
})
afterAll(async () => {
  await fleet.close()
  await dns.close()
})
beforeEach(() => {
  fleet.reset(SHA)
  for (const [a, b] of Object.entries(BUILDS)) fleet.setBuild(a, b)
})
afterEach(async () => {
  await Promise.all(open.splice(0).map(d => d.destroy()))
})

function dispatcher(options: Parameters<typeof createDispatcher>[0]): Dispatcher {
  const d = createDispatcher(options)
  open.push(d)
  return d
}

const queriesFor = (name: string) => dns.queries.filter(q => q.name === name).map(q => q.type)
const buildOf = (o: Observation) =>
  o.kind === 'reported' ? o.build : `${o.kind}: ${'reason' in o ? o.reason : ''}`

describe('resolveHost through dns-servers', () => {
  const resolver = () => makeResolver([dns.server], 1000)

  test('A and AAAA together: every address of both families', async () => {
    dns.set(host('both'), ALL)
    const r = await resolveHost(host('both'), 1000, resolver())
    expect(r.ok && [...r.value].sort()).toEqual([...INSTANCE_ADDRESSES].sort())
    expect(queriesFor(host('both'))).toEqual(expect.arrayContaining(['A', 'AAAA']))
  })

  test('records of one family only: the other family’s empty answer is no failure', async () => {
    dns.set(host('v4only'), { A: ['127.0.0.2'] })
    dns.set(host('v6only'), { AAAA: ['::1'] })
    expect(await resolveHost(host('v4only'), 1000, resolver())).toEqual({
      ok: true,
      value: ['127.0.0.2']
    })
    expect(await resolveHost(host('v6only'), 1000, resolver())).toEqual({
      ok: true,
      value: ['::1']
    })
  })

  test.each([
    ['NXDOMAIN', { rcode: 'NXDOMAIN' }, 'no such host (NXDOMAIN)'],
    ['SERVFAIL', { rcode: 'SERVFAIL' }, 'DNS server failure (SERVFAIL)'],
    ['REFUSED', { rcode: 'REFUSED' }, 'DNS server refused the query (REFUSED)'],
    ['no records', { A: [], AAAA: [] }, 'no A or AAAA records']
  ] as [string, Records, string][])(
    '%s: code dns, the name and the resolver’s reason',
    async (label, records, why) => {
      const name = host(`r-${label.replace(/ /g, '-').toLowerCase()}`)
      dns.set(name, records)
      expect(await resolveHost(name, 1000, resolver())).toEqual({
        ok: false,
        error: { code: 'dns', reason: `${name}: ${why}` }
      })
    }
  )

  test('a dropped query: timed out after the timeout given, within it', async () => {
    dns.set(host('dropped'), { drop: true })
    const { value, ms } = await timed(() =>
      resolveHost(host('dropped'), 300, makeResolver([dns.server], 300))
    )
    expect(value).toEqual({
      ok: false,
      error: { code: 'dns', reason: `${host('dropped')}: DNS lookup timed out after 300ms` }
    })
    expect(queriesFor(host('dropped')).length).toBeGreaterThan(0)
    expect(ms).toBeLessThan(300 + 1000)
  })

  test('a DNS server where nothing listens: a dns failure within the timeout, never addresses', async () => {
    const dead = `127.0.0.1:${await closedPort()}`
    const { value, ms } = await timed(() =>
      resolveHost(host('any'), 300, makeResolver([dead], 300))
    )
    expect(value.ok).toBe(false)
    if (!value.ok) expect(value.error.code).toBe('dns')
    expect(ms).toBeLessThan(300 + 1000)
  })
})

describe('resolveHost through the system resolver (no dns-servers)', () => {
  test('/etc/hosts counts, as when connecting', async () => {
    const expected = (await lookup('localhost', { all: true })).map(a => a.address)
    const r = await resolveHost('localhost', 1000)
    expect(r).toEqual({ ok: true, value: expected })
  })

  test('a name nobody knows: code dns, naming the host; the test’s DNS server is not asked', async () => {
    const asked = dns.queries.length
    const r = await resolveHost(host('nowhere'), 2000)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('dns')
      expect(r.error.reason.startsWith(`${host('nowhere')}: `)).toBe(true)
    }
    expect(dns.queries.length).toBe(asked)
  })
})

describe('resolveAll', () => {
  test('each name once, only for addresses: all targets, keyed by lower-case host name', async () => {
    const name = host('once')
    dns.set(name, ALL)
    const targets = [
      target(fleet.url(name, '/a'), { name: 'a', addresses: 'all' }),
      target(fleet.url(name.toUpperCase(), '/b'), { name: 'b', addresses: 'all' }),
      target(fleet.url(host('plain-only')), { name: 'plain' })
    ]
    const resolved = await resolveAll(targets, {
      servers: [dns.server],
      concurrency: 4,
      retries: 0
    })
    expect([...resolved.keys()]).toEqual([name])
    const r = resolved.get(name)
    expect(r?.ok && [...r.value].sort()).toEqual([...INSTANCE_ADDRESSES].sort())
    expect(r?.attempts).toBe(1)
    expect(queriesFor(name).sort()).toEqual(['A', 'AAAA'])
    expect(queriesFor(host('plain-only'))).toEqual([])
  })

  test('a failure is retried like a request: retries: 1 asks twice, and says so', async () => {
    const name = host('retried')
    dns.set(name, { rcode: 'SERVFAIL' })
    const resolved = await resolveAll([target(fleet.url(name), { addresses: 'all' })], {
      servers: [dns.server],
      concurrency: 1,
      retries: 1
    })
    expect(resolved.get(name)).toMatchObject({ ok: false, attempts: 2 })
    expect(queriesFor(name).filter(t => t === 'A')).toHaveLength(2)
  })
})

describe('pinned connections', () => {
  test('an instance connects to its address, not where DNS says; the name stays in Host', async () => {
    const name = host('pin')
    dns.set(name, { A: ['127.0.0.1'] })
    const asked = queriesFor(name).length
    for (const address of ['127.0.0.3', '::1']) {
      const d = dispatcher({
        pin: { host: name, address },
        lookup: connectLookup([dns.server], 1000)
      })
      const o = await checkTarget(target(fleet.url(name)), 0, d)
      expect({ address, build: buildOf(o) }).toEqual({ address, build: BUILDS[address] })
      expect(fleet.requestsTo(address, name).map(r => r.host)).toEqual([`${name}:${fleet.port}`])
    }
    // The pinned name is never looked up: nothing could move the instance elsewhere.
    expect(queriesFor(name).length).toBe(asked)
    expect(fleet.requestsTo('127.0.0.1')).toEqual([])
  })

  test('a retry on a new connection stays on the address, though DNS has moved on', async () => {
    const name = host('retry')
    dns.set(name, { A: ['127.0.0.2'] })
    let first = true
    fleet.handler = (_address, _req, res) => {
      if (!first) return false
      first = false
      dns.set(name, { A: ['127.0.0.1'] })
      res.writeHead(503, { connection: 'close' })
      res.end()
      return true
    }
    const d = dispatcher({
      pin: { host: name, address: '127.0.0.2' },
      lookup: connectLookup([dns.server], 1000)
    })
    const o = await checkTarget(target(fleet.url(name)), 1, d)
    expect(buildOf(o)).toBe(BUILDS['127.0.0.2'])
    expect(o.attempts).toBe(2)
    expect(fleet.requestsTo('127.0.0.2')).toHaveLength(2)
    expect(fleet.requestsTo('127.0.0.1')).toEqual([])
  })

  test('a redirect to another host name (redirects: any) resolves that name as usual', async () => {
    const name = host('from')
    const other = host('elsewhere')
    dns.set(other, { A: ['127.0.0.3'] })
    fleet.handler = (_address, req, res) => {
      if (pathOf(req.url) !== '/start') return false
      res.writeHead(302, { location: fleet.url(other) })
      res.end()
      return true
    }
    const d = dispatcher({
      pin: { host: name, address: '127.0.0.2' },
      lookup: connectLookup([dns.server], 1000)
    })
    const o = await checkTarget(target(fleet.url(name, '/start'), { redirects: 'any' }), 0, d)
    expect(buildOf(o)).toBe(BUILDS['127.0.0.3'])
    expect(o.finalUrl).toBe(fleet.url(other))
    expect(fleet.requestsTo('127.0.0.2', name).map(r => pathOf(r.url))).toEqual(['/start'])
    expect(fleet.requestsTo('127.0.0.3', other)).toHaveLength(1)
  })

  describe('HTTPS', () => {
    const name = host('tls-pin')
    let tls: Instances
    let ca: string
    beforeAll(async () => {
      const certs = certificatesFor([name])
      ca = certs.ca
      tls = await startInstances({ builds: BUILDS, tls: certs.leaf })
    })
    afterAll(() => tls.close())

    test('SNI and the certificate check use the host name, on every address', async () => {
      for (const address of INSTANCE_ADDRESSES) {
        const d = dispatcher({ ca, pin: { host: name, address } })
        const o = await checkTarget(target(tls.url(name)), 0, d)
        expect({ address, build: buildOf(o) }).toEqual({ address, build: BUILDS[address] })
        expect(tls.requestsTo(address).map(r => [r.servername, r.host])).toEqual([
          [name, `${name}:${tls.port}`]
        ])
      }
    })

    test('a certificate for another name is refused at a pinned address too', async () => {
      const wrong = host('not-the-cert')
      const d = dispatcher({ ca, pin: { host: wrong, address: '127.0.0.2' } })
      const o = await checkTarget(target(tls.url(wrong)), 0, d)
      expect(o).toMatchObject({ kind: 'none', code: 'tls' })
      expect(tls.requestsTo('127.0.0.2', wrong)).toEqual([])
    })
  })
})

describe('plain targets with dns-servers', () => {
  test('connect where the DNS servers say', async () => {
    const name = host('plain')
    dns.set(name, { A: ['127.0.0.3'] })
    const d = dispatcher({ lookup: connectLookup([dns.server], 1000) })
    const o = await checkTarget(target(fleet.url(name)), 0, d)
    expect(buildOf(o)).toBe(BUILDS['127.0.0.3'])
    expect(queriesFor(name).length).toBeGreaterThan(0)
  })

  test('a name the DNS servers do not know: missing, code dns, naming the host', async () => {
    const name = host('plain-nx')
    dns.set(name, { rcode: 'NXDOMAIN' })
    const d = dispatcher({ lookup: connectLookup([dns.server], 1000) })
    const o = await checkTarget(target(fleet.url(name)), 0, d)
    expect(o).toMatchObject({ kind: 'none', code: 'dns' })
    expect('reason' in o && o.reason).toContain(name)
    expect(fleet.requests).toEqual([])
  })
})

describe('a round: discover, then check every instance', () => {
  test('instances of one origin each reach their own address, at any concurrency', async () => {
    const name = host('round')
    dns.set(name, ALL)
    const declared = [target(fleet.url(name), { name: 'api', addresses: 'all' })]
    for (const concurrency of [1, 4]) {
      fleet.reset(SHA)
      for (const [a, b] of Object.entries(BUILDS)) fleet.setBuild(a, b)
      const fan = await discover(declared, { servers: [dns.server], concurrency, retries: 0 })
      if (!fan.ok) throw new Error(fan.error)
      expect(fan.value.outcomes).toEqual([])
      const observed = await checkFleet(fan.value.targets, {
        retries: 0,
        concurrency,
        lookup: connectLookup([dns.server], 1000)
      })
      const seen = Object.fromEntries(observed.map(o => [o.target.address, buildOf(o)]))
      expect({ concurrency, seen }).toEqual({ concurrency, seen: BUILDS })
      for (const address of INSTANCE_ADDRESSES)
        expect({ concurrency, address, n: fleet.requestsTo(address).length }).toEqual({
          concurrency,
          address,
          n: 1
        })
    }
  })

  test('each round resolves anew: a record set that changed gives other instances', async () => {
    const name = host('again')
    const declared = [target(fleet.url(name), { name: 'api', addresses: 'all', count: 2 })]
    const options = { servers: [dns.server], concurrency: 4, retries: 0 }
    dns.set(name, { A: ['127.0.0.1', '127.0.0.2'] })
    const one = await discover(declared, options)
    dns.set(name, { A: ['127.0.0.2', '127.0.0.3'], AAAA: ['::1'] })
    const two = await discover(declared, options)
    if (!one.ok || !two.ok) throw new Error('no fan-out')
    expect(one.value.targets.map(t => t.name)).toEqual(['api@127.0.0.1', 'api@127.0.0.2'])
    expect(one.value.outcomes).toEqual([])
    expect(two.value.targets.map(t => t.name)).toEqual([
      'api@127.0.0.2',
      'api@127.0.0.3',
      'api@::1'
    ])
    expect(
      two.value.outcomes.map(o => [
        o.target.name,
        o.code,
        o.kind === 'none' || o.kind === 'surplus' ? o.reason : ''
      ])
    ).toEqual([['api', 'count-over', 'found 3 instances, 2 declared']])
  })

  test('a name that does not resolve: the group’s own missing entry, nothing to ask', async () => {
    const name = host('round-nx')
    dns.set(name, { rcode: 'NXDOMAIN' })
    const fan = await discover([target(fleet.url(name), { name: 'api', addresses: 'all' })], {
      servers: [dns.server],
      concurrency: 1,
      retries: 0
    })
    if (!fan.ok) throw new Error(fan.error)
    expect(fan.value.targets).toEqual([])
    expect(fan.value.outcomes).toHaveLength(1)
    expect(fan.value.outcomes[0]).toMatchObject({
      kind: 'none',
      code: 'dns',
      reason: `${name}: no such host (NXDOMAIN)`,
      target: { name: 'api', group: 'api' }
    })
  })
})
