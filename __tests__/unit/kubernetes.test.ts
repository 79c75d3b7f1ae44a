// Issue 11's pure rules (src/discover/pods.ts, and the fan-out of `kubernetes` targets): from a
// round's pod list to targets named `<name>/<pod>`, what is known without asking (not Ready, no
// such port name, the image digest), the digest in every imageID form runtimes write, and the
// count rules. Pods are rendered by the same code as the fake API server's (core/v1 JSON). No
// sockets.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { err, ok } from '../../src/common/result.js'
import { fanOut, type PodListing } from '../../src/discover/fan-out.js'
import {
  imageDigest,
  isLive,
  isReady,
  listUrl,
  notReadyWhy,
  podDigest,
  podInfo,
  podObservation,
  podSlots,
  podTargetName,
  resolvePort,
  type Pod,
  type PodList,
  type PodSlot
} from '../../src/discover/pods.js'
import type { KubeSpec, Target } from '../../src/fleet/target.js'
import type { Observation } from '../../src/verdict/observation.js'
import { reason } from '../../src/verdict/reason.js'
import { digest, renderPod, type FakePod, type PodPhase } from '../helpers/kube-api.js'
import { makeTarget } from './fixtures.js'

const SERVER = 'https://k8s.example:6443'
const CREDENTIALS = { authorization: 'Bearer kube-secret' }

function spec(extra: Partial<KubeSpec> = {}): KubeSpec {
  return {
    selector: 'app=api',
    port: 8080,
    path: '/version',
    via: 'proxy',
    report: 'http',
    ...extra
  }
}

function kubeTarget(extra: Partial<KubeSpec> = {}, target: Partial<Target> = {}): Target {
  return makeTarget('api', { kubernetes: spec(extra), ...target })
}

const asPod = (p: FakePod, i = 0) => renderPod(p, i) as Pod

function list(pods: FakePod[], namespace = 'prod'): PodList {
  return { server: SERVER, namespace, pods: pods.map(asPod), headers: CREDENTIALS }
}

const running = (name: string, extra: Partial<FakePod> = {}): FakePod => ({
  name,
  node: 'node-a',
  ...extra
})

const asked = (s: PodSlot): Target => {
  if (!('ask' in s)) throw new Error(`not asked: ${JSON.stringify(s)}`)
  return s.ask
}
const known = (s: PodSlot): Observation => {
  if (!('known' in s)) throw new Error(`asked: ${JSON.stringify(s)}`)
  return s.known
}

describe('names and URLs', () => {
  test('a pod target is <name>/<pod>', () => {
    expect(podTargetName('api', 'api-7d9f-x2x4')).toBe('api/api-7d9f-x2x4')
  })

  test('the list URL is the documented core/v1 path, the selector encoded', () => {
    expect(listUrl(SERVER, 'prod', 'app=api,tier=web')).toBe(
      `${SERVER}/api/v1/namespaces/prod/pods?labelSelector=app%3Dapi%2Ctier%3Dweb`
    )
  })
})

describe('which pods are targets, and which are ready', () => {
  test.each<[PodPhase, boolean]>([
    ['Pending', true],
    ['Running', true],
    ['Unknown', true],
    ['Succeeded', false],
    ['Failed', false]
  ])('phase %s: a target? %s', (phase, live) => {
    expect(isLive(asPod(running('p', { phase })))).toBe(live)
  })

  test('Ready is the Ready condition, nothing else', () => {
    expect(isReady(asPod(running('p')))).toBe(true)
    expect(isReady(asPod(running('p', { ready: false })))).toBe(false)
    expect(isReady(asPod(running('p', { phase: 'Pending', node: undefined })))).toBe(false)
    expect(isReady({ status: { phase: 'Running' } })).toBe(false)
    expect(isReady({})).toBe(false)
  })

  test('why not ready: a waiting container’s reason, else the phase', () => {
    expect(notReadyWhy(asPod(running('p', { phase: 'Pending', node: undefined })))).toBe('Pending')
    expect(
      notReadyWhy(
        asPod(running('p', { containers: [{ name: 'app', waiting: 'CrashLoopBackOff' }] }))
      )
    ).toBe('CrashLoopBackOff')
    expect(
      notReadyWhy(
        asPod(
          running('p', { phase: 'Pending', containers: [{ name: 'app', waiting: 'ErrImagePull' }] })
        )
      )
    ).toBe('ErrImagePull')
  })

  test('pod info: name, node (null when not scheduled), ready, terminating', () => {
    expect(podInfo(asPod(running('api-0', { node: 'node-b' })))).toEqual({
      name: 'api-0',
      node: 'node-b',
      ready: true
    })
    expect(podInfo(asPod(running('api-1', { phase: 'Pending', node: undefined })))).toEqual({
      name: 'api-1',
      node: null,
      ready: false
    })
    expect(podInfo(asPod(running('api-2', { terminating: true })))).toMatchObject({
      terminating: true
    })
  })
})

