// Issue 10, through the whole action (in process): a name that resolves to several addresses is
// checked at every address, as its own instance `<name>@<address>`; `count` says how many there
// must be. A real DNS server on loopback UDP (given as `dns-servers`) answers for the names, and
// four instances on 127.0.0.1, 127.0.0.2, 127.0.0.3 and ::1 share one port, so an instance is
// reached only through the address its name resolved to. Each case says what it proves.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { lookup } from 'node:dns/promises'
import { startDnsServer, type DnsServer, type Records } from '../helpers/dns-server.js'
import { INSTANCE_ADDRESSES, startInstances, type Instances } from '../helpers/instances.js'
import { certificatesFor } from '../helpers/tls.js'
import {
  commands,
  errors,
  expectBadInput,
  expectWithin,
  names,
  OLD,
  OVERHEAD_MS,
  pathOf,
  rendered,
  report,
  roundLines,
  SHA,
  summaryRows,
  target,
  type TargetReport
} from '../helpers/outcome.js'
import { runAction, type Run } from '../helpers/run-action.js'
import { startProxy, type Proxy } from '../helpers/servers.js'

/** Names under .invalid, which no real resolver answers: only the test's DNS server knows them. */
const DOMAIN = 'fleet-check.invalid'
const host = (label: string) => `${label}.${DOMAIN}`
/** Every instance address: three A records and one AAAA. */
const ALL: Records = { A: ['127.0.0.1', '127.0.0.2', '127.0.0.3'], AAAA: ['::1'] }

/** A report target, with the fields instances have (issue 10). */
type InstanceReport = TargetReport & { group?: string; address?: string; finalUrl?: string }

let dns: DnsServer
let fleet: Instances

beforeAll(async () => {
  dns = await startDnsServer()
  fleet = await startInstances({ builds: SHA })
})
afterAll(async () => {
  await fleet.close()
  await dns.close()
})
// Each case starts from four current instances with no requests seen (runs in a describe's
// beforeAll are read by several tests, so this is not a beforeEach).
const fresh = () => fleet.reset(SHA)

/** One target of a fleet document: name, url and further keys, one a line. */
function entry(name: string, url: string, ...keys: string[]): string {
  return [`  - name: ${name}`, `    url: "${url}"`, ...keys.map(k => `    ${k}`)].join('\n')
}

function doc(...entries: string[]): string {
  return ['targets:', ...entries].join('\n')
}

/** The instance names of `name`, one per address, in the order given. */
function instancesOf(name: string, addresses: readonly string[] = INSTANCE_ADDRESSES): string[] {
  return addresses.map(a => `${name}@${a}`)
}

const sorted = (list: string[]) => [...list].sort()

function instanceReport(run: Run, name: string): InstanceReport {
  return target(run, name) as InstanceReport
}

/** The headline: the one ::error without a title. */
function headlineOf(run: Run): string {
  const line = commands(run.stdout, 'error').find(c => !c.properties.title)
  return line?.message ?? ''
}

/** DNS questions asked for one name. */
function queriesFor(name: string): string[] {
  return dns.queries.filter(q => q.name.toLowerCase() === name).map(q => q.type)
}

async function check(targets: string, inputs: Record<string, string> = {}, files = {}) {
  return runAction({
    inputs: { targets, 'dns-servers': dns.server, retries: '0', ...inputs },
    files
  })
}

