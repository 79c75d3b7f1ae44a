// Issue 15 with discovery (in process): the instances of an `addresses: all` name and the pods of
// a `kubernetes` target inherit their target's checks, and each is judged on its own answer, so
// one instance (or pod) on the right build with another config is stale, naming the check.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js'
import { startInstances, type Instances } from '../helpers/instances.js'
import { startKubeApi, writeKubeconfig, type FakePod, type KubeApi } from '../helpers/kube-api.js'
import { names, SHA, target, type Status, type TargetReport } from '../helpers/outcome.js'
import { runAction, type Run } from '../helpers/run-action.js'
import { json } from '../helpers/servers.js'

const CONFIG = '9c1b2d3e4f5a69788796a5b4c3d2e1f0a9b8c7d6'
const DRIFT = '3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a'

type WithChecks = TargetReport & {
  checks?: Record<string, { reported: string | null; expected: string | null; status: Status }>
}

/** `defaults` with a config check: the fleet's every target, instance and pod must report CONFIG. */
const DEFAULTS = [
  'defaults:',
  '  json: sha',
  '  checks:',
  '    config:',
  '      json: config.sha',
  `      expected: "${CONFIG}"`
]

const sorted = (list: string[]) => [...list].sort()
const checksOf = (run: Run, name: string) => (target(run, name) as WithChecks).checks

function expectOneDrifted(run: Run, drifted: string, others: string[]): void {
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
  expect(names(run, 'stale')).toEqual([drifted])
  expect(sorted(names(run, 'current'))).toEqual(sorted(others))
  expect(target(run, drifted)).toMatchObject({
    status: 'stale',
    reported: SHA,
    reason: 'config 3f2a1b9, expected 9c1b2d3'
  })
  expect(checksOf(run, drifted)).toEqual({
    config: { reported: DRIFT, expected: CONFIG, status: 'stale' }
  })
  for (const name of others) {
    expect(checksOf(run, name)).toEqual({
      config: { reported: CONFIG, expected: CONFIG, status: 'current' }
    })
  }
}

describe('DNS fan-out', () => {
  const ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3']
  const NAME = 'api.fleet-check.invalid'
  let dns: DnsServer
  let fleet: Instances
  beforeAll(async () => {
    dns = await startDnsServer({ [NAME]: { A: ADDRESSES } })
    fleet = await startInstances({ builds: SHA, addresses: ADDRESSES })
    // 127.0.0.2 runs the build with another config.
    fleet.handler = (address, _, res) => {
      json(res, { sha: SHA, config: { sha: address === '127.0.0.2' ? DRIFT : CONFIG } })
      return true
    }
  })
  afterAll(async () => {
    await fleet.close()
    await dns.close()
  })

  test('one instance with another config value: that instance is stale, naming the check', async () => {
    const run = await runAction({
      inputs: {
        targets: [
          ...DEFAULTS,
          'targets:',
          '  - name: api',
          `    url: "${fleet.url(NAME)}"`,
          '    addresses: all',
          '    count: 3'
        ].join('\n'),
        'dns-servers': dns.server,
        retries: '0'
      }
    })
    expectOneDrifted(run, 'api@127.0.0.2', ['api@127.0.0.1', 'api@127.0.0.3'])
    // one request per instance: the check read the build's answer
    for (const address of ADDRESSES) expect(fleet.requestsTo(address)).toHaveLength(1)
  })
})

describe('Kubernetes pods', () => {
  let api: KubeApi
  let dir: string
  let kubeconfig: string
  beforeAll(async () => {
    const pod = (name: string): FakePod => ({ name, labels: { app: 'api' }, build: SHA })
    api = await startKubeApi({
      token: 'kube-token-c4e1',
      pods: ['api-0', 'api-1', 'api-2'].map(pod)
    })
    dir = await mkdtemp(path.join(tmpdir(), 'fleet-check-kube-'))
    kubeconfig = await writeKubeconfig(dir, {
      server: api.server,
      ca: api.ca,
      token: 'kube-token-c4e1'
    })
    // api-1 runs the build with another config.
    api.handler = (pod, _, __, res) => {
      json(res, { sha: SHA, config: { sha: pod.name === 'api-1' ? DRIFT : CONFIG } })
      return true
    }
  })
  afterAll(async () => {
    await api.close()
    await rm(dir, { recursive: true, force: true })
  })

  test('one pod with another config value: that pod is stale, naming the check', async () => {
    const run = await runAction({
      inputs: {
        targets: [
          ...DEFAULTS,
          'targets:',
          '  - name: api',
          '    kubernetes:',
          '      selector: app=api',
          '      port: 8080',
          '      path: /version',
          '    count: 3'
        ].join('\n'),
        retries: '0'
      },
      env: { KUBECONFIG: kubeconfig }
    })
    expectOneDrifted(run, 'api/api-1', ['api/api-0', 'api/api-2'])
    for (const p of ['api-0', 'api-1', 'api-2']) expect(api.proxied(p)).toHaveLength(1)
  })
})
