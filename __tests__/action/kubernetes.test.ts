// Issue 11, through the whole action (in process): a target with a `kubernetes` mapping is every
// pod of its label selector, each its own target `<name>/<pod>`, asked through the API server's
// pod proxy (or straight at its IP), or judged by the image digest the kubelet reports. A fake
// API server on loopback (HTTPS, its own CA, the documented core/v1 paths) is driven by a real
// kubeconfig file given in KUBECONFIG; it records every request and the credentials it came with.
// Each case says what it proves.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startInstances, type Instances } from '../helpers/instances.js'
import {
  digest,
  startKubeApi,
  writeExecPlugin,
  writeKubeconfig,
  type FakePod,
  type KubeApi
} from '../helpers/kube-api.js'
import {
  commands,
  errors,
  everywhere,
  expectBadInput,
  expectOnlyOwnCommands,
  expectWithin,
  names,
  OLD,
  OVERHEAD_MS,
  rendered,
  report,
  roundLines,
  summaryHtml,
  INJECTED,
  SHA,
  target,
  type TargetReport
} from '../helpers/outcome.js'
import { runAction, type Run } from '../helpers/run-action.js'
import { json, startRawServer } from '../helpers/servers.js'
import { makeCertificates, startHttpsServer } from '../helpers/tls.js'

/** A report target with the fields pods have (issue 11). */
type PodReport = TargetReport & {
  group?: string
  pod?: string
  node?: string | null
  ready?: boolean
}

const TOKEN = 'kube-bearer-7d41c0ffee'

let api: KubeApi
let dir: string
/** the default kubeconfig: the fake API, its CA, a bearer token */
let kubeconfig: string

beforeAll(async () => {
  api = await startKubeApi({ token: TOKEN })
  dir = await mkdtemp(path.join(tmpdir(), 'fleet-check-kube-'))
  kubeconfig = await writeKubeconfig(dir, { server: api.server, ca: api.ca, token: TOKEN })
})
afterAll(async () => {
  await api.close()
  await rm(dir, { recursive: true, force: true })
})

/** Each case starts from no pods, no requests seen, nothing forbidden. */
function fresh(pods: FakePod[] = []): void {
  api.setPods(pods)
  api.clear()
  api.handler = undefined
  api.intercept = undefined
  api.forbid.list = false
  api.forbid.proxy = false
}

/** A running, ready pod of app=api in `default` answering SHA, on node-a. */
function pod(name: string, extra: Partial<FakePod> = {}): FakePod {
  return { name, labels: { app: 'api' }, node: 'node-a', build: SHA, ...extra }
}

/** One `kubernetes` target: its mapping's keys, then the target's own further keys. */
function kube(name: string, mapping: string[], ...keys: string[]): string {
  return [
    `  - name: ${name}`,
    '    kubernetes:',
    ...mapping.map(k => `      ${k}`),
    ...keys.map(k => `    ${k}`)
  ].join('\n')
}

function doc(...entries: string[]): string {
  return ['targets:', ...entries].join('\n')
}

/** The mapping most cases use: app=api, port 8080, /version. */
const HTTP = ['selector: app=api', 'port: 8080', 'path: /version']

interface CheckOptions {
  inputs?: Record<string, string>
  env?: Record<string, string>
  kubeconfig?: string
  readFiles?: string[]
}

async function check(targets: string, o: CheckOptions = {}): Promise<Run> {
  return runAction({
    inputs: { targets, retries: '0', ...o.inputs },
    env: { KUBECONFIG: o.kubeconfig ?? kubeconfig, ...o.env },
    readFiles: o.readFiles
  })
}

const sorted = (list: string[]) => [...list].sort()

function podReport(run: Run, name: string): PodReport {
  return target(run, name) as PodReport
}

/** The headline: the one ::error without a title. */
function headlineOf(run: Run): string {
  return commands(run.stdout, 'error').find(c => !c.properties.title)?.message ?? ''
}

function expectResult(run: Run, result: 'pass' | 'fail'): void {
  expect({ code: run.code, result: run.outputs.result }).toEqual({
    code: result === 'pass' ? 0 : 1,
    result
  })
}