describe('the image digest', () => {
  const HEX = 'ab'.repeat(32)

  test.each([
    `docker-pullable://registry.example/api@sha256:${HEX}`,
    `registry.example/api@sha256:${HEX}`,
    `docker.io/library/api@sha256:${HEX}`,
    `sha256:${HEX}`,
    `registry.example:5000/team/api@sha256:${HEX.toUpperCase()}`
  ])('%s → sha256:<64 hex>, lower case', imageID => {
    expect(imageDigest(imageID)).toBe(`sha256:${HEX}`)
  })

  test.each([
    ['empty (not pulled yet)', ''],
    ['undefined', undefined],
    ['63 hex digits', `repo@sha256:${HEX.slice(1)}`],
    ['65 hex digits (a lookalike is not a digest)', `repo@sha256:${HEX}a`],
    ['another algorithm', `repo@sha512:${HEX}${HEX}`],
    ['a tag, no digest', 'registry.example/api:v1']
  ])('%s: no digest', (_, imageID) => {
    expect(imageDigest(imageID)).toBeUndefined()
  })

  test('property: any 64 hex digits behind any runtime prefix are found, lower-cased; one digit more or less never is', () => {
    const hex64 = fc.stringMatching(/^[0-9a-fA-F]{64}$/)
    const prefix = fc.constantFrom(
      'docker-pullable://registry.example/api@',
      'registry.example/api@',
      'ghcr.io/org/team/api@',
      ''
    )
    fc.assert(
      fc.property(prefix, hex64, fc.constantFrom('0', 'f', 'A'), (p, h, extra) => {
        expect(imageDigest(`${p}sha256:${h}`)).toBe(`sha256:${h.toLowerCase()}`)
        expect(imageDigest(`${p}sha256:${h}${extra}`)).toBeUndefined()
        expect(imageDigest(`${p}sha256:${h.slice(1)}`)).toBeUndefined()
      })
    )
  })

  test('the named container’s digest; several containers without a name is no digest', () => {
    const pod = asPod(
      running('api-0', {
        containers: [
          { name: 'envoy', imageID: `registry.example/envoy@${digest('envoy')}` },
          { name: 'api', imageID: `registry.example/api@${digest('api')}` }
        ]
      })
    )
    expect(podDigest(pod, 'api')).toEqual({ digest: digest('api') })
    expect(podDigest(pod, 'envoy')).toEqual({ digest: digest('envoy') })
    expect(podDigest(pod, undefined)).toMatchObject({ code: 'no-digest' })
    expect((podDigest(pod, undefined) as { reason: string }).reason).toMatch(/container/)
    expect(podDigest(pod, 'nope')).toMatchObject({ code: 'no-digest' })
  })

  test('one container: its digest without naming it; not started yet: no digest', () => {
    expect(
      podDigest(
        asPod(running('a', { containers: [{ name: 'api', imageID: `r@${digest('x')}` }] })),
        undefined
      )
    ).toEqual({ digest: digest('x') })
    expect(
      podDigest(asPod(running('a', { containers: [{ name: 'api', imageID: '' }] })), 'api')
    ).toMatchObject({ code: 'no-digest' })
  })
})

describe('ports', () => {
  const pod = asPod(
    running('api-0', {
      containers: [
        {
          name: 'app',
          ports: [
            { name: 'metrics', containerPort: 9090 },
            { name: 'http', containerPort: 8080 }
          ]
        },
        { name: 'sidecar', ports: [{ name: 'admin', containerPort: 15000 }] }
      ]
    })
  )

  test('a port by name is resolved from any container’s spec; a number stays as it is', () => {
    expect(resolvePort(pod, 'http')).toBe(8080)
    expect(resolvePort(pod, 'admin')).toBe(15000)
    expect(resolvePort(pod, 3000)).toBe(3000)
    expect(resolvePort(pod, 'web')).toBeUndefined()
  })
})

