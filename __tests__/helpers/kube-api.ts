// A fake Kubernetes API server for issue 11, on loopback over HTTPS with its own CA (the client
// library refuses plain http), following the documented core/v1 paths:
//   GET /api/v1/namespaces/{ns}/pods?labelSelector=…&limit=…&continue=…   (list, paged)
//   GET /api/v1/namespaces/{ns}/pods/{pod}:{port}/proxy{path}             (the pod proxy)
// Pods are given as simple objects and rendered to core/v1 Pod JSON; each answers its build
// through the proxy (changeable during a test). Like a real API server, the proxy dials the port
// verbatim: a port name is no port. Every request is recorded with its query and credentials.
// Also here: a real kubeconfig file (writeKubeconfig) and an exec credential plugin (a small node
// script printing an ExecCredential, writeExecPlugin).
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { mkdir, writeFile } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import type { TLSSocket } from 'node:tls'
import { stringify } from 'yaml'
import { listen } from './servers.js'
import { makeCertificates, type KeyPair } from './tls.js'

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'

export interface FakeContainer {
  name: string
  /** spec image; default `registry.example/<name>:v1` */
  image?: string
  /**
   * status.containerStatuses[].imageID as the runtime writes it (`docker-pullable://repo@sha256:…`,
   * `repo@sha256:…`); default: `docker-pullable://<repo>@digest(name)` once running, else ''
   */
  imageID?: string
  ports?: { name?: string; containerPort: number }[]
  /** the container is waiting with this reason (ContainerCreating, CrashLoopBackOff, …) */
  waiting?: string
}

export interface FakePod {
  name: string
  /** default "default" */
  namespace?: string
  labels?: Record<string, string>
  /** default Running */
  phase?: PodPhase
  /** the Ready condition; default: phase is Running and no container waits */
  ready?: boolean
  /** metadata.deletionTimestamp is set: the pod is terminating (it may still serve) */
  terminating?: boolean
  /** default: one container `app` with port 8080 named `http` */
  containers?: FakeContainer[]
  /** spec.nodeName; default node-1 (a Pending pod without one is unscheduled: no containers yet) */
  node?: string
  /** status.podIP; default 10.244.0.<n>; none while Pending unless given */
  podIP?: string
  /** what the pod answers through the proxy, as `{"sha": build}`; default all zeros */
  build?: string
}

export const DEFAULT_PORT = { name: 'http', containerPort: 8080 }

export interface KubeRequest {
  method: string
  /** the path, percent-decoded, without the query */
  path: string
  query: Record<string, string>
  /** the Authorization header as sent, if any */
  authorization?: string
  /** the common name of the client certificate presented, if any */
  clientCert?: string
  /** what was asked: a pod list, a pod proxy request, or anything else */
  kind: 'list' | 'proxy' | 'other'
  namespace?: string
  /** proxy: the pod and the port as written in the path (a number, or a name) */
  pod?: string
  port?: string
  /** proxy: the path on the pod */
  proxyPath?: string
  headers: http.IncomingHttpHeaders
}

/** Answers a proxied request itself (returns true), or leaves it to the default `{sha}` answer. */
export type PodHandler = (
  pod: FakePod,
  proxyPath: string,
  req: http.IncomingMessage,
  res: http.ServerResponse
) => boolean | void

export interface KubeApiOptions {
  pods?: FakePod[]
  /** the most pods one list page holds, whatever `limit` asks (a server may return fewer) */
  pageSize?: number
  /** answer 403 Forbidden, with a Kubernetes Status, to these verbs */
  forbid?: { list?: boolean; proxy?: boolean }
  /** require `Authorization: Bearer <token>` (else 401) */
  token?: string
  /** require a client certificate signed by this CA (PEM) instead of, or besides, a token */
  clientCa?: string
  /** the user named in Forbidden messages */
  user?: string
}

