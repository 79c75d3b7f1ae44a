// A fleet behind one name, on loopback: one HTTP(S) server on each of 127.0.0.1, 127.0.0.2,
// 127.0.0.3 and ::1, all on ONE port, so that a URL naming a host (which the test's DNS server
// resolves to some of these addresses) reaches whichever instance the address picks. Each
// instance answers its own build (changeable during a test) and records every request with its
// Host header and TLS server name. Certificates for host names only are made here too.
import { EventEmitter } from 'node:events'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { json } from './servers.js'
import type { KeyPair } from './tls.js'

/** The loopback addresses the instances listen on: three IPv4, one IPv6. */
export const INSTANCE_ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '::1'] as const

export interface InstanceRequest {
  /** the local address the request arrived on: which instance answered */
  address: string
  method: string
  url: string
  /** the Host header as sent */
  host: string
  headers: http.IncomingHttpHeaders
  /** HTTPS only: the server name the client asked for in its TLS hello (SNI) */
  servername?: string
}

/**
 * Answers a request itself (returns true), or leaves it to the default answer (the instance's
 * build as JSON `{sha}`).
 */
export type InstanceHandler = (
  address: string,
  req: http.IncomingMessage,
  res: http.ServerResponse
) => boolean | void

export interface Instances {
  scheme: 'http' | 'https'
  /** the one port every instance listens on */
  port: number
  addresses: string[]
  /** `scheme://host:port/path` for a host name (or a `[range]` template) */
  url(host: string, path?: string): string
  /** the build the instance at `address` answers */
  build(address: string): string
  setBuild(address: string, build: string): void
  /** answers before the default one, for every instance; undefined for none */
  handler: InstanceHandler | undefined
  /** every request, in order of arrival */
  requests: InstanceRequest[]
  /** the requests one instance saw, optionally only those for one host name */
  requestsTo(address: string, hostname?: string): InstanceRequest[]
  /** calls `listener` on every request from now on (before it is answered); returns an unsubscribe */
  onRequest(listener: (r: InstanceRequest) => void): () => void
  /** the first request, seen already or still to come, that `match` accepts */
  nextRequest(match: (r: InstanceRequest) => boolean): Promise<InstanceRequest>
  /** forgets the requests, sets every build to `build` and drops the handler */
  reset(build: string): void
  close(): Promise<void>
}

export interface InstanceOptions {
  /** one build for every instance, or a build per address (others get `fallback`) */
  builds?: string | Record<string, string>
  /** the build of instances `builds` does not name */
  fallback?: string
  /** serve HTTPS with this key and certificate */
  tls?: KeyPair
  addresses?: readonly string[]
}

/** The host name of a Host header: no port, no IPv6 brackets. */
export function hostnameOf(host: string): string {
  const m = /^\[([^\]]+)\]/.exec(host)
  if (m) return m[1]
  const colon = host.lastIndexOf(':')
  return colon < 0 ? host : host.slice(0, colon)
}

/** Servers on every address on one port (tried again on another port if one is taken). */
export async function startInstances(options: InstanceOptions = {}): Promise<Instances> {
  const addresses = [...(options.addresses ?? INSTANCE_ADDRESSES)]
  const fallback = options.fallback ?? '0'.repeat(40)
  const builds = new Map<string, string>()
  const setAll = (b: string | Record<string, string> | undefined) => {
    builds.clear()
    for (const a of addresses) builds.set(a, typeof b === 'string' ? b : (b?.[a] ?? fallback))
  }
  setAll(options.builds)
  const requests: InstanceRequest[] = []
  const events = new EventEmitter()
  events.setMaxListeners(0)
  const state: { handler: InstanceHandler | undefined } = { handler: undefined }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const address = req.socket.localAddress?.replace(/^::ffff:/, '') ?? ''
    const servername = (req.socket as TLSSocket).servername
    const r: InstanceRequest = {
      address,
      method: req.method ?? '',
      url: req.url ?? '',
      host: req.headers.host ?? '',
      headers: req.headers,
      ...(options.tls ? { servername: servername || undefined } : {})
    }
    requests.push(r)
    events.emit('request', r)
    if (state.handler?.(address, req, res)) return
    json(res, { sha: builds.get(address) ?? fallback })
  }

  const servers = await bindAll(addresses, () =>
    options.tls
      ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
      : http.createServer(listener)
  )
  const port = (servers[0].address() as AddressInfo).port
  const scheme = options.tls ? 'https' : 'http'

  return {
    scheme,
    port,
    addresses,
    url: (host, path = '/version') => `${scheme}://${host}:${port}${path}`,
    build: address => builds.get(address) ?? fallback,
    setBuild: (address, build) => builds.set(address, build),
    get handler() {
      return state.handler
    },
    set handler(h) {
      state.handler = h
    },
    requests,
    requestsTo: (address, hostname) =>
      requests.filter(
        r => r.address === address && (hostname === undefined || hostnameOf(r.host) === hostname)
      ),
    onRequest: fn => {
      events.on('request', fn)
      return () => events.off('request', fn)
    },
    nextRequest: match => {
      const seen = requests.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise(resolve => {
        const fn = (r: InstanceRequest) => {
          if (!match(r)) return
          events.off('request', fn)
          resolve(r)
        }
        events.on('request', fn)
      })
    },
    reset: build => {
      requests.length = 0
      setAll(build)
      state.handler = undefined
    },
    close: async () => {
      await Promise.all(servers.map(close))
    }
  }
}

async function bindAll(addresses: string[], create: () => http.Server): Promise<http.Server[]> {
  for (let attempt = 0; ; attempt++) {
    const servers: http.Server[] = []
    try {
      let port = 0
      for (const address of addresses) {
        const server = create()
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(port, address, () => {
            server.off('error', reject)
            resolve()
          })
        })
        servers.push(server)
        port = (server.address() as AddressInfo).port
      }
      return servers
    } catch (error) {
      await Promise.all(servers.map(close))
      // The first address's free port is taken on another: try again with a new one.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20) throw error
    }
  }
}

function close(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