describe('four instances behind one name, all current (count: 4)', () => {
  const NAME = host('api')
  let run: Run
  beforeAll(async () => {
    fresh()
    dns.set(NAME, ALL)
    run = await check(
      doc(
        entry(
          'api',
          fleet.url(NAME),
          'addresses: all',
          'count: 4',
          'headers: {X-Fleet-Token: "f-secret-9931"}'
        )
      ),
      { headers: 'X-Api-Key: k-secret-4417' }
    )
  })

  test('every address is an instance named <name>@<address>, IPv4 and IPv6 together; the run passes', () => {
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(sorted(names(run, 'current'))).toEqual(sorted(instancesOf('api')))
    expect(names(run, 'missing')).toEqual([])
    expect(names(run, 'undeclared')).toEqual([])
  })

  test('count met: the group has no entry of its own, only its four instances', () => {
    expect(sorted(report(run).targets.map(t => t.name))).toEqual(sorted(instancesOf('api')))
  })

  test('the report gives each instance its group and address; its URL keeps the host name', () => {
    for (const address of INSTANCE_ADDRESSES) {
      expect(instanceReport(run, `api@${address}`)).toMatchObject({
        group: 'api',
        address,
        url: fleet.url(NAME),
        status: 'current',
        reported: SHA
      })
    }
  })

  test('each instance was asked once, on its own address, with the host name in Host', () => {
    for (const address of INSTANCE_ADDRESSES) {
      const seen = fleet.requestsTo(address)
      expect({ address, hosts: seen.map(r => r.host) }).toEqual({
        address,
        hosts: [`${NAME}:${fleet.port}`]
      })
    }
  })

  test('configured headers (the headers input and the fleet file’s) reach every instance', () => {
    for (const address of INSTANCE_ADDRESSES) {
      const [r] = fleet.requestsTo(address)
      expect({ address, key: r.headers['x-api-key'], token: r.headers['x-fleet-token'] }).toEqual({
        address,
        key: 'k-secret-4417',
        token: 'f-secret-9931'
      })
    }
  })

  test('the name was resolved through dns-servers, for A and AAAA', () => {
    expect(queriesFor(NAME)).toEqual(expect.arrayContaining(['A', 'AAAA']))
  })
})

describe('one stale instance among four', () => {
  const NAME = host('web')
  let run: Run
  beforeAll(async () => {
    fresh()
    dns.set(NAME, ALL)
    fleet.setBuild('127.0.0.3', OLD)
    run = await check(doc(entry('api', fleet.url(NAME), 'addresses: all')))
  })

  test('fails the run and names the stale instance; the other three are current', () => {
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'stale')).toEqual(['api@127.0.0.3'])
    expect(sorted(names(run, 'current'))).toEqual(
      sorted(instancesOf('api', ['127.0.0.1', '127.0.0.2', '::1']))
    )
    expect(instanceReport(run, 'api@127.0.0.3')).toMatchObject({
      status: 'stale',
      reported: OLD,
      group: 'api',
      address: '127.0.0.3'
    })
  })

  test('the headline counts instances and names the stale one', () => {
    const line = headlineOf(run)
    expect(line).toMatch(/\b1 of 4\b/)
    expect(line).toContain('api@127.0.0.3')
  })

  test('the summary counts the group at the top, "api 3 of 4 instances current", lists the stale instance, folds the others', () => {
    expect(run.summary).toContain('Instances: `api` 3 of 4 instances current.')
    const rows = summaryRows(run.summary).filter(r => r[1].startsWith('api@'))
    expect(rows.map(r => [r[0], r[1], r[2]])).toEqual([
      ['❌ stale', 'api@127.0.0.3', '1a2b3c4'],
      ...instancesOf('api')
        .filter(name => name !== 'api@127.0.0.3')
        .map(name => ['✅ current', name, ''])
    ])
  })
})

