// Real servers on loopback for fleet tests: no mocked fetch anywhere.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

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