describe('three pods of the selector, all current (count: 3)', () => {
  let run: Run
  beforeAll(async () => {
    fresh([
      pod('api-0', { node: 'node-a' }),
      pod('api-1', { node: 'node-b' }),
      pod('api-2', { node: 'node-c' }),
      // not of the selector, or in another namespace: not targets, never asked
      pod('db-0', { labels: { app: 'db' } }),
      pod('api-0', { namespace: 'prod' })
    ])
    run = await check(
      doc(kube('api', HTTP, 'count: 3', 'headers: {X-Fleet-Token: "f-secret-9931"}')),
      {
        readFiles: ['report.json'],
        inputs: { 'report-path': 'report.json' }
      }
    )
  })

  test('every pod is a target named <name>/<pod>; the run passes', () => {
    expectResult(run, 'pass')
    expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1', 'api/api-2'])
    expect(names(run, 'missing')).toEqual([])
    expect(names(run, 'undeclared')).toEqual([])
  })

  test('count met: the group has no entry of its own, only its three pods', () => {
    expect(sorted(report(run).targets.map(t => t.name))).toEqual([
      'api/api-0',
      'api/api-1',
      'api/api-2'
    ])
  })

  test('the report gives each pod its group, pod, node and ready', () => {
    for (const [p, node] of [
      ['api-0', 'node-a'],
      ['api-1', 'node-b'],
      ['api-2', 'node-c']
    ]) {
      expect(podReport(run, `api/${p}`)).toMatchObject({
        group: 'api',
        pod: p,
        node,
        ready: true,
        status: 'current',
        reported: SHA
      })
    }
  })

  test('the pods were listed in the namespace "default" by the selector, with the kubeconfig’s token', () => {
    const lists = api.lists()
    expect(lists.length).toBeGreaterThanOrEqual(1)
    for (const l of lists) {
      expect(l).toMatchObject({
        namespace: 'default',
        authorization: `Bearer ${TOKEN}`
      })
      expect(l.query.labelSelector).toBe('app=api')
    }
  })

  test('each pod was asked once through the pod proxy, on its port and path, with the token', () => {
    for (const p of ['api-0', 'api-1', 'api-2']) {
      const seen = api.proxied(p)
      expect({
        p,
        seen: seen.map(r => [r.namespace, r.port, r.proxyPath, r.authorization])
      }).toEqual({
        p,
        seen: [['default', '8080', '/version', `Bearer ${TOKEN}`]]
      })
    }
    // Other pods (another label, another namespace) were never asked.
    expect(api.proxied().filter(r => r.pod === 'db-0' || r.namespace === 'prod')).toEqual([])
    expect(api.proxied()).toHaveLength(3)
  })

  test('the target’s own headers reach every pod through the proxy', () => {
    expect(api.proxied().map(r => r.headers['x-fleet-token'])).toEqual([
      'f-secret-9931',
      'f-secret-9931',
      'f-secret-9931'
    ])
  })

  test('the kubeconfig’s token never appears in the log, the summary, the outputs or the report', () => {
    expect(run.files['report.json']).toContain('api/api-0')
    for (const [where, text] of everywhere(run))
      expect({ where, leaks: text.includes(TOKEN) }).toEqual({ where, leaks: false })
  })
})

describe('one stale pod among three', () => {
  let run: Run
  beforeAll(async () => {
    fresh([pod('api-0'), pod('api-1', { build: OLD }), pod('api-2')])
    run = await check(doc(kube('web', HTTP)))
  })

  test('fails the run and names the stale pod <name>/<pod>; the other two are current', () => {
    expectResult(run, 'fail')
    expect(names(run, 'stale')).toEqual(['web/api-1'])
    expect(sorted(names(run, 'current'))).toEqual(['web/api-0', 'web/api-2'])
    expect(podReport(run, 'web/api-1')).toMatchObject({
      status: 'stale',
      reported: OLD,
      group: 'web',
      pod: 'api-1'
    })
  })

  test('the headline counts the pods and names the stale one', () => {
    const line = headlineOf(run)
    expect(line).toMatch(/\b1 of 3\b/)
    expect(line).toContain('web/api-1')
  })
})

describe('pods that are not running: not ready, completed, terminating', () => {
  let run: Run
  beforeAll(async () => {
    fresh([
      pod('api-0'),
      // not yet scheduled: no node, no containers started
      pod('api-1', { phase: 'Pending', node: undefined }),
      pod('api-2', {
        containers: [
          {
            name: 'app',
            ports: [{ name: 'http', containerPort: 8080 }],
            waiting: 'CrashLoopBackOff'
          }
        ]
      }),
      // a finished Job's pod, and a failed one: not targets
      pod('api-job', { phase: 'Succeeded' }),
      pod('api-dead', { phase: 'Failed' }),
      // terminating but still serving (an old build)
      pod('api-3', { terminating: true, build: OLD })
    ])
    run = await check(doc(kube('api', HTTP)))
  })

  test('a Pending pod is missing, "not ready: Pending", code not-ready, with no request to it', () => {
    expectResult(run, 'fail')
    expect(podReport(run, 'api/api-1')).toMatchObject({
      status: 'missing',
      code: 'not-ready',
      reason: 'not ready: Pending',
      ready: false,
      pod: 'api-1'
    })
    expect(api.proxied('api-1')).toEqual([])
  })

  test('a crash-looping pod is missing, "not ready: CrashLoopBackOff", with no request to it', () => {
    expect(podReport(run, 'api/api-2')).toMatchObject({
      status: 'missing',
      code: 'not-ready',
      reason: 'not ready: CrashLoopBackOff',
      ready: false
    })
    expect(api.proxied('api-2')).toEqual([])
  })

  test('Succeeded and Failed pods are not targets: not in the report, never asked', () => {
    const all = report(run).targets.map(t => t.name)
    expect(all).not.toContain('api/api-job')
    expect(all).not.toContain('api/api-dead')
    expect(api.proxied('api-job')).toEqual([])
    expect(api.proxied('api-dead')).toEqual([])
    expect(sorted(names(run, 'missing'))).toEqual(['api/api-1', 'api/api-2'])
  })

  test('a terminating pod is still checked (it may still serve), and its reason says so', () => {
    expect(api.proxied('api-3')).toHaveLength(1)
    const t = podReport(run, 'api/api-3')
    expect(t).toMatchObject({ status: 'stale', reported: OLD })
    expect(t.reason).toMatch(/terminating/)
  })

  test('the running pod is current', () => {
    expect(names(run, 'current')).toEqual(['api/api-0'])
  })
})