describe('podSlots: one slot per live pod', () => {
  test('through the proxy: the port number in the path, the credentials, group and pod info', () => {
    const slots = podSlots(
      kubeTarget({ port: 'http' }, { headers: { 'X-Fleet-Token': 't' } }),
      list([running('api-0', { node: 'node-b' })])
    )
    expect(slots).toHaveLength(1)
    const t = asked(slots[0])
    expect(t).toMatchObject({
      name: 'api/api-0',
      group: 'api',
      url: `${SERVER}/api/v1/namespaces/prod/pods/api-0:8080/proxy/version`,
      pod: { name: 'api-0', node: 'node-b', ready: true }
    })
    expect(t.headers).toMatchObject({ 'X-Fleet-Token': 't', ...CREDENTIALS })
  })

  test('via pod-ip: the pod’s IP and port, and the API server’s credentials never go to the pod', () => {
    const slots = podSlots(
      kubeTarget({ via: 'pod-ip', port: 'http' }),
      list([running('api-0', { podIP: '10.1.2.3' }), running('api-1', { podIP: 'fd00::7' })])
    )
    const [a, b] = slots.map(asked)
    expect(a.url).toBe('http://10.1.2.3:8080/version')
    expect(b.url).toBe('http://[fd00::7]:8080/version')
    for (const t of [a, b]) {
      expect(Object.keys(t.headers).map(h => h.toLowerCase())).not.toContain('authorization')
      expect(JSON.stringify(t.headers)).not.toContain('kube-secret')
    }
  })

  test('not Ready: known missing, "not ready: <why>", code not-ready, never asked', () => {
    const slots = podSlots(
      kubeTarget(),
      list([
        running('api-0', { phase: 'Pending', node: undefined }),
        running('api-1', { containers: [{ name: 'app', waiting: 'CrashLoopBackOff' }] })
      ])
    )
    expect(
      slots
        .map(known)
        .map(o => [o.target.name, o.kind, 'code' in o && o.code, 'reason' in o && o.reason])
    ).toEqual([
      ['api/api-0', 'none', 'not-ready', 'not ready: Pending'],
      ['api/api-1', 'none', 'not-ready', 'not ready: CrashLoopBackOff']
    ])
  })

  test('a port name the pod lacks: known missing, no-port, naming the port and the pod', () => {
    const [slot] = podSlots(
      kubeTarget({ port: 'http' }),
      list([
        running('api-0', {
          containers: [{ name: 'app', ports: [{ name: 'web', containerPort: 80 }] }]
        })
      ])
    )
    const o = known(slot)
    expect(o).toMatchObject({ kind: 'none', code: 'no-port' })
    expect('reason' in o && o.reason).toMatch(/"http".*api-0|api-0.*"http"/)
  })

  test('report: image: the digest is the reported build, with no request', () => {
    const [a, b] = podSlots(
      kubeTarget({ report: 'image', port: undefined }),
      list([
        running('api-0', {
          containers: [{ name: 'api', imageID: `docker-pullable://r/api@${digest('1')}` }]
        }),
        running('api-1', { containers: [{ name: 'api', imageID: `r/api@${digest('2')}` }] })
      ])
    ).map(known)
    expect(a).toMatchObject({ kind: 'reported', build: digest('1'), attempts: 0 })
    expect(b).toMatchObject({ kind: 'reported', build: digest('2'), attempts: 0 })
  })

  test('a terminating pod is still asked; a failure of it says it is terminating', () => {
    const [slot] = podSlots(kubeTarget(), list([running('api-0', { terminating: true })]))
    const t = asked(slot)
    const failed: Observation = {
      target: t,
      kind: 'none',
      ...reason('refused', 'connection refused'),
      attempts: 1,
      ms: 1
    }
    const o = podObservation(failed)
    expect('reason' in o && o.reason).toMatch(/terminating/)
  })

  test('a 403 through the proxy is kube-api, naming get pods/proxy and the namespace', () => {
    const [slot] = podSlots(kubeTarget(), list([running('api-0')], 'team-a'))
    const o = podObservation({
      target: asked(slot),
      kind: 'none',
      ...reason('http-status', 'HTTP 403 Forbidden'),
      attempts: 1,
      ms: 1
    })
    expect(o).toMatchObject({ kind: 'none', code: 'kube-api' })
    const text = 'reason' in o ? o.reason : ''
    expect(text).toMatch(/pods\/proxy/)
    expect(text).toContain('team-a')
  })

  const phase = fc.constantFrom<PodPhase>('Pending', 'Running', 'Succeeded', 'Failed', 'Unknown')
  const fakePod = fc.record({
    phase,
    ready: fc.boolean(),
    waiting: fc.option(fc.constantFrom('CrashLoopBackOff', 'ImagePullBackOff'), { nil: undefined })
  })

  test('property: slots are the live pods in list order, <name>/<pod>; a pod not Ready is never asked; ended pods never appear', () => {
    fc.assert(
      fc.property(fc.array(fakePod, { maxLength: 12 }), specs => {
        const pods = specs.map((s, i) =>
          running(`p-${i}`, {
            phase: s.phase,
            ready: s.ready && s.phase === 'Running',
            containers: [
              { name: 'app', ports: [{ name: 'http', containerPort: 8080 }], waiting: s.waiting }
            ]
          })
        )
        const l = list(pods)
        const slots = podSlots(kubeTarget(), l)
        const live = l.pods.filter(isLive)
        expect(slots.map(s => ('ask' in s ? s.ask : s.known.target).name)).toEqual(
          live.map(p => `api/${p.metadata?.name}`)
        )
        slots.forEach((s, i) => {
          if (!isReady(live[i])) {
            expect(known(s)).toMatchObject({ kind: 'none', code: 'not-ready' })
          } else expect('ask' in s).toBe(true)
        })
      })
    )
  })
})