export interface KubeApi {
  /** https://127.0.0.1:port */
  server: string
  port: number
  /** the CA that signed the server's certificate (PEM): certificate-authority-data */
  ca: string
  /** the server's key and certificate (for 127.0.0.1 and localhost), which that CA signed */
  tls: KeyPair
  requests: KubeRequest[]
  /** list requests, in order */
  lists(): KubeRequest[]
  /** proxy requests, in order; optionally only those to one pod */
  proxied(pod?: string): KubeRequest[]
  pods: FakePod[]
  setPods(pods: FakePod[]): void
  setBuild(pod: string, build: string): void
  /** answers proxied requests before the default; undefined for none */
  handler: PodHandler | undefined
  /** answers any request (after it is recorded, before authentication) by returning true */
  intercept:
    | ((r: KubeRequest, req: http.IncomingMessage, res: http.ServerResponse) => boolean | void)
    | undefined
  forbid: { list?: boolean; proxy?: boolean }
  /** calls `listener` on every request from now on, before it is answered; returns an unsubscribe */
  onRequest(listener: (r: KubeRequest) => void): () => void
  /** forgets the requests */
  clear(): void
  close(): Promise<void>
}

const ZERO = '0'.repeat(40)

/** A fake API server on 127.0.0.1 at a free port, with a fresh CA. */
export async function startKubeApi(options: KubeApiOptions = {}): Promise<KubeApi> {
  const certs = makeCertificates()
  const state = {
    pods: [...(options.pods ?? [])],
    handler: undefined as PodHandler | undefined,
    intercept: undefined as KubeApi['intercept'],
    forbid: { ...options.forbid }
  }
  const requests: KubeRequest[] = []
  const events = new EventEmitter()
  events.setMaxListeners(0)
  const user = options.user ?? 'system:serviceaccount:ci:deployer'

  const server = https.createServer(
    {
      key: certs.valid.key,
      cert: certs.valid.cert,
      ...(options.clientCa
        ? { requestCert: true, rejectUnauthorized: false, ca: [options.clientCa] }
        : {})
    },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://kube.invalid')
      const socket = req.socket as TLSSocket
      const peer = options.clientCa && socket.authorized ? socket.getPeerCertificate() : undefined
      const r: KubeRequest = {
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(peer?.subject?.CN ? { clientCert: String(peer.subject.CN) } : {}),
        kind: 'other',
        headers: req.headers
      }
      const list = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname)
      const proxy = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/proxy(\/.*)?$/.exec(
        url.pathname
      )
      if (list) Object.assign(r, { kind: 'list', namespace: decodeURIComponent(list[1]) })
      if (proxy) {
        // {pod}, {pod}:{port} or {scheme}:{pod}:{port}
        const parts = decodeURIComponent(proxy[2]).split(':')
        const [pod, port] = parts.length === 3 ? parts.slice(1) : parts
        Object.assign(r, {
          kind: 'proxy',
          namespace: decodeURIComponent(proxy[1]),
          pod,
          ...(port === undefined ? {} : { port }),
          proxyPath: proxy[3] ?? '/'
        })
      }
      requests.push(r)
      events.emit('request', r)
      if (state.intercept?.(r, req, res)) return

      const authorized =
        (options.token === undefined && options.clientCa === undefined) ||
        (options.token !== undefined && req.headers.authorization === `Bearer ${options.token}`) ||
        (options.clientCa !== undefined && socket.authorized)
      if (!authorized) return status(res, 401, 'Unauthorized', 'Unauthorized')
      if (req.method !== 'GET')
        return status(res, 405, 'MethodNotAllowed', 'the server does not allow this method')

      if (r.kind === 'list') {
        const ns = r.namespace as string
        if (state.forbid.list) {
          return status(
            res,
            403,
            'Forbidden',
            `pods is forbidden: User "${user}" cannot list resource "pods" in API group "" in the namespace "${ns}"`,
            { kind: 'pods' }
          )
        }
        const selector = parseSelector(r.query.labelSelector ?? '')
        if (!selector.ok) return status(res, 400, 'BadRequest', selector.error)
        const all = state.pods.filter(
          p => (p.namespace ?? 'default') === ns && selector.value(p.labels ?? {})
        )
        const start = r.query.continue ? decodeContinue(r.query.continue) : 0
        if (start === undefined) return status(res, 400, 'BadRequest', 'invalid continue token')
        const limit = r.query.limit ? Number(r.query.limit) : Infinity
        const size = Math.min(limit > 0 ? limit : Infinity, options.pageSize ?? Infinity)
        const page = all.slice(start, start + size)
        const next = start + page.length < all.length ? encodeContinue(start + page.length) : ''
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            kind: 'PodList',
            apiVersion: 'v1',
            metadata: {
              resourceVersion: String(1000 + requests.length),
              ...(next
                ? { continue: next, remainingItemCount: all.length - start - page.length }
                : {})
            },
            items: page.map(p => renderPod(p, state.pods.indexOf(p)))
          })
        )
        return
      }

      if (r.kind === 'proxy') {
        const ns = r.namespace as string
        if (state.forbid.proxy) {
          return status(
            res,
            403,
            'Forbidden',
            `pods "${r.pod}" is forbidden: User "${user}" cannot get resource "pods/proxy" in API group "" in the namespace "${ns}"`,
            { name: r.pod, kind: 'pods' }
          )
        }
        const pod = state.pods.find(p => p.name === r.pod && (p.namespace ?? 'default') === ns)
        if (!pod)
          return status(res, 404, 'NotFound', `pods "${r.pod}" not found`, {
            name: r.pod,
            kind: 'pods'
          })
        const ip = podIP(pod, state.pods.indexOf(pod))
        if (!ip) return status(res, 503, 'ServiceUnavailable', `pod ${r.pod} has no IP address`)
        const port = r.port ?? String(containersOf(pod)[0]?.ports?.[0]?.containerPort ?? 80)
        // The API server dials host:port as written: a name is no port.
        if (!/^\d+$/.test(port)) {
          return status(
            res,
            503,
            'ServiceUnavailable',
            `error trying to reach service: dial tcp ${ip}:${port}: lookup tcp/${port}: unknown port`
          )
        }
        const listens = containersOf(pod).some(c =>
          (c.ports ?? []).some(p => String(p.containerPort) === port)
        )
        if (!listens || (pod.phase ?? 'Running') !== 'Running') {
          return status(
            res,
            503,
            'ServiceUnavailable',
            `error trying to reach service: dial tcp ${ip}:${port}: connect: connection refused`
          )
        }
        if (state.handler?.(pod, r.proxyPath as string, req, res)) return
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ sha: pod.build ?? ZERO }))
        return
      }

      status(res, 404, 'NotFound', 'the server could not find the requested resource')
    }
  )
  const bound = await listen(server, 'https')

  return {
    server: bound.origin,
    port: bound.port,
    ca: certs.ca,
    tls: certs.valid,
    requests,
    lists: () => requests.filter(r => r.kind === 'list'),
    proxied: pod =>
      requests.filter(r => r.kind === 'proxy' && (pod === undefined || r.pod === pod)),
    get pods() {
      return state.pods
    },
    setPods: pods => {
      state.pods = [...pods]
    },
    setBuild: (name, build) => {
      const i = state.pods.findIndex(p => p.name === name)
      if (i < 0) throw new Error(`no pod ${name}`)
      state.pods[i] = { ...state.pods[i], build }
    },
    get intercept() {
      return state.intercept
    },
    set intercept(h) {
      state.intercept = h
    },
    get handler() {
      return state.handler
    },
    set handler(h) {
      state.handler = h
    },
    forbid: state.forbid,
    onRequest: fn => {
      events.on('request', fn)
      return () => events.off('request', fn)
    },
    clear: () => {
      requests.length = 0
    },
    close: bound.close
  }
}

