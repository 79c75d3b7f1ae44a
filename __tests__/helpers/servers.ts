// Real servers on loopback for fleet tests, no mocked fetch anywhere: HTTP servers, raw TCP
// servers for faults below HTTP, and a forward proxy. (HTTPS servers are in tls.ts.)
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void

export interface TestServer {
  /** http://127.0.0.1:port */
  origin: string
  port: number
  /** every request seen, in order */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[]
  close(): Promise<void>
}

/** Listens on 127.0.0.1 at a free port; close() also ends kept-alive connections. */
export async function listen(
  server: http.Server,
  scheme: 'http' | 'https' = 'http'
): Promise<{ origin: string; port: number; close(): Promise<void> }> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** An HTTP server on 127.0.0.1 with a free port; `handler` answers every request. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  return { ...(await listen(server)), requests }
}

/** Answers JSON. */
export function json(res: http.ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Answers plain text. */
export function text(res: http.ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/plain' })
  res.end(body)
}

/**
 * A fleet on one server: GET /<name>/version answers { sha: builds[name] }; an unknown name
 * gets 404.
 */
export async function startFleet(builds: Record<string, string>): Promise<TestServer> {
  return startServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '').split('/')[1] ?? '')
    if (name in builds) json(res, { sha: builds[name] })
    else text(res, 'not found', 404)
  })
}

/** A port on loopback where nothing listens (connections are refused). */
export async function closedPort(): Promise<number> {
  const s = await startServer(() => undefined)
  await s.close()
  return s.port
}

export interface RawServer {
  origin: string
  port: number
  /** connections accepted */
  connections: number
  /**
   * how long each connection was open, in ms, once it has closed (in order of closing); a client
   * that hangs up is seen only by an `onConnection` that reads (`socket.resume()`)
   */
  held: number[]
  /** resolves once `n` connections in all have closed */
  closed(n: number): Promise<void>
  close(): Promise<void>
}

/** A TCP server on loopback that hands each connection to `onConnection`. */
export async function startRawServer(
  onConnection: (socket: net.Socket) => void,
  host = '127.0.0.1'
): Promise<RawServer> {
  const sockets = new Set<net.Socket>()
  const state = { connections: 0 }
  const held: number[] = []
  const waiting: { n: number; resolve: () => void }[] = []
  const server = net.createServer(socket => {
    const opened = performance.now()
    state.connections++
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => {
      sockets.delete(socket)
      held.push(performance.now() - opened)
      for (const w of waiting.filter(w => held.length >= w.n)) w.resolve()
    })
    onConnection(socket)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, resolve)
  })
  const port = (server.address() as AddressInfo).port
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    get connections() {
      return state.connections
    },
    held,
    closed: n =>
      held.length >= n ? Promise.resolve() : new Promise(resolve => waiting.push({ n, resolve })),
    close: () =>
      new Promise(resolve => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

export interface Proxy {
  origin: string
  /** what reached the proxy: CONNECT host:port, or the absolute URL of a forwarded request */
  seen: { method: string; target: string }[]
  close(): Promise<void>
}

/**
 * A forward proxy on loopback: CONNECT tunnels and absolute-form requests. Host names under
 * `.fleet-check.invalid` (which no resolver knows) go to 127.0.0.1, so a target by such a name
 * is reachable only through the proxy.
 */
export async function startProxy(): Promise<Proxy> {
  const seen: Proxy['seen'] = []
  const sockets = new Set<net.Socket>()
  const route = (host: string) => (host.endsWith('.fleet-check.invalid') ? '127.0.0.1' : host)
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', target: req.url ?? '' })
    let url: URL
    try {
      url = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end()
      return
    }
    const upstream = http.request(
      {
        host: route(url.hostname),
        port: url.port || 80,
        path: url.pathname + url.search,
        method: req.method,
        headers: req.headers
      },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      }
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '' })
    client.on('error', () => undefined)
    const at = (req.url ?? '').lastIndexOf(':')
    const host = (req.url ?? '').slice(0, at).replace(/^\[|\]$/g, '')
    const upstream = net.connect(Number((req.url ?? '').slice(at + 1)), route(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise(resolve => {
        for (const s of sockets) s.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
