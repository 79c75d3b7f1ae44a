// One GET of one target, within one deadline from connect to the last decoded body byte.
// Redirects are followed by hand: they stay on the target's host (unless `redirects: any`), and
// configured headers never reach another origin.
import { maxHeaderSize, type IncomingHttpHeaders } from 'node:http'
import { isIPv6, type LookupFunction } from 'node:net'
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls'
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici'
import { formatDuration } from '../common/duration.js'
import { err, ok, type Result } from '../common/result.js'
import type { Target } from '../fleet/target.js'
import { reason, type Reason } from '../verdict/reason.js'
import { codingsOf, readDecoded } from './decode.js'
import type { ReadResponse } from './extract.js'
import { poolSkippingContinue } from './interim.js'
import { displayForm, redirectDecision } from './redirect.js'
import { Deadline, get, type GetResponse } from './get.js'
import { isStaleConnection, watchConnections } from './reused-connection.js'

export const MAX_BODY_BYTES = 1024 * 1024
export const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * An answer, or why there is none (and whether that may pass on a retry). `finalUrl`: where the
 * answer came from (display form), set when a redirect was followed. `staleConnection`: the
 * connection, reused, was closed or reset before any answer (see reused-connection.ts).
 */
export type Attempt = (
  | { ok: true; response: ReadResponse }
  | ({ ok: false; transient: boolean; retryAfterMs?: number; staleConnection?: true } & Reason)
) & { finalUrl?: string }

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']

export interface DispatcherOptions {
  /** PEM of extra CA certificates to trust besides the public ones (`ca-file`) */
  ca?: string
  /** sockets per origin at most: one per request in flight is enough */
  connections?: number
  /** how host names are looked up when connecting (`dns-servers`); default: the system's */
  lookup?: LookupFunction
  /**
   * an instance of `addresses: all`: its host name connects to this address (the URL, the Host
   * header, SNI and the certificate check keep the name); other names resolve as usual
   */
  pin?: Pin
}

export interface Pin {
  /** the host name, lower case, as URL#hostname gives it */
  host: string
  address: string
}

/** A connection pool with verified TLS; honours HTTP(S)_PROXY and NO_PROXY. */
export function createDispatcher(
  options: DispatcherOptions = {},
  env: NodeJS.ProcessEnv = process.env
): Dispatcher {
  watchConnections()
  const lookup = options.pin ? pinnedLookup(options.pin, options.lookup) : options.lookup
  const tls = {
    rejectUnauthorized: true,
    ...(options.ca ? { secureContext: secureContextFor(options.ca) } : {}),
    ...(lookup ? { lookup } : {})
  }
  const agent = {
    keepAliveTimeout: 4_000,
    // Each attempt has its own deadline (get.ts). undici's 300 s timers for headers and body
    // would only add two timers a request, kept until undici's next timer tick (half a second):
    // in a large sweep, thousands of them outlive young-generation collections.
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: tls,
    connections: options.connections ?? null,
    // Every socket, proxied or not, skips interim 100 Continue responses (see interim.ts).
    factory: poolSkippingContinue
  }
  // Without a proxy variable a plain Agent does: EnvHttpProxyAgent would add nothing. An
  // instance never goes through a proxy, which would resolve the name again (settings refuse
  // `addresses: all` on a host a proxy variable covers).
  return !options.pin && PROXY_VARIABLES.some(v => env[v])
    ? // requestTls is for the target inside the tunnel, proxyTls for an https:// proxy (which may
      // sit behind the same private CA); undici's types omit both.
      withoutExperimentalWarning(
        () =>
          new EnvHttpProxyAgent({
            ...agent,
            requestTls: tls,
            proxyTls: tls
          } as EnvHttpProxyAgent.Options)
      )
    : new Agent(agent)
}

/** The one TLS context of a `ca-file`, made once: see secureContextFor. */
let trusted: { ca: string; context: SecureContext } | undefined

/**
 * Node's bundled roots and the `ca-file`'s certificates, in one TLS context made once a run.
 * Given as `ca` instead, every connection would build its own context from all 120-odd roots
 * (7.6 ms each): most of the CPU of a sweep of 1,000 HTTPS servers.
 */
export function secureContextFor(ca: string): SecureContext {
  if (trusted?.ca !== ca) {
    // `ca` replaces Node's bundled roots, so they are passed along with the extra ones.
    trusted = { ca, context: createSecureContext({ ca: [...rootCertificates, ca] }) }
  }
  return trusted.context
}

/**
 * The system's lookup, as net's own: node:dns loads on the first call (a fleet of addresses
 * never makes one, and start-up does not pay for it).
 */
const systemLookup: LookupFunction = (hostname, options, callback) => {
  import('node:dns').then(
    dns => dns.lookup(hostname, options, callback),
    (error: NodeJS.ErrnoException) => callback(error, '')
  )
}

/**
 * The lookup of an instance's connections: its own host name gives its address, so a new
 * connection (a retry, a redirect to the same name) never lands on another instance.
 */