/** A Kubernetes Status object, as the API server answers errors. */
function status(
  res: http.ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>
): void {
  res.writeHead(code, { 'content-type': 'application/json' })
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code
    })
  )
}

// An opaque continue token, as the API server's is (base64 of a small JSON).
function encodeContinue(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 'fake/1', start: offset })).toString('base64url')
}

function decodeContinue(token: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown }
    return typeof v.start === 'number' && Number.isInteger(v.start) && v.start >= 0
      ? v.start
      : undefined
  } catch {
    return undefined
  }
}

type Selector = (labels: Record<string, string>) => boolean

/**
 * A label selector as the API server reads it: requirements joined by commas, each `k=v`,
 * `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)` or `k notin (a,b)`; all must hold.
 */
export function parseSelector(
  text: string
): { ok: true; value: Selector } | { ok: false; error: string } {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const c of text) {
    if (c === '(') depth++
    if (c === ')') depth--
    if (c === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += c
  }
  if (current.trim() || parts.length) parts.push(current)
  const tests: Selector[] = []
  for (const raw of parts) {
    const p = raw.trim()
    let m: RegExpExecArray | null
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(p))) {
      const [, k, op, v] = m
      tests.push(op === '!=' ? l => l[k] !== v : l => l[k] === v)
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const [, k, op, list] = m
      const values = list.split(',').map(s => s.trim())
      tests.push(op === 'in' ? l => values.includes(l[k]) : l => !values.includes(l[k]))
    } else if ((m = /^(!?)([\w./-]+)$/.exec(p))) {
      const [, not, k] = m
      tests.push(not ? l => !(k in l) : l => k in l)
    } else {
      return { ok: false, error: `unable to parse requirement: "${p}"` }
    }
  }
  return { ok: true, value: labels => tests.every(t => t(labels)) }
}