describe('count not met', () => {
  beforeEach(fresh)
  test('count short: the group is missing, "found 3 of 4 instances"; its three instances are still checked', async () => {
    const NAME = host('short')
    dns.set(NAME, { A: ['127.0.0.1', '127.0.0.2', '127.0.0.3'] })
    const run = await check(doc(entry('api', fleet.url(NAME), 'addresses: all', 'count: 4')))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'missing')).toEqual(['api'])
    expect(instanceReport(run, 'api')).toMatchObject({
      status: 'missing',
      code: 'count-short',
      reason: 'found 3 of 4 instances'
    })
    expect(sorted(names(run, 'current'))).toEqual(
      sorted(instancesOf('api', ['127.0.0.1', '127.0.0.2', '127.0.0.3']))
    )
    expect(headlineOf(run)).toContain('found 3 of 4 instances')
    expect(rendered(run.summary)).toContain('found 3 of 4 instances')
  })

  test('count short with allow-undeclared: true still fails (a missing instance is never allowed)', async () => {
    const NAME = host('short-allowed')
    dns.set(NAME, { A: ['127.0.0.1', '127.0.0.2', '127.0.0.3'] })
    const run = await check(doc(entry('api', fleet.url(NAME), 'addresses: all', 'count: 4')), {
      'allow-undeclared': 'true'
    })
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'missing')).toEqual(['api'])
  })

  test('count over: the group is undeclared, "found 4 instances, 3 declared", and fails the run', async () => {
    const NAME = host('over')
    dns.set(NAME, ALL)
    const run = await check(doc(entry('api', fleet.url(NAME), 'addresses: all', 'count: 3')))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'undeclared')).toEqual(['api'])
    expect(instanceReport(run, 'api')).toMatchObject({
      status: 'undeclared',
      code: 'count-over',
      reason: 'found 4 instances, 3 declared'
    })
    // Every instance found is checked, the unexpected one too.
    expect(sorted(names(run, 'current'))).toEqual(sorted(instancesOf('api')))
    expect(headlineOf(run)).toContain('found 4 instances, 3 declared')
    expect(rendered(run.summary)).toContain('found 4 instances, 3 declared')
  })

  test('count over with allow-undeclared: true passes, and still lists and explains the group', async () => {
    const NAME = host('over-allowed')
    dns.set(NAME, ALL)
    const run = await check(doc(entry('api', fleet.url(NAME), 'addresses: all', 'count: 3')), {
      'allow-undeclared': 'true'
    })
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(names(run, 'undeclared')).toEqual(['api'])
    expect(sorted(names(run, 'current'))).toEqual(sorted(instancesOf('api')))
    expect(rendered(run.summary)).toContain('found 4 instances, 3 declared')
  })
})

describe('a name that does not resolve: the group is missing with the resolver’s reason', () => {
  const NX = host('nx')
  const SF = host('sf')
  const EMPTY = host('empty')
  const DROP = host('drop')
  let run: Run
  beforeAll(async () => {
    fresh()
    dns.set(NX, { rcode: 'NXDOMAIN' })
    dns.set(SF, { rcode: 'SERVFAIL' })
    dns.set(EMPTY, { A: [], AAAA: [] })
    dns.set(DROP, { drop: true })
    run = await check(
      doc(
        entry('nx', fleet.url(NX), 'addresses: all'),
        entry('sf', fleet.url(SF), 'addresses: all'),
        entry('empty', fleet.url(EMPTY), 'addresses: all'),
        entry('drop', fleet.url(DROP), 'addresses: all')
      ),
      { timeout: '500ms' }
    )
  })

  test('never a pass: every group missing, no instance, no request', () => {
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(sorted(names(run, 'missing'))).toEqual(['drop', 'empty', 'nx', 'sf'])
    expect(names(run, 'current')).toEqual([])
    expect(report(run).targets.filter(t => t.name.includes('@'))).toEqual([])
    expect(fleet.requests).toEqual([])
  })

  test('NXDOMAIN: code dns, the name and "NXDOMAIN" in the reason', () => {
    const t = instanceReport(run, 'nx')
    expect(t).toMatchObject({ status: 'missing', code: 'dns' })
    expect(t.reason).toContain(NX)
    expect(t.reason).toMatch(/NXDOMAIN/)
  })

  test('SERVFAIL: code dns, "SERVFAIL" in the reason', () => {
    const t = instanceReport(run, 'sf')
    expect(t).toMatchObject({ status: 'missing', code: 'dns' })
    expect(t.reason).toMatch(/SERVFAIL/)
  })

  test('an answer with no address: "no A or AAAA records"', () => {
    const t = instanceReport(run, 'empty')
    expect(t).toMatchObject({ status: 'missing', code: 'dns' })
    expect(t.reason).toContain('no A or AAAA records')
  })

  test('a dropped query: timed out after the target’s timeout, and the run ends within it', () => {
    const t = instanceReport(run, 'drop')
    expect(t).toMatchObject({ status: 'missing', code: 'dns' })
    expect(t.reason).toMatch(/timed out after 500ms/)
    expect(queriesFor(DROP).length).toBeGreaterThan(0)
    expectWithin(run, 500 + OVERHEAD_MS)
  })
})