describe('report: image: the digest each container runs, with no request to any pod', () => {
  const NEW = digest('api build 2')
  const STALE = digest('api build 1')
  const hex = (d: string) => d.replace(/^sha256:/, '')
  const IMAGE = ['selector: app=api', 'report: image']
  // The forms runtimes write imageID in.
  const pods = () => [
    pod('api-0', {
      containers: [{ name: 'api', imageID: `docker-pullable://registry.example/api@${NEW}` }]
    }),
    pod('api-1', { containers: [{ name: 'api', imageID: `registry.example/api@${NEW}` }] }),
    pod('api-2', { containers: [{ name: 'api', imageID: `docker.io/library/api@${NEW}` }] })
  ]

  test.each([
    ['with sha256:', NEW],
    ['without sha256:', hex(NEW)]
  ])(
    'an expected digest %s: every pod current, reporting sha256:<64 hex>; no pod proxy asked',
    async (_, expected) => {
      fresh(pods())
      const run = await check(doc(kube('api', IMAGE)), { inputs: { expected } })
      expectResult(run, 'pass')
      expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1', 'api/api-2'])
      for (const p of ['api-0', 'api-1', 'api-2'])
        expect(podReport(run, `api/${p}`)).toMatchObject({ reported: NEW, group: 'api', pod: p })
      expect(api.proxied()).toEqual([])
      expect(api.lists().length).toBeGreaterThan(0)
    }
  )

  test('one pod on other bytes under the same tag is stale against the expected digest', async () => {
    fresh([
      ...pods(),
      pod('api-3', {
        containers: [{ name: 'api', imageID: `docker-pullable://registry.example/api@${STALE}` }]
      })
    ])
    const run = await check(doc(kube('api', IMAGE)), { inputs: { expected: NEW } })
    expectResult(run, 'fail')
    expect(names(run, 'stale')).toEqual(['api/api-3'])
    expect(podReport(run, 'api/api-3')).toMatchObject({ status: 'stale', reported: STALE })
    expect(api.proxied()).toEqual([])
  })

  test('consensus: the pod on other bytes is named, the run fails, and no pod was asked', async () => {
    fresh([
      ...pods(),
      pod('api-3', { containers: [{ name: 'api', imageID: `registry.example/api@${STALE}` }] })
    ])
    const run = await check(doc(kube('api', IMAGE)), { inputs: { expected: 'consensus' } })
    expectResult(run, 'fail')
    expect(names(run, 'stale')).toEqual(['api/api-3'])
    expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1', 'api/api-2'])
    expect(report(run).expected).toBe(NEW)
    expect(api.proxied()).toEqual([])
  })

  test('consensus with every pod on the same bytes passes', async () => {
    fresh(pods())
    const run = await check(doc(kube('api', IMAGE)), { inputs: { expected: 'consensus' } })
    expectResult(run, 'pass')
    expect(api.proxied()).toEqual([])
  })

  test('container: picks the named container of pods with several (a sidecar on other bytes)', async () => {
    fresh(
      ['api-0', 'api-1'].map(n =>
        pod(n, {
          containers: [
            { name: 'proxy', imageID: `registry.example/envoy@${digest(`envoy ${n}`)}` },
            { name: 'api', imageID: `registry.example/api@${NEW}` }
          ]
        })
      )
    )
    const run = await check(doc(kube('api', [...IMAGE, 'container: api'])), {
      inputs: { expected: NEW }
    })
    expectResult(run, 'pass')
    expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1'])
  })

  test('a container not running yet has no digest: missing, never current', async () => {
    fresh([
      ...pods(),
      pod('api-3', {
        ready: false,
        containers: [{ name: 'api', imageID: '', waiting: 'ContainerCreating' }]
      })
    ])
    const run = await check(doc(kube('api', IMAGE)), { inputs: { expected: NEW } })
    expectResult(run, 'fail')
    expect(names(run, 'missing')).toEqual(['api/api-3'])
    expect(['not-ready', 'no-digest']).toContain(podReport(run, 'api/api-3').code)
  })
})

describe('API failures are never a pass', () => {
  beforeEach(() => fresh([pod('api-0'), pod('api-1')]))

  test('403 on list fails the run, naming the verb, resource and namespace and the RBAC rule to add', async () => {
    api.forbid.list = true
    const run = await check(doc(kube('api', [...HTTP, 'namespace: prod'])))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.stdout).not.toMatch(/\bpass\b/i)
    const text = errors(run).join('\n')
    expect(text).toMatch(/list pods/)
    expect(text).toContain('prod')
    expect(text).toMatch(/403/)
    // the rule: apiGroups [""], resources pods, verbs list
    expect(text).toMatch(/resources: \["pods"\]/)
    expect(text).toMatch(/verbs: \["list"\]/)
    expect(rendered(run.summary)).toMatch(/list pods/)
    expect(api.proxied()).toEqual([])
  })

  test('403 on the pod proxy makes every pod missing (kube-api), naming get pods/proxy and the namespace', async () => {
    api.forbid.proxy = true
    const run = await check(doc(kube('api', HTTP)))
    expectResult(run, 'fail')
    expect(sorted(names(run, 'missing'))).toEqual(['api/api-0', 'api/api-1'])
    for (const p of ['api-0', 'api-1']) {
      const t = podReport(run, `api/${p}`)
      expect(t.code).toBe('kube-api')
      expect(t.reason).toMatch(/pods\/proxy/)
      expect(t.reason).toContain('default')
    }
  })

  test('a token the API server refuses (401) fails the run and is not printed', async () => {
    const wrong = 'kube-wrong-token-0b5e'
    const config = await writeKubeconfig(path.join(dir, 'wrong'), {
      server: api.server,
      ca: api.ca,
      token: wrong
    })
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(errors(run).join('\n')).toMatch(/401/)
    expect(api.lists().map(l => l.authorization)).toContain(`Bearer ${wrong}`)
    for (const [where, text] of everywhere({ ...run, files: {} }))
      expect({ where, leaks: text.includes(wrong) }).toEqual({ where, leaks: false })
  })

  test('an API server that never answers: the group is missing once the target’s timeout passes', async () => {
    // accepts connections and says nothing, not even a TLS hello
    const silent = await startRawServer(socket => socket.resume())
    try {
      const config = await writeKubeconfig(path.join(dir, 'silent'), {
        server: `https://127.0.0.1:${silent.port}`,
        ca: api.ca,
        token: TOKEN
      })
      const run = await check(doc(kube('api', HTTP)), {
        kubeconfig: config,
        inputs: { timeout: '500ms' }
      })
      expectResult(run, 'fail')
      expect(names(run, 'missing')).toEqual(['api'])
      const t = podReport(run, 'api')
      expect(t.code).toBe('kube-api')
      expect(t.reason).toMatch(/timed out after 500ms/)
      expect(silent.connections).toBeGreaterThan(0)
      expectWithin(run, 500 + OVERHEAD_MS)
    } finally {
      await silent.close()
    }
  })

  test('an exec plugin that fails: the group is missing (kube-api), nothing sent to the API server', async () => {
    const failing = path.join(dir, 'failing-plugin.mjs')
    await writeFile(
      failing,
      "process.stderr.write('error: no credentials for profile ci\\n')\nprocess.exit(1)\n"
    )
    const config = await writeKubeconfig(path.join(dir, 'failing'), {
      server: api.server,
      ca: api.ca,
      exec: { command: process.execPath, args: [failing], calls: '' }
    })
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
    expectResult(run, 'fail')
    expect(names(run, 'missing')).toEqual(['api'])
    expect(podReport(run, 'api').code).toBe('kube-api')
    expect(api.requests).toEqual([])
  })

  test('an unreachable API server makes the group missing (kube-api), never a pass', async () => {
    const down = await startKubeApi()
    await down.close()
    const config = await writeKubeconfig(path.join(dir, 'down'), {
      server: down.server,
      ca: down.ca,
      token: TOKEN
    })
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
    expectResult(run, 'fail')
    expect(names(run, 'missing')).toEqual(['api'])
    expect(podReport(run, 'api')).toMatchObject({
      status: 'missing',
      code: 'kube-api',
      group: 'api'
    })
  })
})