describe('fanOut of kubernetes targets: count rules, empty lists, failed lists', () => {
  const listing = (n: number): PodListing =>
    ok(list(Array.from({ length: n }, (_, i) => running(`api-${i}`))))

  test.each([
    [2, 3, 'missing', 'count-short', 'found 2 of 3 pods'],
    [4, 3, 'surplus', 'count-over', 'found 4 pods, 3 declared']
  ])('%i pods, count %i: the group entry (%s, %s)', (n, count, kind, code, text) => {
    const r = fanOut([kubeTarget({}, { count })], new Map(), new Map([['api', listing(n)]]))
    if (!r.ok) throw new Error(r.error)
    const entry = r.value.outcomes.find(o => o.target.name === 'api')
    expect(entry).toMatchObject({ kind: kind === 'missing' ? 'none' : kind, code, reason: text })
    expect(r.value.targets.map(t => t.name)).toHaveLength(n)
  })

  test('count met: no group entry, one target per pod', () => {
    const r = fanOut([kubeTarget({}, { count: 3 })], new Map(), new Map([['api', listing(3)]]))
    if (!r.ok) throw new Error(r.error)
    expect(r.value.outcomes).toEqual([])
    expect(r.value.targets.map(t => t.name)).toEqual(['api/api-0', 'api/api-1', 'api/api-2'])
  })

  test('no pods and no count is never an empty pass: the group is missing', () => {
    const r = fanOut([kubeTarget()], new Map(), new Map([['api', listing(0)]]))
    if (!r.ok) throw new Error(r.error)
    expect(r.value.targets).toEqual([])
    expect(r.value.outcomes).toEqual([
      expect.objectContaining({ kind: 'none', target: expect.objectContaining({ name: 'api' }) })
    ])
  })

  test('a list that failed makes the group missing with its reason (kube-api); a target never listed too', () => {
    const failed: PodListing = err(reason('kube-api', 'listing pods in prod: connection refused'))
    const r = fanOut(
      [kubeTarget(), makeTarget('other', { kubernetes: spec() })],
      new Map(),
      new Map([['api', failed]])
    )
    if (!r.ok) throw new Error(r.error)
    expect(r.value.outcomes.map(o => [o.target.name, o.kind, 'code' in o && o.code])).toEqual([
      ['api', 'none', 'kube-api'],
      ['other', 'none', 'kube-api']
    ])
    expect(r.value.outcomes[0]).toMatchObject({
      reason: 'listing pods in prod: connection refused'
    })
  })
})