test('a range entry with addresses: all (in defaults, with count) fans out each expanded target', async () => {
  fresh()
  dns.set(host('api-1'), { A: ['127.0.0.1', '127.0.0.2'] })
  dns.set(host('api-2'), { A: ['127.0.0.3'], AAAA: ['::1'] })
  const run = await check(
    [
      'defaults:',
      '  addresses: all',
      '  count: 2',
      doc(entry('api-[1:2]', fleet.url(host('api-[1:2]'))))
    ].join('\n')
  )
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
  expect(sorted(names(run, 'current'))).toEqual(
    sorted([
      ...instancesOf('api-1', ['127.0.0.1', '127.0.0.2']),
      ...instancesOf('api-2', ['127.0.0.3', '::1'])
    ])
  )
  expect(instanceReport(run, 'api-2@::1')).toMatchObject({ group: 'api-2', address: '::1' })
  // Each name only on its own addresses, with its own Host.
  for (const [label, addresses] of [
    ['api-1', ['127.0.0.1', '127.0.0.2']],
    ['api-2', ['127.0.0.3', '::1']]
  ] as const) {
    for (const address of INSTANCE_ADDRESSES) {
      const seen = fleet.requestsTo(address, host(label)).length
      expect({ label, address, seen }).toEqual({
        label,
        address,
        seen: (addresses as readonly string[]).includes(address) ? 1 : 0
      })
    }
  }
})

describe('HTTPS with a certificate for the host name only', () => {
  const NAME = host('secure')
  let tls: Instances
  let ca: string
  beforeAll(async () => {
    const certs = certificatesFor([NAME])
    ca = certs.ca
    tls = await startInstances({ builds: SHA, tls: certs.leaf })
  })
  afterAll(() => tls.close())

  test('every instance is verified by name: SNI and Host carry the name, not the address', async () => {
    dns.set(NAME, ALL)
    const run = await check(
      doc(entry('secure', tls.url(NAME), 'addresses: all', 'count: 4')),
      { 'ca-file': 'ca.pem' },
      { 'ca.pem': ca }
    )
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(sorted(names(run, 'current'))).toEqual(sorted(instancesOf('secure')))
    for (const address of INSTANCE_ADDRESSES) {
      const seen = tls.requestsTo(address)
      expect({ address, sni: seen.map(r => r.servername), hosts: seen.map(r => r.host) }).toEqual({
        address,
        sni: [NAME],
        hosts: [`${NAME}:${tls.port}`]
      })
    }
  })

  test('a certificate for another name fails every instance (tls); none passes', async () => {
    const WRONG = host('wrong')
    dns.set(WRONG, ALL)
    const before = tls.requests.length
    const run = await check(
      doc(entry('wrong', tls.url(WRONG), 'addresses: all')),
      { 'ca-file': 'ca.pem' },
      { 'ca.pem': ca }
    )
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(sorted(names(run, 'missing'))).toEqual(sorted(instancesOf('wrong')))
    for (const address of INSTANCE_ADDRESSES)
      expect(instanceReport(run, `wrong@${address}`)).toMatchObject({ code: 'tls' })
    // Refused in the handshake: no request reached an instance.
    expect(tls.requests.length).toBe(before)
  })
})