function pinnedLookup(pin: Pin, other: LookupFunction = systemLookup): LookupFunction {
  const family = isIPv6(pin.address) ? 6 : 4
  return (hostname, options, callback) => {
    if (hostname.toLowerCase() !== pin.host) return other(hostname, options, callback)
    if (options.all) callback(null, [{ address: pin.address, family }])
    else callback(null, pin.address, family)
  }
}

/**
 * undici announces on stderr that EnvHttpProxyAgent is experimental, on every run behind a
 * proxy; users cannot act on it, so that one warning is dropped.
 */
function withoutExperimentalWarning<T>(make: () => T): T {
  const emit = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0] as { code?: string } | string | undefined
    const code = typeof options === 'object' ? options?.code : rest[1]
    if (code !== 'UNDICI-EHPA') (emit as (...a: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return make()
  } finally {
    process.emitWarning = emit
  }
}

let nonce = 0
/** This run's part of the cache-bust: its start and process, made once. */
const RUN = `${Date.now().toString(36)}${process.pid.toString(36)}_`

/** A query parameter no cache has seen, for CDNs that ignore no-cache. */
function cacheBusted(path: string): string {
  // String surgery, not URLSearchParams: this runs for every request of a sweep.
  return `${path}${path.includes('?') ? '&' : '?'}fleet-check=${RUN}${(nonce++).toString(36)}`
}

const BASE_HEADERS = {
  'cache-control': 'no-cache',
  accept: 'application/json, text/plain;q=0.9, */*;q=0.5',
  'user-agent': 'fleet-check'
}

export async function fetchOnce(target: Target, dispatcher: Dispatcher): Promise<Attempt> {
  // One timer per attempt, cleared when it ends: AbortSignal.timeout would keep a timer per
  // finished request alive until its deadline, thousands of them in a large sweep.
  const deadline = new Deadline(target.timeoutMs)
  const timedOut = (): Attempt =>
    fail(reason('timeout', `timed out after ${formatDuration(target.timeoutMs)}`), true)
  // A URL object only on a redirect: parsing one per request shows in large sweeps.
  const first = requestOf(target)
  let origin = first.origin
  let path = target.cacheBust ? cacheBusted(first.path) : first.path
  let headers = first.headers
  let finalUrl: string | undefined
  // A coded body the build is read from is decoded as it comes: a bomb is refused mid-stream.
  const stream = target.extraction.kind === 'header' ? undefined : isCodedAnswer
  const withFinalUrl = <T extends Attempt>(a: T): T =>
    finalUrl === undefined ? a : { ...a, finalUrl }
  try {
    for (let hop = 0; ; hop++) {
      const res = await get(dispatcher, {
        origin,
        path,
        headers,
        limit: MAX_BODY_BYTES,
        deadline,
        stream
      })
      if (REDIRECTS.has(res.statusCode)) {
        res.drop()
        if (hop === MAX_REDIRECTS)
          return withFinalUrl(
            fail(reason('redirect-refused', `too many redirects (${MAX_REDIRECTS})`))
          )
        const from = new URL(origin + path)
        const next = redirectDecision(from, res.headers.location, res.statusCode, target.redirects)
        if (!next.follow) {
          // The refused URL is where the answer would have come from: the report shows it.
          if (next.url) finalUrl = displayForm(next.url)
          return withFinalUrl(fail({ code: next.code, reason: next.reason }))
        }
        // Like fetch, but for every configured header, not only Authorization.
        if (next.url.origin !== from.origin) headers = { ...BASE_HEADERS }
        origin = next.url.origin
        path = `${next.url.pathname}${next.url.search}`
        finalUrl = displayForm(next.url)
        continue
      }
      const success = res.statusCode >= 200 && res.statusCode <= 299
      // Only a body the build is read from is decoded: an error page, or an answer read by
      // header, need not be (and decoding one could only turn a clear reason into a vaguer one).
      const body = await readBody(res, success && target.extraction.kind !== 'header', deadline)
      if (!body.ok) return withFinalUrl(fail(body.error))
      if (!success) {
        const transient = res.statusCode >= 500 || res.statusCode === 429
        return withFinalUrl({
          ...fail(reason('http-status', `HTTP ${res.statusCode}`), transient),
          retryAfterMs: retryAfter(res.headers['retry-after'])
        })
      }
      return withFinalUrl({
        ok: true,
        response: { status: res.statusCode, headers: res.headers, body: body.value }
      })
    }
  } catch (error) {
    if (deadline.expired) return withFinalUrl(timedOut())
    const failed = describeError(error)
    return withFinalUrl(isStaleConnection(error) ? { ...failed, staleConnection: true } : failed)
  } finally {
    deadline.clear()
  }
}

function fail(why: Reason, transient = false): Attempt & { ok: false } {
  return { ok: false, ...why, transient }
}

const TOO_LARGE = err(reason('too-large', 'body larger than 1 MiB'))

/**
 * The body as text, decoded per Content-Encoding when `decode`; or why there is none: over the
 * limit (announced, sent, or once decoded), an unknown coding, a corrupt one.
 */
