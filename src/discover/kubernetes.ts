// `kubernetes` targets: the kubeconfig (read once a run, as kubectl reads it) and each round's
// pod list, through the API server with the kubeconfig's credentials. The I/O of that discovery.
// From @kubernetes/client-node only its kubeconfig entry parsers (config_types.js) and its exec
// credential plugin runner (exec_auth.js) are used, imported here with import(): its KubeConfig
// class imports the whole generated API client (a 19 MB chunk, 0.6 s to load), these two
// modules import nothing but node:fs and node:child_process. Credentials are applied here as
// kubectl applies them; requests go through undici, with the target's deadline.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path'
import { Agent, type Dispatcher } from 'undici'
import { parseDocument } from 'yaml'
import { ConfigError, quote } from '../common/errors.js'
import { sleep } from '../common/sleep.js'
import { formatDuration } from '../common/duration.js'
import { err, ok, type Result } from '../common/result.js'
import type { Target } from '../fleet/target.js'
import { backoffMs } from '../probe/backoff.js'
import { describeError } from '../probe/http.js'
import { reason, type Reason } from '../verdict/reason.js'
import type { PodListing } from './fan-out.js'
import type { Pod } from './pods.js'

type Types = typeof import('@kubernetes/client-node/dist/config_types.js')
type Cluster = ReturnType<Types['newClusters']>[number]
type User = ReturnType<Types['newUsers']>[number]
type Context = ReturnType<Types['newContexts']>[number]
type ExecAuth = InstanceType<typeof import('@kubernetes/client-node/dist/exec_auth.js').ExecAuth>

/** The merged kubeconfig of this run. */
export interface KubeConfig {
  clusters: Cluster[]
  users: User[]
  contexts: Context[]
  currentContext: string
  /** each user's `tokenFile` (kubectl's key, which the library's parser drops), absolute */
  tokenFiles: Map<string, string>
  /** runs exec credential plugins, keeping each token until it expires */
  exec: ExecAuth
}

/** Pods a page: large workloads are listed in pages, never in one huge answer. */
export const PAGE_SIZE = 500
/** A page's body at most (500 pods of a few KiB each, with room). */
const MAX_PAGE_BYTES = 32 * 1024 * 1024

const HOW_TO_SET =
  'run a step that writes it first (azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials), or set KUBECONFIG to its path'

/** The kubeconfig files, as kubectl finds them: KUBECONFIG's list, else ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv): { paths: string[]; from: string } {
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter(p => p !== '')
  if (list.length) return { paths: list, from: `KUBECONFIG=${quote(env.KUBECONFIG)}` }
  const home = env.HOME || homedir()
  const path = join(home, '.kube', 'config')
  return { paths: [path], from: `~/.kube/config (${path})` }
}

/** The kubeconfig of this run: read once, merged as kubectl merges KUBECONFIG's files. */
export async function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): Promise<KubeConfig> {
  const { paths, from } = kubeconfigPaths(env)
  const found = paths.filter(p => existsSync(p))
  // The library would fall back to localhost:8080: a check of nothing. Bad input instead.
  if (found.length === 0) {
    throw new ConfigError(
      `kubernetes targets need a kubeconfig, and there is none at ${from}; expected a kubeconfig file there: ${HOW_TO_SET}`
    )
  }
  const [types, { ExecAuth }] = await Promise.all([
    import('@kubernetes/client-node/dist/config_types.js'),
    import('@kubernetes/client-node/dist/exec_auth.js')
  ])
  const kc: KubeConfig = {
    clusters: [],
    users: [],
    contexts: [],
    currentContext: '',
    tokenFiles: new Map(),
    exec: new ExecAuth()
  }
  for (const file of found) {
    try {
      readFile(kc, file, types)
    } catch (e) {
      throw new ConfigError(
        `the kubeconfig ${file} (from ${from}) could not be read: ${(e as Error)?.message ?? String(e)}; expected a kubeconfig file as kubectl writes it`
      )
    }
  }
  return kc
}