test('a redirect to the same host name stays on the instance’s address, not resolved again', async () => {
  fresh()
  const NAME = host('hop')
  dns.set(NAME, { A: ['127.0.0.2'] })
  // The other instances run another build: an answer from one of them would be stale.
  for (const a of ['127.0.0.1', '127.0.0.3', '::1']) fleet.setBuild(a, OLD)
  fleet.handler = (_address, req, res) => {
    if (pathOf(req.url) !== '/start') return false
    // The name now resolves elsewhere, and the connection closes: following the redirect by
    // resolving the name again would reach 127.0.0.3.
    dns.set(NAME, { A: ['127.0.0.3'] })
    res.writeHead(302, { location: fleet.url(NAME), connection: 'close' })
    res.end()
    return true
  }
  const run = await check(doc(entry('api', fleet.url(NAME, '/start'), 'addresses: all')))
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
  expect(names(run, 'current')).toEqual(['api@127.0.0.2'])
  expect(instanceReport(run, 'api@127.0.0.2').finalUrl).toBe(fleet.url(NAME))
  expect(fleet.requestsTo('127.0.0.2').map(r => pathOf(r.url))).toEqual(['/start', '/version'])
  for (const a of ['127.0.0.1', '127.0.0.3', '::1']) expect(fleet.requestsTo(a)).toEqual([])
})

describe('under wait, every round resolves again', () => {
  beforeEach(fresh)
  test('an instance that joins mid-rollout is checked in a later round, and the count is met then', async () => {
    const NAME = host('join')
    dns.set(NAME, { A: ['127.0.0.1', '127.0.0.2', '127.0.0.3'] })
    // Once round 1 asks an instance, its name was resolved: the fourth instance joins.
    const stop = fleet.onRequest(r => {
      if (!r.host.startsWith(NAME)) return
      dns.set(NAME, ALL)
      stop()
    })
    const run = await check(doc(entry('api', fleet.url(NAME), 'addresses: all', 'count: 4')), {
      wait: '10s',
      interval: '100ms'
    })
    stop()
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(sorted(names(run, 'current'))).toEqual(sorted(instancesOf('api')))
    const lines = roundLines(run.stdout)
    expect(lines).toHaveLength(2)
    // Each round's line counts the instances it found.
    expect(lines[0]).toContain('found 3 of 4 instances')
    expect(lines[0]).toMatch(/\bapi 3\b/)
    expect(lines[1]).toMatch(/\b4\/4 current\b/)
    expect(lines[1]).toMatch(/\bapi 4\b/)
    // The newcomer was asked in round 2 only; the others in both rounds.
    expect(fleet.requestsTo('::1', NAME)).toHaveLength(1)
    expect(fleet.requestsTo('127.0.0.1', NAME)).toHaveLength(2)
    expect(queriesFor(NAME).filter(t => t === 'A').length).toBeGreaterThanOrEqual(2)
  })

  test('a stale instance that leaves the record set is no longer checked', async () => {
    const NAME = host('drain')
    dns.set(NAME, ALL)
    fleet.setBuild('127.0.0.3', OLD)
    const stop = fleet.onRequest(r => {
      if (r.address !== '127.0.0.3' || !r.host.startsWith(NAME)) return
      dns.set(NAME, { A: ['127.0.0.1', '127.0.0.2'], AAAA: ['::1'] })
      stop()
    })
    const run = await check(doc(entry('api', fleet.url(NAME), 'addresses: all')), {
      wait: '10s',
      interval: '100ms'
    })
    stop()
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(sorted(names(run, 'current'))).toEqual(
      sorted(instancesOf('api', ['127.0.0.1', '127.0.0.2', '::1']))
    )
    expect(report(run).targets.map(t => t.name)).not.toContain('api@127.0.0.3')
    const lines = roundLines(run.stdout)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('api@127.0.0.3')
    expect(fleet.requestsTo('127.0.0.3', NAME)).toHaveLength(1)
  })
})

