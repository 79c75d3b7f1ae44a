// Resolving host names: every address of each `addresses: all` name, once a round; and, with
// `dns-servers`, the lookups of every connection. The discovery module with the I/O. Without
// `dns-servers` names go to the system resolver (getaddrinfo, so /etc/hosts counts, as when
// connecting); with it, to those servers, asked for A and AAAA.
import { lookup as systemLookup, Resolver } from 'node:dns/promises'
import type { LookupAddress } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { formatDuration } from '../common/duration.js'
import { sleep } from '../common/sleep.js'
import { mapLimit } from '../common/pool.js'
import { err, ok, type Result } from '../common/result.js'
import type { Target } from '../fleet/target.js'
import { backoffMs } from '../probe/backoff.js'
import { reason, type Reason } from '../verdict/reason.js'
import { hostOf, type Resolution } from './fan-out.js'

export interface ResolveOptions {
  /** `dns-servers`; none: the system resolver */
  servers: readonly string[]
  /** lookups in flight at most: the `concurrency` of requests */
  concurrency: number
  /** extra attempts after a failure, with the requests' backoff */
  retries: number
}

/**
 * The addresses of every `addresses: all` target's host name, each name once (its longest
 * `timeout` bounds each attempt), keyed by hostOf. DNS records can lag behind a rollout, so a
 * failure is retried like a request.
 */
export async function resolveAll(
  targets: readonly Target[],
  options: ResolveOptions
): Promise<Map<string, Resolution>> {
  const hosts = new Map<string, number>()
  for (const t of targets) {
    if (t.addresses !== 'all') continue
    const host = hostOf(t)
    hosts.set(host, Math.max(hosts.get(host) ?? 0, t.timeoutMs))
  }
  const resolvers = new Resolvers(options.servers)
  try {
    const resolved = await mapLimit([...hosts], options.concurrency, async ([host, timeoutMs]) => {
      const start = performance.now()
      for (let attempt = 1; ; attempt++) {
        const r = await resolveHost(host, timeoutMs, resolvers.get(timeoutMs))
        if (r.ok || attempt > options.retries) {
          const ms = Math.round(performance.now() - start)
          return [host, { ...r, attempts: attempt, ms }] as const
        }
        await sleep(backoffMs(attempt, undefined))
      }
    })
    return new Map(resolved)
  } finally {
    // A query past its deadline would otherwise run on; none is pending once every name is done.
    resolvers.cancel()
  }
}

/**
 * Every address of `host` within `timeoutMs`: through `resolver` (A and AAAA), or without one
 * through the system resolver. Or why there is none.
 */
export async function resolveHost(
  host: string,
  timeoutMs: number,
  resolver?: Resolver
): Promise<Result<string[], Reason>> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<Result<string[], Reason>>(resolve => {
    timer = setTimeout(() => resolve(err(timedOut(host, timeoutMs))), timeoutMs)
  })
  try {
    const asked = resolver ? viaServers(host, resolver, timeoutMs) : viaSystem(host, timeoutMs)
    return await Promise.race([asked, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** A dns.Resolver asking `servers`, whose queries end at `timeoutMs` (one try each). */
export function makeResolver(servers: readonly string[], timeoutMs: number): Resolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 })
  resolver.setServers(servers)
  return resolver
}

/** One resolver per timeout (a Resolver's is fixed when made), for one round. */
class Resolvers {
  private readonly made = new Map<number, Resolver>()
  constructor(private readonly servers: readonly string[]) {}

  /** undefined without `dns-servers`: the system resolver */
  get(timeoutMs: number): Resolver | undefined {
    if (this.servers.length === 0) return undefined
    let r = this.made.get(timeoutMs)
    if (!r) this.made.set(timeoutMs, (r = makeResolver(this.servers, timeoutMs)))
    return r
  }

  cancel(): void {
    for (const r of this.made.values()) r.cancel()
  }
}

async function viaSystem(host: string, timeoutMs: number): Promise<Result<string[], Reason>> {
  try {
    const found = await systemLookup(host, { all: true })
    return found.length ? ok(found.map(a => a.address)) : err(noRecords(host))
  } catch (e) {
    return err(describeDnsError(host, e, timeoutMs, false))
  }
}

/**
 * A and AAAA, asked together. A name with records of one family only answers the other with
 * NODATA, which is no failure; any other error of either question fails the name, since the
 * addresses it hides could be instances.
 */
async function viaServers(
  host: string,
  resolver: Resolver,
  timeoutMs: number
): Promise<Result<string[], Reason>> {
  const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)])
  const addresses: string[] = []
  for (const a of answers) {
    if (a.status === 'fulfilled') addresses.push(...a.value)
    else if ((a.reason as NodeJS.ErrnoException)?.code !== 'ENODATA')
      return err(describeDnsError(host, a.reason, timeoutMs, true))
  }
  return addresses.length ? ok(addresses) : err(noRecords(host))
}

function noRecords(host: string): Reason {
  return reason('dns', `${host}: no A or AAAA records`)
}

function timedOut(host: string, timeoutMs: number): Reason {
  return reason('dns', `${host}: DNS lookup timed out after ${formatDuration(timeoutMs)}`)
}

/** What a resolver's error says, as a reason a user can act on. */
export function describeDnsError(
  host: string,
  error: unknown,
  timeoutMs: number,
  servers: boolean
): Reason {
  const code = (error as NodeJS.ErrnoException)?.code ?? ''
  const why: Record<string, string> = {
    // getaddrinfo says ENOTFOUND for a name that does not exist and for one without addresses.
    ENOTFOUND: servers ? 'no such host (NXDOMAIN)' : 'host not found',
    ENODATA: 'no A or AAAA records',
    ESERVFAIL: 'DNS server failure (SERVFAIL)',
    EREFUSED: 'DNS server refused the query (REFUSED)',
    ECONNREFUSED: 'connection to the DNS server refused',
    EAI_AGAIN: 'DNS lookup failed (temporary)'
  }
  if (code === 'ETIMEOUT') return timedOut(host, timeoutMs)
  return reason('dns', `${host}: ${why[code] ?? `DNS lookup failed (${code || String(error)})`}`)
}

/** The code of a connection's lookup error through `dns-servers`; its message is the reason. */
export const DNS_LOOKUP_FAILED = 'FLEET_CHECK_DNS'

/**
 * The lookup of every connection when `dns-servers` is set: the name through those servers
 * (so a plain target connects where they say). An error carries the resolver's reason (code
 * DNS_LOOKUP_FAILED), which the probe reports as it is.
 */
export function connectLookup(servers: readonly string[], timeoutMs: number): LookupFunction {
  const resolver = makeResolver(servers, timeoutMs)
  const fail = (message: string, hostname: string) =>
    Object.assign(new Error(message), { code: DNS_LOOKUP_FAILED, hostname })
  return (hostname, options, callback) => {
    void viaServers(hostname, resolver, timeoutMs).then(r => {
      if (!r.ok) return callback(fail(r.error.reason, hostname), '', 0)
      const family = { IPv4: 4, IPv6: 6 }[String(options.family)] ?? options.family
      const found: LookupAddress[] = r.value
        .map(address => ({ address, family: address.includes(':') ? 6 : 4 }))
        .filter(a => !family || a.family === family)
      if (found.length === 0)
        return callback(fail(`${hostname}: no IPv${family} address`, hostname), '', 0)
      if (options.all) callback(null, found)
      else callback(null, found[0].address, found[0].family)
    })
  }
}
