// Issue 10 through the committed bundle, as a runner runs it: a name that resolves (through
// `dns-servers`, a real DNS server on loopback UDP) to four instances on 127.0.0.1, 127.0.0.2,
// 127.0.0.3 and ::1 on one port, one of them stale, with `count: 3` (one instance too many), and
// a name that does not resolve. One spawn: the in-process suite (action/dns-fan-out.test.ts)
// tests each case in detail; this proves the shipped dist/ has the feature.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js'
import { INSTANCE_ADDRESSES, startInstances, type Instances } from '../helpers/instances.js'
import { runBundle } from '../helpers/run-action.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const API = 'api.fleet-check.invalid'
const GONE = 'gone.fleet-check.invalid'

let dns: DnsServer
let fleet: Instances
beforeAll(async () => {
  dns = await startDnsServer({
    [API]: { A: ['127.0.0.1', '127.0.0.2', '127.0.0.3'], AAAA: ['::1'] },
    [GONE]: { rcode: 'NXDOMAIN' }
  })
  fleet = await startInstances({ builds: { '127.0.0.3': OLD }, fallback: SHA })
})
afterAll(async () => {
  await fleet.close()
  await dns.close()
})

interface Target {
  name: string
  group?: string
  address?: string
  url: string
  status: string
  reported: string | null
  code: string | null
  reason: string | null
}

test('four instances behind one name, one stale, one more than count, and a name that does not resolve', async () => {
  const run = await runBundle({
    inputs: {
      targets: [
        'targets:',
        '  - name: api',
        `    url: "${fleet.url(API)}"`,
        '    addresses: all',
        '    count: 3',
        '  - name: gone',
        `    url: "${fleet.url(GONE)}"`,
        '    addresses: all'
      ].join('\n'),
      expected: SHA,
      'dns-servers': dns.server,
      retries: '0'
    }
  })
  if (run.outputs.report === undefined)
    throw new Error(`no report output:\n${run.stdout}\n${run.stderr}`)
  const targets = (JSON.parse(run.outputs.report) as { targets: Target[] }).targets
  const byName = new Map(targets.map(t => [t.name, t]))
  const list = (status: string) => (JSON.parse(run.outputs[status]) as string[]).sort()

  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
  // Every address is an instance, IPv4 and IPv6 alike; the stale one is named.
  expect(list('current')).toEqual(['api@127.0.0.1', 'api@127.0.0.2', 'api@::1'])
  expect(list('stale')).toEqual(['api@127.0.0.3'])
  // One instance more than declared: the group is undeclared; a name without records: missing.
  expect(list('undeclared')).toEqual(['api'])
  expect(list('missing')).toEqual(['gone'])
  expect(byName.get('api')).toMatchObject({
    status: 'undeclared',
    code: 'count-over',
    reason: 'found 4 instances, 3 declared'
  })
  expect(byName.get('gone')).toMatchObject({ status: 'missing', code: 'dns' })
  expect(byName.get('gone')?.reason).toMatch(/NXDOMAIN/)
  // The report: each instance's group and address; the URL keeps the name.
  expect(byName.get('api@::1')).toMatchObject({
    group: 'api',
    address: '::1',
    url: fleet.url(API),
    status: 'current'
  })
  expect(byName.get('api@127.0.0.3')).toMatchObject({ reported: OLD, address: '127.0.0.3' })

  // Each instance was asked on its own address, by name.
  for (const address of INSTANCE_ADDRESSES)
    expect({ address, hosts: fleet.requestsTo(address).map(r => r.host) }).toEqual({
      address,
      hosts: [`${API}:${fleet.port}`]
    })
  expect(dns.queries.map(q => q.name)).toEqual(expect.arrayContaining([API, GONE]))

  // The summary: the group counted at the top, its problem listed with the failing targets.
  expect(run.summary).toContain('Instances: `api` 3 of 4 instances current')
  expect(run.summary).toContain('found 4 instances, 3 declared')
  // The headline names the stale instance and the group.
  expect(run.stdout).toMatch(/^::error::.*api@127\.0\.0\.3 stale/m)
})