async function readBody(
  res: GetResponse,
  decode: boolean,
  deadline: Deadline
): Promise<Result<string, Reason>> {
  if (Number(res.headers['content-length']) > MAX_BODY_BYTES) {
    res.drop()
    return TOO_LARGE
  }
  const coded = decode ? codingsOf(res.headers['content-encoding']) : ok([])
  if (!coded.ok) {
    res.drop()
    return coded
  }
  if (res.stream) return readDecoded(res.stream, coded.value, MAX_BODY_BYTES, deadline.signal)
  const raw = await res.body()
  return raw === undefined ? TOO_LARGE : ok(raw.toString('utf8'))
}

/** A successful answer in a coding we decode (an unknown one is refused from the headers). */
function isCodedAnswer(status: number, headers: IncomingHttpHeaders): boolean {
  if (status < 200 || status > 299) return false
  const coded = codingsOf(headers['content-encoding'])
  return coded.ok && coded.value.length > 0
}

interface RequestOf {
  origin: string
  /** path and query */
  path: string
  headers: Record<string, string>
}

/** Each target's request as undici's dispatch takes it, made once (its attempts share it). */
const requests = new WeakMap<Target, RequestOf>()
/** The request headers of each target's headers: targets of one entry share them. */
const requestHeaders = new WeakMap<Record<string, string>, Record<string, string>>()

function requestOf(target: Target): RequestOf {
  let r = requests.get(target)
  if (!r) {
    const u = new URL(target.url)
    let headers = requestHeaders.get(target.headers)
    if (!headers) {
      headers = Object.assign({}, BASE_HEADERS, target.headers)
      requestHeaders.set(target.headers, headers)
    }
    r = { origin: u.origin, path: `${u.pathname}${u.search}`, headers }
    requests.set(target, r)
  }
  return r
}

const MAX_RETRY_AFTER_MS = 30_000

/** Retry-After in seconds or as an HTTP date, capped so one server cannot stall the run. */
export function retryAfter(
  value: string | string[] | undefined,
  now = Date.now()
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value
  if (!v) return undefined
  const t = v.trim()
  // Seconds, or an HTTP date (which has letters: Date.parse would take "-1" as a year).
  const ms = /^\d+$/.test(t) ? Number(t) * 1000 : /[a-z]/i.test(t) ? Date.parse(t) - now : NaN
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined
}

/** Network errors that may pass: retried. */
const NETWORK_ERRORS: Record<string, Reason> = {
  ECONNREFUSED: reason('refused', 'connection refused'),
  ECONNRESET: reason('reset', 'connection reset'),
  EPIPE: reason('reset', 'connection reset'),
  UND_ERR_SOCKET: reason('reset', 'connection closed by the server'),
  UND_ERR_CLOSED: reason('reset', 'connection closed by the server'),
  EHOSTUNREACH: reason('unreachable', 'host unreachable'),
  ENETUNREACH: reason('unreachable', 'network unreachable'),
  EADDRNOTAVAIL: reason('unreachable', 'address not available'),
  UND_ERR_CONNECT_TIMEOUT: reason('timeout', 'connect timed out'),
  UND_ERR_HEADERS_TIMEOUT: reason('timeout', 'timed out waiting for headers'),
  UND_ERR_BODY_TIMEOUT: reason('timeout', 'timed out reading the body'),
  EAI_AGAIN: reason('dns', 'DNS lookup failed (temporary)')
}

/** A thrown error as a reason a user can act on. TLS problems are not retried: they persist. */
export function describeError(error: unknown): Attempt & { ok: false } {
  let depth = 0
  for (
    let e = error as
      { code?: string; message?: string; hostname?: string; cause?: unknown } | undefined;
    e && depth < 8; // a cause chain can loop
    e = e.cause as typeof e, depth++
  ) {
    const code = e.code ?? ''
    // The same answer would be as large next time: not transient.
    if (code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'HPE_HEADER_OVERFLOW')
      return fail(
        reason(
          'headers-too-large',
          `response headers too large (over ${Math.round(maxHeaderSize / 1024)} KiB)`
        )
      )
    if (code === 'ENOTFOUND')
      return fail(reason('dns', `host not found${e.hostname ? `: ${e.hostname}` : ''}`), true)
    // A lookup through `dns-servers` (discover/dns.ts): the resolver's own reason.
    if (code === 'FLEET_CHECK_DNS')
      return fail(reason('dns', e.message ?? 'DNS lookup failed'), true)
    if (Object.hasOwn(NETWORK_ERRORS, code)) return fail(NETWORK_ERRORS[code], true)
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
      // Node suggests --use-system-ca, which an Actions user cannot pass; ca-file is the way.
      const message = (e.message ?? code).replace(/;\s*if the root CA is installed locally.*$/s, '')
      return fail(reason('tls', `TLS error: ${message} (${code})`))
    }
    if (code.startsWith('HPE_'))
      return fail(reason('invalid-response', `invalid HTTP response (${code})`))
  }
  const message = (error as Error)?.message ?? String(error)
  return fail(reason('request-failed', `request failed: ${message}`), true)
}