describe('bad input', () => {
  beforeEach(fresh)
  const plain = () => `http://127.0.0.1:${fleet.port}/version`

  test.each([
    ['banana', 'banana'],
    ['a port out of range', '127.0.0.1:99999'],
    ['an address that is no IP', '10.0.0.1, 300.1.2.3'],
    ['an unclosed IPv6 bracket', '[::1:53']
  ])('dns-servers: %s names the input and quotes the value', async (_, value) => {
    const asked = dns.queries.length
    const run = await runAction({ inputs: { targets: plain(), 'dns-servers': value } })
    // (the log breaks up "::", which a runner could read as a command, with a zero-width space)
    const messages = expectBadInput(run, 'input `dns-servers`')
      .join('\n')
      .replace(/\u200b/g, '')
    const bad = value.split(',').pop()?.trim() ?? value
    expect(messages).toMatch(new RegExp(`"[^"]*${bad.replace(/[.[\]]/g, '\\$&')}[^"]*"`))
    expect(messages).toMatch(/expected/)
    expect(dns.queries.length).toBe(asked)
    expect(fleet.requests).toEqual([])
  })

  test('addresses: sometimes is bad input, quoted, with what is expected', async () => {
    const run = await runAction({
      inputs: { targets: `- name: api\n  url: "${fleet.url(host('api'))}"\n  addresses: sometimes` }
    })
    const messages = expectBadInput(
      run,
      'input `targets`, line 3: targets[0].addresses: "sometimes" is not valid; expected'
    ).join('\n')
    expect(messages).toMatch(/"one"/)
    expect(messages).toMatch(/"all"/)
  })

  test('addresses: all on a URL whose host is an IP address (v4 or v6) is bad input: nothing to resolve', async () => {
    const run = await runAction({
      inputs: {
        targets: doc(
          entry('v4', `http://127.0.0.1:${fleet.port}/version`, 'addresses: all'),
          entry('v6', `http://[::1]:${fleet.port}/version`, 'addresses: all')
        ),
        'dns-servers': dns.server
      }
    })
    // (the log breaks up "::", which a runner could read as a command, with a zero-width space)
    const messages = expectBadInput(run).map(m => m.replace(/\u200b/g, ''))
    expect(messages.find(m => m.includes('targets[0]'))).toMatch(/addresses/)
    expect(messages.find(m => m.includes('targets[0]'))).toContain('127.0.0.1')
    expect(messages.find(m => m.includes('targets[1]'))).toMatch(/addresses/)
    expect(messages.find(m => m.includes('targets[1]'))).toContain('::1')
    expect(fleet.requests).toEqual([])
  })

  test('count without addresses: all (absent, or one) is bad input', async () => {
    const run = await runAction({
      inputs: {
        targets: doc(
          entry('a', fleet.url(host('a')), 'count: 4'),
          entry('b', fleet.url(host('b')), 'addresses: one', 'count: 4')
        )
      }
    })
    const messages = expectBadInput(run, 'count needs addresses: all')
    for (const at of ['targets[0]', 'targets[1]'])
      expect(messages.some(m => m.includes(at) && m.includes('count needs addresses: all'))).toBe(
        true
      )
  })

  test.each(['0', '10001', 'many', '2.5'])(
    'count: %s is bad input, quoted, with the range expected',
    async value => {
      const run = await runAction({
        inputs: {
          targets: doc(entry('api', fleet.url(host('api')), 'addresses: all', `count: ${value}`))
        }
      })
      expectBadInput(
        run,
        `targets[0].count: "${value}" is not valid; expected a whole number from 1 to 10000`
      )
    }
  )
})

