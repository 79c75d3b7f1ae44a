// Issue 11 through the committed bundle, as a runner runs it: a `kubernetes` target whose pods
// are listed from a fake API server (HTTPS on loopback, its own CA) and asked through its pod
// proxy, with a real kubeconfig in KUBECONFIG whose user is an exec credential plugin (a small
// node script, as `aws eks get-token` is one). One pod is stale, one is Pending, one has
// completed. One spawn: the in-process suite (action/kubernetes.test.ts) tests each case in
// detail; this proves the shipped dist/ has the feature, its lazily loaded client library
// included.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  startKubeApi,
  writeExecPlugin,
  writeKubeconfig,
  type KubeApi
} from '../helpers/kube-api.js'
import { runBundle } from '../helpers/run-action.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const EXEC_TOKEN = 'k8s-aws-v1.bundle-exec-token-5c3a9e'

let api: KubeApi
let dir: string
beforeAll(async () => {
  const labels = { app: 'api' }
  api = await startKubeApi({
    token: EXEC_TOKEN,
    pods: [
      { name: 'api-0', namespace: 'prod', labels, node: 'node-a', build: SHA },
      { name: 'api-1', namespace: 'prod', labels, node: 'node-b', build: OLD },
      { name: 'api-2', namespace: 'prod', labels, node: 'node-c', build: SHA },
      { name: 'api-3', namespace: 'prod', labels, phase: 'Pending' },
      { name: 'api-job', namespace: 'prod', labels, phase: 'Succeeded' }
    ]
  })
  dir = await mkdtemp(path.join(tmpdir(), 'fleet-check-kube-'))
})
afterAll(async () => {
  await api.close()
  await rm(dir, { recursive: true, force: true })
})

interface Target {
  name: string
  group?: string
  pod?: string
  node?: string | null
  ready?: boolean
  status: string
  reported: string | null
  code: string | null
  reason: string | null
}

test('pods through the API server proxy with an exec plugin’s token: one stale, one Pending, one completed; the token never printed', async () => {
  const plugin = await writeExecPlugin(dir, EXEC_TOKEN)
  const kubeconfig = await writeKubeconfig(dir, {
    server: api.server,
    ca: api.ca,
    exec: plugin,
    namespace: 'prod'
  })
  const run = await runBundle({
    inputs: {
      targets: [
        'targets:',
        '  - name: api',
        '    kubernetes:',
        '      selector: app=api',
        '      port: http',
        '      path: /version',
        '    count: 4'
      ].join('\n'),
      expected: SHA,
      retries: '0',
      'report-path': 'report.json'
    },
    env: { KUBECONFIG: kubeconfig },
    readFiles: ['report.json']
  })
  if (run.outputs.report === undefined)
    throw new Error(`no report output:\n${run.stdout}\n${run.stderr}`)
  const targets = (JSON.parse(run.outputs.report) as { targets: Target[] }).targets
  const byName = new Map(targets.map(t => [t.name, t]))
  const list = (status: string) => (JSON.parse(run.outputs[status]) as string[]).sort()

  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
  // Every live pod is a target <name>/<pod>; the completed one is not.
  expect(list('current')).toEqual(['api/api-0', 'api/api-2'])
  expect(list('stale')).toEqual(['api/api-1'])
  expect(list('missing')).toEqual(['api/api-3'])
  expect(targets.map(t => t.name)).not.toContain('api/api-job')
  expect(byName.get('api/api-1')).toMatchObject({
    group: 'api',
    pod: 'api-1',
    node: 'node-b',
    ready: true,
    status: 'stale',
    reported: OLD
  })
  expect(byName.get('api/api-3')).toMatchObject({
    status: 'missing',
    code: 'not-ready',
    reason: 'not ready: Pending',
    ready: false
  })

  // Listed in the context's namespace by the selector; each ready pod asked once through the
  // proxy on its port NUMBER (the name resolved from the pod's spec), with the plugin's token.
  const lists = api.lists()
  expect(lists.length).toBeGreaterThan(0)
  expect(lists.map(l => [l.namespace, l.query.labelSelector])).toEqual(
    lists.map(() => ['prod', 'app=api'])
  )
  // Pods are asked concurrently: in any order.
  expect(
    api
      .proxied()
      .map(r => [r.pod, r.port, r.proxyPath])
      .sort()
  ).toEqual([
    ['api-0', '8080', '/version'],
    ['api-1', '8080', '/version'],
    ['api-2', '8080', '/version']
  ])
  for (const r of api.requests) expect(r.authorization).toBe(`Bearer ${EXEC_TOKEN}`)
  expect((await readFile(plugin.calls, 'utf8')).length).toBeGreaterThan(0)

  // The headline names the stale pod.
  expect(run.stdout).toMatch(/^::error::.*api\/api-1 stale/m)
  // The plugin's token is nowhere a user or a log reader can see it.
  const withoutMasks = run.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  for (const [where, text] of [
    ['stdout', withoutMasks],
    ['stderr', run.stderr],
    ['summary', run.summary],
    ['report.json', run.files['report.json']],
    ...Object.entries(run.outputs).map(([k, v]) => [`output ${k}`, v])
  ])
    expect({ where, leaks: text.includes(EXEC_TOKEN) }).toEqual({ where, leaks: false })
  expect(run.files['report.json']).toContain('api/api-1')
})