describe('count not met', () => {
  test('count short: the group is missing, "found 2 of 3 pods"; its two pods are still checked', async () => {
    fresh([pod('api-0'), pod('api-1')])
    const run = await check(doc(kube('api', HTTP, 'count: 3')))
    expectResult(run, 'fail')
    expect(names(run, 'missing')).toEqual(['api'])
    expect(podReport(run, 'api')).toMatchObject({
      status: 'missing',
      code: 'count-short',
      reason: 'found 2 of 3 pods',
      group: 'api'
    })
    expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1'])
    expect(api.proxied()).toHaveLength(2)
  })

  test('count over: the group is undeclared, "found 3 pods, 2 declared"', async () => {
    fresh([pod('api-0'), pod('api-1'), pod('api-2')])
    const run = await check(doc(kube('api', HTTP, 'count: 2')))
    expectResult(run, 'fail')
    expect(names(run, 'undeclared')).toEqual(['api'])
    expect(podReport(run, 'api')).toMatchObject({
      code: 'count-over',
      reason: 'found 3 pods, 2 declared'
    })
    expect(names(run, 'current')).toHaveLength(3)
  })
})

describe('the namespace', () => {
  const pods = [
    pod('api-default', { namespace: 'default' }),
    pod('api-prod', { namespace: 'prod' }),
    pod('api-staging', { namespace: 'staging' })
  ]
  let contextual: string
  beforeAll(async () => {
    contextual = await writeKubeconfig(path.join(dir, 'ns'), {
      server: api.server,
      ca: api.ca,
      token: TOKEN,
      namespace: 'prod',
      contexts: [{ name: 'staging-ctx', namespace: 'staging' }]
    })
  })
  beforeEach(() => fresh(pods))

  test('without a namespace key, the current context’s namespace is used', async () => {
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: contextual })
    expectResult(run, 'pass')
    expect(names(run, 'current')).toEqual(['api/api-prod'])
    expect(api.lists().map(l => l.namespace)).toEqual(expect.arrayContaining(['prod']))
    expect(new Set(api.requests.map(r => r.namespace))).toEqual(new Set(['prod']))
  })

  test('without a namespace in the context either, "default"', async () => {
    const run = await check(doc(kube('api', HTTP)))
    expectResult(run, 'pass')
    expect(names(run, 'current')).toEqual(['api/api-default'])
    expect(new Set(api.requests.map(r => r.namespace))).toEqual(new Set(['default']))
  })

  test('the fleet file’s namespace wins over the context’s', async () => {
    const run = await check(doc(kube('api', [...HTTP, 'namespace: staging'])), {
      kubeconfig: contextual
    })
    expectResult(run, 'pass')
    expect(names(run, 'current')).toEqual(['api/api-staging'])
    expect(new Set(api.requests.map(r => r.namespace))).toEqual(new Set(['staging']))
  })

  test('two targets on two contexts in one run: each lists its own namespace', async () => {
    const run = await check(
      doc(kube('api', HTTP), kube('web', [...HTTP, 'context: staging-ctx'])),
      { kubeconfig: contextual }
    )
    expectResult(run, 'pass')
    expect(sorted(names(run, 'current'))).toEqual(['api/api-prod', 'web/api-staging'])
    expect(sorted(api.lists().map(l => l.namespace ?? ''))).toEqual(['prod', 'staging'])
  })

  test('context: picks another context of the kubeconfig, and its namespace', async () => {
    const run = await check(doc(kube('api', [...HTTP, 'context: staging-ctx'])), {
      kubeconfig: contextual
    })
    expectResult(run, 'pass')
    expect(names(run, 'current')).toEqual(['api/api-staging'])
  })
})