/** One file into `kc`; as kubectl merges, the first file to set a value wins. */
function readFile(kc: KubeConfig, file: string, types: Types): void {
  const text = readFileSync(file, 'utf8')
  // A kubeconfig holds credentials: an error names the line, never quotes it.
  const parsed = parseDocument(text, { prettyErrors: false })
  if (parsed.errors.length) {
    const at = parsed.errors[0].pos?.[0]
    const line = at === undefined ? undefined : text.slice(0, at).split('\n').length
    throw new Error(`YAML syntax error${line === undefined ? '' : ` at line ${line}`}`)
  }
  const doc = parsed.toJS() as Record<string, unknown> | null
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error('expected a mapping with clusters, users and contexts')
  // Relative file paths in a kubeconfig are relative to its folder.
  const root = dirname(file)
  const absolute = (p: string | undefined) => (p && !isAbsolute(p) ? join(root, p) : p)
  for (const c of types.newClusters(doc.clusters)) {
    if (kc.clusters.some(x => x.name === c.name)) continue
    kc.clusters.push({ ...c, caFile: absolute(c.caFile) })
  }
  for (const u of types.newUsers(doc.users)) {
    if (kc.users.some(x => x.name === u.name)) continue
    kc.users.push({ ...u, certFile: absolute(u.certFile), keyFile: absolute(u.keyFile) })
  }
  for (const c of types.newContexts(doc.contexts)) {
    if (!kc.contexts.some(x => x.name === c.name)) kc.contexts.push(c)
  }
  const users = Array.isArray(doc.users) ? (doc.users as unknown[]) : []
  for (const raw of users) {
    const u = raw as { name?: unknown; user?: { tokenFile?: unknown } } | null
    const path = u?.user?.tokenFile
    if (typeof u?.name === 'string' && typeof path === 'string' && path !== '')
      if (!kc.tokenFiles.has(u.name)) kc.tokenFiles.set(u.name, resolve(root, path))
  }
  const current = doc['current-context']
  if (!kc.currentContext && typeof current === 'string') kc.currentContext = current
}

/** How one round reaches one context's API server. */
export interface Connection {
  context: string
  server: string
  /** the context's namespace, else "default" */
  namespace: string
  /** the credentials' headers (Authorization, Impersonate-User) */
  headers: Record<string, string>
  dispatcher: Dispatcher
  /** a new pool with the same TLS (for samples, each on a fresh connection) */
  fresh: () => Dispatcher
  /** what must never be shown: the token, the client key, the password */
  secrets: string[]
}

/** A file's bytes, or base64 data, or nothing (as the library and kubectl read `*-data`). */
function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readFileSync(file)
  return data ? Buffer.from(data, 'base64') : undefined
}

/**
 * A connection to the API server of `context` (the current one when undefined), with credentials
 * fresh for this round (an exec plugin's token may have expired since the last one). An unknown
 * context, a context without a server, an unreadable file are bad input; credentials that cannot
 * be had (an exec plugin that fails) are a reason.
 */