describe('behind a proxy (HTTP_PROXY), which would resolve the name itself', () => {
  let proxy: Proxy
  beforeAll(async () => {
    proxy = await startProxy()
  })
  afterAll(() => proxy.close())

  test('addresses: all on a host the proxy would carry is bad input naming the target, the variable and NO_PROXY', async () => {
    fresh()
    const NAME = host('proxied')
    dns.set(NAME, ALL)
    const run = await runAction({
      inputs: {
        targets: doc(entry('api', fleet.url(NAME), 'addresses: all')),
        'dns-servers': dns.server,
        retries: '0'
      },
      env: { HTTP_PROXY: proxy.origin }
    })
    const messages = expectBadInput(run, 'HTTP_PROXY', 'NO_PROXY').join('\n')
    expect(messages).toMatch(/targets\[0\]|"api"/)
    expect(proxy.seen).toEqual([])
    expect(fleet.requests).toEqual([])
  })

  test('with the host in NO_PROXY, every instance is asked directly at its address', async () => {
    fresh()
    const NAME = host('direct')
    dns.set(NAME, ALL)
    const run = await runAction({
      inputs: {
        targets: doc(entry('api', fleet.url(NAME), 'addresses: all')),
        'dns-servers': dns.server,
        retries: '0'
      },
      env: { HTTP_PROXY: proxy.origin, NO_PROXY: NAME }
    })
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(sorted(names(run, 'current'))).toEqual(sorted(instancesOf('api')))
    for (const address of INSTANCE_ADDRESSES)
      expect(fleet.requestsTo(address, NAME)).toHaveLength(1)
    expect(proxy.seen).toEqual([])
  })
})

test('addresses: all with a reports-file is bad input: its targets are compared, not asked', async () => {
  fresh()
  const run = await runAction({
    inputs: {
      targets: doc(entry('api', fleet.url(host('api')), 'addresses: all')),
      'reports-file': 'reports.json'
    },
    files: { 'reports.json': JSON.stringify({ api: SHA }) }
  })
  const messages = expectBadInput(run).join('\n')
  expect(messages).toMatch(/addresses/)
  expect(messages).toMatch(/reports-file/)
})

test('the 10,000-target cap holds after fan-out: 2,501 names of 4 addresses are a clear failure, never a cut', async () => {
  fresh()
  for (let i = 1; i <= 2501; i++) dns.set(host(`cap-${i}`), ALL)
  const run = await check(
    doc(entry('cap-[1:2501]', fleet.url(host('cap-[1:2501]')), 'addresses: all')),
    {},
    {}
  )
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
  const text = errors(run).join('\n')
  expect(text).toMatch(/10,?004/)
  expect(text).toMatch(/10,?000/)
  expect(run.summary).not.toMatch(/✅ pass/)
  // Refused before any request: no part of the fleet was checked as if it were the whole.
  expect(fleet.requests).toEqual([])
}, 120_000)

test('plain targets resolve through dns-servers too: one connection, where the DNS server says', async () => {
  fresh()
  const NAME = host('plain')
  dns.set(NAME, { A: ['127.0.0.2'] })
  const run = await check(doc(entry('plain', fleet.url(NAME))))
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
  expect(names(run, 'current')).toEqual(['plain'])
  const t = instanceReport(run, 'plain')
  expect(t.group).toBeUndefined()
  expect(t.address).toBeUndefined()
  expect(queriesFor(NAME).length).toBeGreaterThan(0)
  expect(fleet.requestsTo('127.0.0.2', NAME).map(r => r.host)).toEqual([`${NAME}:${fleet.port}`])
  expect(fleet.requests).toHaveLength(1)
})

test('without dns-servers, the system resolver (with /etc/hosts) lists the instances', async () => {
  fresh()
  const expected = (await lookup('localhost', { all: true })).map(a => a.address)
  const asked = dns.queries.length
  const run = await runAction({
    inputs: {
      targets: doc(entry('local', fleet.url('localhost'), 'addresses: all')),
      retries: '0'
    }
  })
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
  expect(sorted(names(run, 'current'))).toEqual(sorted(expected.map(a => `local@${a}`)))
  for (const address of expected)
    expect(fleet.requestsTo(address, 'localhost').map(r => r.host)).toEqual([
      `localhost:${fleet.port}`
    ])
  expect(dns.queries.length).toBe(asked)
})