function containersOf(pod: FakePod): FakeContainer[] {
  return pod.containers ?? [{ name: 'app', ports: [DEFAULT_PORT] }]
}

function podIP(pod: FakePod, index: number): string | undefined {
  if (pod.podIP) return pod.podIP
  return (pod.phase ?? 'Running') === 'Pending' ? undefined : `10.244.0.${(index % 250) + 2}`
}

/** A pod as the API server returns it (core/v1 Pod), with what the action reads of it. */
export function renderPod(pod: FakePod, index = 0): Record<string, unknown> {
  const phase = pod.phase ?? 'Running'
  const containers = containersOf(pod)
  const running = (c: FakeContainer) => phase === 'Running' && !c.waiting
  const ready = pod.ready ?? (phase === 'Running' && containers.every(running))
  const ip = podIP(pod, index)
  const unscheduled = phase === 'Pending' && pod.node === undefined
  const started = '2026-01-01T00:00:00Z'
  return {
    metadata: {
      name: pod.name,
      namespace: pod.namespace ?? 'default',
      uid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      resourceVersion: String(500 + index),
      creationTimestamp: started,
      labels: pod.labels ?? {},
      ...(pod.terminating
        ? { deletionTimestamp: '2026-01-01T00:05:00Z', deletionGracePeriodSeconds: 30 }
        : {})
    },
    spec: {
      ...(unscheduled ? {} : { nodeName: pod.node ?? 'node-1' }),
      containers: containers.map(c => ({
        name: c.name,
        image: c.image ?? `registry.example/${c.name}:v1`,
        ...(c.ports?.length
          ? {
              ports: c.ports.map(p => ({
                ...(p.name ? { name: p.name } : {}),
                containerPort: p.containerPort,
                protocol: 'TCP'
              }))
            }
          : {})
      }))
    },
    status: {
      phase,
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      conditions: [
        unscheduled
          ? { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }
          : { type: 'PodScheduled', status: 'True' },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          ...(ready ? {} : { reason: 'ContainersNotReady' })
        }
      ],
      // a pod no node has taken yet has no container statuses at all
      containerStatuses: (unscheduled ? [] : containers).map(c => ({
        name: c.name,
        ready: ready && running(c),
        restartCount: 0,
        image: c.image ?? `registry.example/${c.name}:v1`,
        // the runtime writes the digest once it has pulled and started the image
        imageID:
          c.imageID ?? (running(c) ? `docker-pullable://${repoOf(c)}@${digest(c.name)}` : ''),
        started: running(c),
        state: running(c)
          ? { running: { startedAt: started } }
          : phase === 'Succeeded' || phase === 'Failed'
            ? {
                terminated: {
                  exitCode: phase === 'Succeeded' ? 0 : 1,
                  reason: phase === 'Succeeded' ? 'Completed' : 'Error'
                }
              }
            : { waiting: { reason: c.waiting ?? 'ContainerCreating' } }
      }))
    }
  }
}