export async function connect(
  kc: KubeConfig,
  context: string | undefined,
  connections: number,
  timeoutMs: number
): Promise<Result<Connection, Reason>> {
  const name = context ?? kc.currentContext
  const ctx = kc.contexts.find(c => c.name === name)
  if (!ctx) {
    const known = kc.contexts.map(c => c.name).join(', ') || 'none'
    throw new ConfigError(
      context === undefined
        ? `the kubeconfig has no current context${name ? ` (current-context ${quote(name)} is not among its contexts)` : ''}; expected current-context to be set, or kubernetes.context on the target (contexts: ${known})`
        : `kubernetes.context ${quote(context)} is not in the kubeconfig; expected one of: ${known}`
    )
  }
  const cluster = kc.clusters.find(c => c.name === ctx.cluster)
  if (!cluster?.server) {
    throw new ConfigError(
      `the kubeconfig's context ${quote(ctx.name)} has no cluster with a server; expected its cluster ${quote(ctx.cluster)} to have server: https://...`
    )
  }
  const user = kc.users.find(u => u.name === ctx.user)
  const headers: Record<string, string> = {}
  let ca: Buffer | undefined
  let cert: Buffer | string | undefined
  let key: Buffer | string | undefined
  try {
    ca = fileOrData(cluster.caFile, cluster.caData)
    cert = fileOrData(user?.certFile, user?.certData)
    key = fileOrData(user?.keyFile, user?.keyData)
    const tokenFile = user ? kc.tokenFiles.get(user.name) : undefined
    // kubectl: a token wins over a token file, read again every round (it may be rotated).
    if (user?.token) headers.Authorization = `Bearer ${user.token}`
    else if (tokenFile) headers.Authorization = `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`
  } catch (e) {
    throw new ConfigError(
      `a file the kubeconfig's context ${quote(ctx.name)} names cannot be read: ${(e as Error)?.message ?? String(e)}; expected a readable file`
    )
  }
  if (user?.authProvider && !kc.exec.isAuthProvider(user)) {
    const provider = (user.authProvider as { name?: unknown }).name
    throw new ConfigError(
      `the kubeconfig's user ${quote(user.name)} authenticates with auth-provider ${quote(provider)}, which fleet-check does not run; expected a token, a client certificate or an exec plugin (as gke-gcloud-auth-plugin and kubelogin provide)`
    )
  }
  if (user && kc.exec.isAuthProvider(user)) {
    const opts: { headers: Record<string, string>; cert?: string; key?: string } = { headers: {} }
    try {
      await kc.exec.applyAuthentication(user, opts as never)
    } catch (e) {
      return err(
        reason(
          'kube-api',
          `the exec credential plugin of context ${quote(ctx.name)} failed: ${(e as Error)?.message?.trim() || String(e)}`
        )
      )
    }
    if (opts.headers.Authorization) headers.Authorization = opts.headers.Authorization
    if (opts.cert) cert = opts.cert
    if (opts.key) key = opts.key
  }
  if (!headers.Authorization && user?.username && user.password !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`
  if (user?.impersonateUser) headers['Impersonate-User'] = user.impersonateUser
  const secrets = [
    headers.Authorization ?? '',
    key?.toString() ?? '',
    user?.token ?? '',
    user?.password ?? ''
  ].filter(s => s !== '')
  const tls = {
    // The cluster's CA alone, as kubectl trusts it; without one, the public roots.
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
    rejectUnauthorized: !cluster.skipTLSVerify
  }
  // undici's abort does not end a connect (or TLS handshake) under way: its own timeout must.
  const connect = { ...tls, timeout: timeoutMs }
  const fresh = () => new Agent({ keepAliveTimeout: 4_000, connections, connect })
  return ok({
    context: ctx.name,
    server: cluster.server.replace(/\/+$/, ''),
    namespace: ctx.namespace || 'default',
    headers,
    dispatcher: fresh(),
    fresh,
    secrets
  })
}

/**
 * Every pod of a target's selector, page by page; failures retried like requests. 401 and 403
 * end the run: credentials do not change between rounds, and the message says which rule to add.
 */
export async function listPods(
  target: Target,
  conn: Connection,
  retries: number
): Promise<PodListing> {
  const spec = target.kubernetes
  if (!spec) return err(reason('kube-api', 'not a kubernetes target'))
  const namespace = spec.namespace ?? conn.namespace
  const start = performance.now()
  const pods: Pod[] = []
  let attempts = 0
  let next: string | undefined
  do {
    const url =
      `${conn.server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` +
      `?labelSelector=${encodeURIComponent(spec.selector)}&limit=${PAGE_SIZE}` +
      (next ? `&continue=${encodeURIComponent(next)}` : '')
    let page: Result<{ items: Pod[]; next?: string }, Reason & { transient: boolean }>
    for (let attempt = 1; ; attempt++) {
      attempts++
      page = await getPage(url, conn, target, namespace)
      if (page.ok || !page.error.transient || attempt > retries) break
      await sleep(backoffMs(attempt, undefined))
    }
    const took = { attempts, ms: Math.round(performance.now() - start) }
    if (!page.ok) {
      const { code, reason: why } = page.error
      return { ...err({ code, reason: `listing pods in ${quote(namespace)}: ${why}` }), ...took }
    }
    pods.push(...page.value.items)
    next = page.value.next
  } while (next)
  const took = { attempts, ms: Math.round(performance.now() - start) }
  return { ...ok({ server: conn.server, namespace, pods, headers: conn.headers }), ...took }
}

async function getPage(
  url: string,
  conn: Connection,
  target: Target,
  namespace: string
): Promise<Result<{ items: Pod[]; next?: string }, Reason & { transient: boolean }>> {
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), target.timeoutMs)
  const fail = (r: Reason, transient: boolean) => err({ ...r, transient })
  try {
    const { origin, pathname, search } = new URL(url)
    const res = await conn.dispatcher.request({
      origin,
      path: pathname + search,
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'fleet-check', ...conn.headers },
      signal: deadline.signal
    })
    if (res.statusCode === 401 || res.statusCode === 403) {
      res.body.on('error', () => undefined)
      res.body.destroy()
      throw new ConfigError(forbidden(res.statusCode, target, conn, namespace))
    }
    const text = await readLimited(res.body)
    if (text === undefined)
      return fail(reason('too-large', 'the pod list page is over 32 MiB'), false)
    if (res.statusCode < 200 || res.statusCode > 299) {
      const message = statusMessage(text)
      return fail(
        reason('kube-api', `HTTP ${res.statusCode}${message ? `: ${message}` : ''}`),
        res.statusCode >= 500 || res.statusCode === 429
      )
    }
    let list: { items?: Pod[]; metadata?: { continue?: string } }
    try {
      list = JSON.parse(text) as typeof list
    } catch {
      return fail(reason('kube-api', 'the API server answered no JSON pod list'), false)
    }
    if (!list || !Array.isArray(list.items))
      return fail(reason('kube-api', 'the API server answered no pod list'), false)
    return ok({ items: list.items, next: list.metadata?.continue || undefined })
  } catch (e) {
    if (e instanceof ConfigError) throw e
    if (deadline.signal.aborted)
      return fail(reason('kube-api', `timed out after ${formatDuration(target.timeoutMs)}`), true)
    const why = describeError(e)
    return fail(reason('kube-api', `${why.reason} (${conn.server})`), why.transient)
  } finally {
    clearTimeout(timer)
  }
}

async function readLimited(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > MAX_PAGE_BYTES) {
      body.on('error', () => undefined)
      body.destroy()
      return undefined
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A Status answer's message (server text: escaped wherever it is printed). */
function statusMessage(text: string): string {
  try {
    const s = JSON.parse(text) as { message?: unknown }
    return typeof s.message === 'string' ? s.message.slice(0, 300) : ''
  } catch {
    return ''
  }
}

function forbidden(status: number, target: Target, conn: Connection, namespace: string): string {
  const what =
    status === 401
      ? 'the API server did not accept the credentials (HTTP 401)'
      : 'the credentials may not list pods there (HTTP 403)'
  const proxy =
    target.kubernetes?.report === 'http' && target.kubernetes.via === 'proxy'
      ? `, and resources: ["pods/proxy"], verbs: ["get"] for report: http through the proxy`
      : ''
  return (
    `kubernetes target ${quote(target.name)}: list pods in namespace ${quote(namespace)} (context ${quote(conn.context)}): ${what}; ` +
    `expected credentials that may list pods: a Role in ${quote(namespace)} with the rule apiGroups: [""], resources: ["pods"], verbs: ["list"]${proxy}, bound to the user of the context`
  )
}