test('samples: 2 asks each pod twice through the proxy, each time with the credentials', async () => {
  fresh([pod('api-0'), pod('api-1')])
  const run = await check(doc(kube('api', HTTP, 'samples: 2')))
  expectResult(run, 'pass')
  for (const p of ['api-0', 'api-1'])
    expect(api.proxied(p).map(r => r.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`])
})

test('port by name: resolved to its number in the proxy path; a pod without that port name is missing (no-port) and not asked', async () => {
  fresh([
    pod('api-0', {
      containers: [
        {
          name: 'app',
          ports: [
            { name: 'metrics', containerPort: 9090 },
            { name: 'http', containerPort: 8080 }
          ]
        }
      ]
    }),
    pod('api-1', { containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8081 }] }] }),
    pod('api-2', { containers: [{ name: 'app', ports: [{ name: 'web', containerPort: 8080 }] }] })
  ])
  const run = await check(doc(kube('api', ['selector: app=api', 'port: http', 'path: /version'])))
  expectResult(run, 'fail')
  // The API server dials the port as written: a name must never reach it.
  expect(
    api
      .proxied()
      .map(r => [r.pod, r.port])
      .sort()
  ).toEqual([
    ['api-0', '8080'],
    ['api-1', '8081']
  ])
  expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1'])
  const t = podReport(run, 'api/api-2')
  expect(t).toMatchObject({ status: 'missing', code: 'no-port' })
  expect(t.reason).toContain('http')
  expect(t.reason).toContain('api-2')
})

test('paging: more pods than one page are all listed (continue followed) and all checked', async () => {
  const paged = await startKubeApi({ token: TOKEN, pageSize: 2 })
  try {
    const config = await writeKubeconfig(path.join(dir, 'paged'), {
      server: paged.server,
      ca: paged.ca,
      token: TOKEN
    })
    paged.setPods([
      pod('api-0'),
      pod('db-0', { labels: { app: 'db' } }),
      pod('api-1'),
      pod('api-2', { build: OLD }),
      pod('api-3'),
      pod('api-4')
    ])
    const run = await check(doc(kube('api', HTTP, 'count: 5')), { kubeconfig: config })
    expectResult(run, 'fail')
    expect(sorted(report(run).targets.map(t => t.name))).toEqual([
      'api/api-0',
      'api/api-1',
      'api/api-2',
      'api/api-3',
      'api/api-4'
    ])
    // a stale pod on the second page is found
    expect(names(run, 'stale')).toEqual(['api/api-2'])
    const lists = paged.lists()
    expect(lists).toHaveLength(3)
    expect(lists[0].query.continue).toBeUndefined()
    for (const l of lists.slice(1)) {
      expect(l.query.continue).toEqual(expect.any(String))
      expect(l.query.labelSelector).toBe('app=api')
    }
  } finally {
    await paged.close()
  }
})

describe('a missing kubeconfig is bad input naming where it looked', () => {
  beforeEach(() => fresh([pod('api-0')]))

  test('KUBECONFIG naming a file that does not exist', async () => {
    const missing = path.join(dir, 'nowhere', 'config')
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: missing })
    expectBadInput(run, missing)
    expect(api.requests).toEqual([])
  })

  test('no KUBECONFIG and no ~/.kube/config: no silent localhost:8080', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'fleet-check-home-'))
    try {
      const run = await runAction({
        inputs: { targets: doc(kube('api', HTTP)), retries: '0' },
        env: { HOME: home }
      })
      const messages = expectBadInput(run).join('\n')
      expect(messages).toMatch(/\.kube\/config/)
      expect(messages).toMatch(/KUBECONFIG/)
      expect(messages).not.toMatch(/localhost:8080/)
      expect(api.requests).toEqual([])
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  })
})

describe('where the kubeconfig is found, as kubectl finds it', () => {
  beforeEach(() => fresh([pod('api-default'), pod('api-prod', { namespace: 'prod' })]))

  test('KUBECONFIG is a path list, merged in order: the first file to set current-context wins; a missing entry is skipped', async () => {
    const a = kubeconfig
    const b = await writeKubeconfig(path.join(dir, 'merge-b'), {
      server: api.server,
      ca: api.ca,
      token: TOKEN,
      contexts: [{ name: 'prod-ctx', namespace: 'prod' }],
      currentContext: 'prod-ctx'
    })
    const missing = path.join(dir, 'nowhere', 'config')
    const first = await check(doc(kube('api', HTTP)), {
      kubeconfig: [missing, a, b].join(path.delimiter)
    })
    expectResult(first, 'pass')
    expect(names(first, 'current')).toEqual(['api/api-default'])
    fresh([pod('api-default'), pod('api-prod', { namespace: 'prod' })])
    const second = await check(doc(kube('api', HTTP)), {
      kubeconfig: [b, missing, a].join(path.delimiter)
    })
    expectResult(second, 'pass')
    expect(names(second, 'current')).toEqual(['api/api-prod'])
  })

  test('without KUBECONFIG, ~/.kube/config', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'fleet-check-home-'))
    try {
      await writeKubeconfig(path.join(home, '.kube'), {
        server: api.server,
        ca: api.ca,
        token: TOKEN,
        namespace: 'prod',
        file: 'config'
      })
      const run = await runAction({
        inputs: { targets: doc(kube('api', HTTP)), retries: '0' },
        env: { HOME: home }
      })
      expectResult(run, 'pass')
      expect(names(run, 'current')).toEqual(['api/api-prod'])
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  })
})

describe('the fleet file: a kubernetes mapping that cannot be checked is bad input', () => {
  beforeEach(() => fresh([pod('api-0')]))

  test.each<[string, string, (string | RegExp)[]]>([
    [
      'report: http (the default) without a port',
      kube('api', ['selector: app=api']),
      ['targets[0].kubernetes.port', /required/]
    ],
    [
      'report: image with an extraction key (json)',
      kube('api', ['selector: app=api', 'report: image'], 'json: sha'),
      ['targets[0]', /json/, /report: image/]
    ],
    [
      'a url as well',
      kube('api', HTTP, 'url: "https://api.example/version"'),
      ['targets[0]', /url/, /kubernetes/]
    ],
    ['no selector', kube('api', ['port: 8080']), ['targets[0].kubernetes', /selector/]],
    [
      'a misspelt key inside kubernetes',
      kube('api', [...HTTP, 'namepsace: prod']),
      ['targets[0].kubernetes', /namepsace/, /namespace/]
    ],
    [
      'via: tunnel',
      kube('api', [...HTTP, 'via: tunnel']),
      ['targets[0].kubernetes.via', /"tunnel"/]
    ],
    [
      'report: logs',
      kube('api', [...HTTP, 'report: logs']),
      ['targets[0].kubernetes.report', /"logs"/]
    ],
    [
      'port: 0',
      kube('api', ['selector: app=api', 'port: 0']),
      ['targets[0].kubernetes.port', /"0"/]
    ],
    ['addresses: all as well', kube('api', HTTP, 'addresses: all'), ['targets[0]', /addresses/]]
  ])('%s', async (_, entry, fragments) => {
    const run = await check(doc(entry))
    const messages = expectBadInput(run).join('\n')
    // the key itself is known: the message is about what is wrong with it
    expect(messages).not.toMatch(/unknown key "kubernetes"/)
    for (const f of fragments)
      if (typeof f === 'string') expect(messages).toContain(f)
      else expect(messages).toMatch(f)
    expect(api.requests).toEqual([])
  })

  test('report: image needs no port or path', async () => {
    const run = await check(doc(kube('api', ['selector: app=api', 'report: image'])), {
      inputs: { expected: 'consensus' }
    })
    expectResult(run, 'pass')
    expect(names(run, 'current')).toEqual(['api/api-0'])
  })
})

test('an Authorization header on a target through the proxy is bad input: it cannot pass the API server proxy', async () => {
  fresh([pod('api-0')])
  const run = await check(doc(kube('api', HTTP, 'headers: {Authorization: "Bearer pod-secret-1"}')))
  const messages = expectBadInput(run, 'targets[0]').join('\n')
  expect(messages).toMatch(/Authorization/)
  expect(messages).toMatch(/API server proxy/)
  for (const [where, text] of everywhere({ ...run, files: {} }))
    expect({ where, leaks: text.includes('pod-secret-1') }).toEqual({ where, leaks: false })
  expect(api.requests).toEqual([])
})

describe('an exec credential plugin (as aws eks get-token)', () => {
  const EXEC_TOKEN = 'k8s-aws-v1.exec-token-93f1d2'
  let execApi: KubeApi
  let calls: string
  let run: Run
  beforeAll(async () => {
    execApi = await startKubeApi({
      token: EXEC_TOKEN,
      pods: [pod('api-0'), pod('api-1', { build: OLD }), pod('api-2')]
    })
    // A debug endpoint that echoes the request's credentials as its build: server text that
    // carries the secret must be redacted wherever it is shown.
    execApi.handler = (p, _path, req, res) => {
      if (p.name !== 'api-2') return false
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ sha: String(req.headers.authorization) }))
      return true
    }
    const plugin = await writeExecPlugin(path.join(dir, 'exec'), EXEC_TOKEN)
    calls = plugin.calls
    const config = await writeKubeconfig(path.join(dir, 'exec'), {
      server: execApi.server,
      ca: execApi.ca,
      exec: plugin
    })
    run = await check(doc(kube('api', HTTP)), {
      kubeconfig: config,
      inputs: { 'report-path': 'report.json' },
      readFiles: ['report.json']
    })
  })
  afterAll(() => execApi.close())

  test('the plugin ran, and its token authenticated the list and every proxy request', async () => {
    expect((await readFile(calls, 'utf8')).length).toBeGreaterThan(0)
    expect(execApi.requests.length).toBeGreaterThan(0)
    for (const r of execApi.requests) expect(r.authorization).toBe(`Bearer ${EXEC_TOKEN}`)
    expect(
      execApi
        .proxied()
        .map(r => r.pod)
        .sort()
    ).toEqual(['api-0', 'api-1', 'api-2'])
    expectResult(run, 'fail')
    expect(names(run, 'stale')).toContain('api/api-1')
    // what the echoing pod said is no build of ours: stale or missing, never current
    expect(names(run, 'current')).toEqual(['api/api-0'])
  })

  test('the token is never printed: not in the log, the summary, the outputs or the report (not even echoed by a pod)', () => {
    expect(run.files['report.json']).toContain('api/api-2')
    // the runner is told to mask it too
    expect(run.stdout.split('\n')).toContain(`::add-mask::${EXEC_TOKEN}`)
    for (const [where, text] of everywhere(run))
      expect({ where, leaks: text.includes(EXEC_TOKEN) }).toEqual({ where, leaks: false })
  })
})

describe('via: pod-ip: straight to each pod’s IP, not through the API server', () => {
  let pods: Instances
  beforeAll(async () => {
    pods = await startInstances({
      builds: { '127.0.0.3': OLD },
      fallback: SHA,
      addresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3']
    })
  })
  afterAll(() => pods.close())

  test('each pod is asked at its IP and port; the stale one is named; no proxy request', async () => {
    const port = [{ name: 'http', containerPort: pods.port }]
    fresh(
      ['127.0.0.1', '127.0.0.2', '127.0.0.3'].map((ip, i) =>
        pod(`api-${i}`, { podIP: ip, containers: [{ name: 'app', ports: port }] })
      )
    )
    const run = await check(
      doc(kube('api', ['selector: app=api', 'port: http', 'path: /version', 'via: pod-ip']))
    )
    expectResult(run, 'fail')
    expect(names(run, 'stale')).toEqual(['api/api-2'])
    expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1'])
    for (const ip of ['127.0.0.1', '127.0.0.2', '127.0.0.3'])
      expect(pods.requestsTo(ip).map(r => new URL(r.url, 'http://x').pathname)).toEqual([
        '/version'
      ])
    // The API server's credentials are for the API server: never sent to a pod.
    for (const r of pods.requests) expect(r.headers.authorization).toBeUndefined()
    expect(api.proxied()).toEqual([])
    expect(api.lists().length).toBeGreaterThan(0)
  })
})

describe('under wait, every round lists the pods again', () => {
  test('a pod that appears in a later round is checked, and the count is met then', async () => {
    fresh([pod('api-0'), pod('api-1')])
    // Once round 1 asks a pod, its list is done: the third pod starts.
    const stop = api.onRequest(r => {
      if (r.kind !== 'proxy') return
      api.setPods([...api.pods, pod('api-2')])
      stop()
    })
    const run = await check(doc(kube('api', HTTP, 'count: 3')), {
      inputs: { wait: '10s', interval: '100ms' }
    })
    stop()
    expectResult(run, 'pass')
    expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-1', 'api/api-2'])
    const lines = roundLines(run.stdout)
    expect(lines).toHaveLength(2)
    // Each round's line counts the pods it found.
    expect(lines[0]).toContain('found 2 of 3 pods')
    expect(lines[0]).toMatch(/\bapi 2\b/)
    expect(lines[1]).toMatch(/\b3\/3 current\b/)
    expect(lines[1]).toMatch(/\bapi 3\b/)
    expect(api.proxied('api-2')).toHaveLength(1)
    expect(api.proxied('api-0')).toHaveLength(2)
    expect(api.lists().length).toBeGreaterThanOrEqual(2)
  })

  test('a stale pod that is deleted during the rollout is no longer checked', async () => {
    fresh([pod('api-0'), pod('api-1', { build: OLD }), pod('api-2')])
    // Once round 1 has its stale answer, the pod is deleted.
    api.handler = (p, _path, _req, res) => {
      if (p.name !== 'api-1') return false
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ sha: OLD }))
      api.setPods(api.pods.filter(x => x.name !== 'api-1'))
      api.handler = undefined
      return true
    }
    const run = await check(doc(kube('api', HTTP)), { inputs: { wait: '10s', interval: '100ms' } })
    expectResult(run, 'pass')
    expect(sorted(names(run, 'current'))).toEqual(['api/api-0', 'api/api-2'])
    expect(report(run).targets.map(t => t.name)).not.toContain('api/api-1')
    const lines = roundLines(run.stdout)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('api/api-1')
    expect(api.proxied('api-1')).toHaveLength(1)
  })
})

describe('every way a kubeconfig authenticates (bearer token is the default case above)', () => {
  beforeEach(() => fresh())

  test('a token file: its token is sent, and never printed', async () => {
    const FILE_TOKEN = 'kube-token-file-61be0f'
    const server = await startKubeApi({ token: FILE_TOKEN, pods: [pod('api-0')] })
    try {
      const config = await writeKubeconfig(path.join(dir, 'token-file'), {
        server: server.server,
        ca: server.ca,
        tokenFile: FILE_TOKEN
      })
      const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
      expectResult(run, 'pass')
      expect(server.requests.map(r => r.authorization)).toEqual(
        server.requests.map(() => `Bearer ${FILE_TOKEN}`)
      )
      expect(server.proxied()).toHaveLength(1)
      for (const [where, text] of everywhere(run))
        expect({ where, leaks: text.includes(FILE_TOKEN) }).toEqual({ where, leaks: false })
    } finally {
      await server.close()
    }
  })

  test('a client certificate (from -data fields): presented on every request; its key never printed', async () => {
    const client = makeCertificates()
    const server = await startKubeApi({ clientCa: client.ca, pods: [pod('api-0')] })
    try {
      const config = await writeKubeconfig(path.join(dir, 'client-cert'), {
        server: server.server,
        ca: server.ca,
        clientCert: client.valid
      })
      const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
      expectResult(run, 'pass')
      expect(server.requests.length).toBeGreaterThan(1)
      for (const r of server.requests) expect(r.clientCert).toBe('localhost')
      const keyBody = client.valid.key.split('\n')[1]
      for (const [where, text] of everywhere(run))
        expect({ where, leaks: text.includes(keyBody) }).toEqual({ where, leaks: false })
    } finally {
      await server.close()
    }
  })

  test('the cluster CA from a file (certificate-authority)', async () => {
    fresh([pod('api-0')])
    const config = await writeKubeconfig(path.join(dir, 'ca-file'), {
      server: api.server,
      ca: api.ca,
      caFile: true,
      token: TOKEN
    })
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
    expectResult(run, 'pass')
    expect(api.proxied()).toHaveLength(1)
  })

  test('insecure-skip-tls-verify: true with no CA reaches the API server', async () => {
    fresh([pod('api-0')])
    const config = await writeKubeconfig(path.join(dir, 'insecure'), {
      server: api.server,
      insecureSkipTlsVerify: true,
      token: TOKEN
    })
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
    expectResult(run, 'pass')
    expect(api.proxied()).toHaveLength(1)
  })

  test('without the cluster CA (and no insecure-skip-tls-verify) the API server is not trusted: never a pass, nothing sent', async () => {
    fresh([pod('api-0')])
    const config = await writeKubeconfig(path.join(dir, 'no-ca'), {
      server: api.server,
      token: TOKEN
    })
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: config })
    expectResult(run, 'fail')
    expect(names(run, 'missing')).toEqual(['api'])
    const t = podReport(run, 'api')
    expect(t.code).toBe('kube-api')
    expect(t.reason).toMatch(/certificate/i)
    // Refused in the handshake: the token never reached the untrusted server.
    expect(api.requests).toEqual([])
  })
})

describe('a kubeconfig that cannot be used is bad input', () => {
  beforeEach(() => fresh([pod('api-0')]))

  test('a file that is not YAML names the file', async () => {
    const broken = path.join(dir, 'broken-config')
    await writeFile(broken, 'apiVersion: v1\nclusters: [\n  - {name: x\n')
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: broken })
    expectBadInput(run, broken)
    expect(api.requests).toEqual([])
  })

  test('a YAML error in a kubeconfig names the line, never the credentials on it', async () => {
    const broken = path.join(dir, 'broken-token-config')
    const token = 'kube-token-never-shown-51f0'
    await writeFile(broken, `apiVersion: v1\nusers:\n- name: x\n  user: {token: ${token}\n`)
    const run = await check(doc(kube('api', HTTP)), { kubeconfig: broken })
    expect(expectBadInput(run, broken).join('\n')).toMatch(/YAML syntax error at line \d+/)
    for (const [where, text] of everywhere({ ...run, files: {} }))
      expect({ where, leaks: text.includes(token) }).toEqual({ where, leaks: false })
  })

  test('a context the kubeconfig does not have names it', async () => {
    const run = await check(doc(kube('api', [...HTTP, 'context: prod-cluster'])))
    const messages = expectBadInput(run).join('\n')
    expect(messages).toContain('prod-cluster')
    expect(api.requests).toEqual([])
  })
})

test('a selector that matches no pod is never a pass: the group is missing', async () => {
  fresh([pod('db-0', { labels: { app: 'db' } })])
  const run = await check(doc(kube('api', HTTP)))
  expectResult(run, 'fail')
  expect(names(run, 'missing')).toEqual(['api'])
  expect(podReport(run, 'api')).toMatchObject({ status: 'missing', group: 'api' })
  expect(api.proxied()).toEqual([])
})

test('a pod that redirects to another host (redirects: any): the API server’s token does not follow', async () => {
  // Another host the API server's CA vouches for (localhost, not 127.0.0.1): only the token is
  // in question, not the certificate.
  const elsewhere = await startHttpsServer(api.tls, (_req, res) => json(res, { sha: SHA }))
  try {
    fresh([pod('api-0')])
    const to = `https://localhost:${elsewhere.port}/version`
    api.handler = (_p, _path, _req, res) => {
      res.writeHead(302, { location: to })
      res.end()
      return true
    }
    const run = await check(doc(kube('api', HTTP, 'redirects: any')))
    expect(api.proxied()).toHaveLength(1)
    expect(elsewhere.requests).toHaveLength(1)
    expect(elsewhere.requests[0].headers.authorization).toBeUndefined()
    expect(JSON.stringify(elsewhere.requests[0].headers)).not.toContain(TOKEN)
    expectResult(run, 'pass')
    expect(podReport(run, 'api/api-0').finalUrl).toBe(to)
  } finally {
    await elsewhere.close()
  }
})

test('the API server’s text is untrusted: a hostile pod name and error message are escaped, never commands or markup', async () => {
  const HOSTILE = 'x\n::error::pwned <img src=x onerror=alert(1)>'
  fresh([pod('api-0', { labels: { app: 'web' } })])
  api.intercept = (r, _req, res) => {
    if (r.kind === 'list' && r.query.labelSelector === 'app=api') {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: HOSTILE,
          reason: 'InternalError',
          code: 500
        })
      )
      return true
    }
    if (r.kind === 'list' && r.query.labelSelector === 'app=web') {
      // core/v1 allows no such name; a hostile or broken server may send one anyway
      const body = {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: {},
        items: [
          {
            metadata: { name: HOSTILE, namespace: 'default' },
            spec: { nodeName: 'node-a', containers: [{ name: 'app' }] },
            status: {
              phase: 'Running',
              conditions: [{ type: 'Ready', status: 'False' }],
              containerStatuses: [{ name: 'app', state: { waiting: { reason: HOSTILE } } }]
            }
          }
        ]
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
      return true
    }
  }
  const run = await check(doc(kube('api', HTTP), kube('web', ['selector: app=web', 'port: 8080'])))
  expectResult(run, 'fail')
  expect(names(run, 'missing')).toHaveLength(2)
  // the server's message is shown (it explains the failure), but only as text
  expect(podReport(run, 'api')).toMatchObject({ code: 'kube-api' })
  expect(podReport(run, 'api').reason).toContain('pwned')
  // (the action's own ::add-mask:: lines for the kubeconfig's token aside)
  expectOnlyOwnCommands(
    run.stdout
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
  )
  expect(run.stdout).not.toMatch(/^::error::pwned/m)
  // In the summary, text in code spans: rendered, no element of its own.
  expect(summaryHtml(run.summary)).not.toMatch(INJECTED)
  expect(run.summary).toContain('`not ready: x\\u000a::error::pwned <img src=x onerror=alert(1)>`')
})