function repoOf(c: FakeContainer): string {
  return (c.image ?? `registry.example/${c.name}:v1`).replace(/[:@][^/]*$/, '')
}

/** An image digest `sha256:<64 hex>` named by a label (the SHA-256 of the label). */
export function digest(label: string): string {
  return `sha256:${createHash('sha256').update(label).digest('hex')}`
}

export interface ExecPlugin {
  /** the command and arguments a kubeconfig's `exec` gives */
  command: string
  args: string[]
  /** a file the plugin appends a line to on every call: how many times it ran */
  calls: string
}

/**
 * An exec credential plugin, as `aws eks get-token` is one: a node script that prints an
 * ExecCredential with `token` on stdout.
 */
export async function writeExecPlugin(dir: string, token: string): Promise<ExecPlugin> {
  await mkdir(dir, { recursive: true })
  const script = path.join(dir, 'get-token.mjs')
  const calls = path.join(dir, 'get-token.calls')
  await writeFile(
    script,
    [
      "import { appendFileSync } from 'node:fs'",
      `appendFileSync(${JSON.stringify(calls)}, 'call\\n')`,
      'process.stdout.write(JSON.stringify({',
      "  apiVersion: 'client.authentication.k8s.io/v1beta1',",
      "  kind: 'ExecCredential',",
      `  status: { token: ${JSON.stringify(token)} }`,
      '}))',
      ''
    ].join('\n')
  )
  await writeFile(calls, '')
  return { command: process.execPath, args: [script], calls }
}

export interface KubeconfigOptions {
  /** the API server's URL */
  server: string
  /** its CA (PEM), written as certificate-authority-data (or a file, with caFile) */
  ca?: string
  caFile?: boolean
  insecureSkipTlsVerify?: boolean
  token?: string
  /** a file holding the token, written next to the kubeconfig */
  tokenFile?: string
  clientCert?: KeyPair
  exec?: ExecPlugin
  /** the namespace of the current context */
  namespace?: string
  /** further contexts on the same cluster and user, each with its own namespace */
  contexts?: { name: string; namespace?: string }[]
  /** the current context's name; default "fake" */
  currentContext?: string
  /** the file name; default "kubeconfig" */
  file?: string
}

/** Writes a kubeconfig as kubectl and `aws eks update-kubeconfig` leave one; returns its path. */
export async function writeKubeconfig(dir: string, o: KubeconfigOptions): Promise<string> {
  await mkdir(dir, { recursive: true })
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  const cluster: Record<string, unknown> = { server: o.server }
  if (o.ca && o.caFile) {
    const caPath = path.join(dir, 'ca.crt')
    await writeFile(caPath, o.ca)
    cluster['certificate-authority'] = caPath
  } else if (o.ca) cluster['certificate-authority-data'] = b64(o.ca)
  if (o.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true

  const user: Record<string, unknown> = {}
  if (o.token !== undefined) user.token = o.token
  if (o.tokenFile !== undefined) {
    const tokenPath = path.join(dir, 'token')
    await writeFile(tokenPath, o.tokenFile)
    user.tokenFile = tokenPath
  }
  if (o.clientCert) {
    user['client-certificate-data'] = b64(o.clientCert.cert)
    user['client-key-data'] = b64(o.clientCert.key)
  }
  if (o.exec) {
    user.exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: o.exec.command,
      args: o.exec.args,
      interactiveMode: 'Never',
      provideClusterInfo: false
    }
  }

  const current = o.currentContext ?? 'fake'
  const contexts = [{ name: 'fake', namespace: o.namespace }, ...(o.contexts ?? [])].map(c => ({
    name: c.name,
    context: { cluster: 'fake', user: 'tester', ...(c.namespace ? { namespace: c.namespace } : {}) }
  }))
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: 'fake', cluster }],
    users: [{ name: 'tester', user }],
    contexts,
    'current-context': current
  }
  const file = path.join(dir, o.file ?? 'kubeconfig')
  await writeFile(file, stringify(config))
  return file
}
