// Shared by the fault suite: raw TCP servers, a forward proxy, certificates made by the openssl
// CLI (a CA, a leaf it signs, an expired leaf), and readers for what a run leaves behind.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net, { type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from '@jest/globals'
import type { ActionRun } from '../helpers/run-action.js'
import { listen, type Handler } from '../helpers/servers.js'

export {
  commands,
  errors,
  expectBadInput,
  OLD,
  pathOf,
  rendered,
  SHA,
  SHORT,
  summaryRows
} from '../e2e/support.js'

/** A third build, neither expected nor OLD. */
export const NEWER = '5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d'

export type Status = 'current' | 'stale' | 'mixed' | 'missing'

export interface TargetReport {
  name: string
  url: string
  status: Status
  reported: string | null
  expected: string | null
  reason: string | null
  attempts: number
  ms: number
  builds?: string[]
  cache?: Record<string, string>
}

export interface Report {
  expected: string | null
  result: 'pass' | 'fail'
  targets: TargetReport[]
}

export type Run = ActionRun & { files: Record<string, string> }

export function report(run: ActionRun): Report {
  return JSON.parse(run.outputs.report) as Report
}

/** The report of one target, by name. */
export function target(run: ActionRun, name: string): TargetReport {
  const t = report(run).targets.find(x => x.name === name)
  if (!t) throw new Error(`no target ${name} in ${run.outputs.report}\n${run.stdout}`)
  return t
}

export function names(run: ActionRun, output: Status): string[] {
  return JSON.parse(run.outputs[output]) as string[]
}

/** A failed run: exit 1, `result` fail, and the target's status and reason as given. */
export function expectVerdict(
  run: ActionRun,
  name: string,
  status: Status,
  reason: string | RegExp | null
): TargetReport {
  const t = target(run, name)
  expect({ status: t.status, code: run.code, result: run.outputs.result }).toEqual({
    status,
    code: status === 'current' ? 0 : 1,
    result: status === 'current' ? 'pass' : 'fail'
  })
  expect(names(run, status)).toContain(name)
  if (reason === null) expect(t.reason).toBeNull()
  else if (typeof reason === 'string') expect(t.reason).toBe(reason)
  else expect(t.reason).toMatch(reason)
  return t
}

/** The run ended within `ms` (from spawn to exit), and was not killed by runAction. */
export function expectWithin(run: ActionRun, ms: number): void {
  expect(run.code).not.toBeNull()
  expect({ ms: Math.round(run.ms), under: run.ms < ms }).toEqual({
    ms: Math.round(run.ms),
    under: true
  })
}

/** `round N (…s left): …` lines of the log. */
export function roundLines(log: string): string[] {
  return log.split('\n').filter(l => /^round \d+ \(/.test(l))
}

export { everywhere, expectOnlyOwnCommands } from '../e2e/support.js'

export interface RawServer {
  origin: string
  port: number
  /** connections accepted */
  connections: number
  close(): Promise<void>
}

/** A TCP server on loopback that hands each connection to `onConnection`. */
export async function startRawServer(
  onConnection: (socket: net.Socket) => void,
  host = '127.0.0.1'
): Promise<RawServer> {
  const sockets = new Set<net.Socket>()
  const state = { connections: 0 }
  const server = net.createServer(socket => {
    state.connections++
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
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

export interface Certificates {
  /** the CA's certificate (PEM): what ca-file points at */
  ca: string
  /** a leaf the CA signed, valid now, for 127.0.0.1, localhost and *.fleet-check.invalid */
  valid: { key: string; cert: string }
  /** a leaf the CA signed, valid only on 1 January 2020 */
  expired: { key: string; cert: string }
}

/** A CA and two leaves it signs, made with the openssl CLI (`openssl ca` sets the dates). */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-check-ca-'))
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  try {
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=fleet-check test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    )
    writeFileSync(
      join(dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca = test',
        '[test]',
        'dir = .',
        'database = index.txt',
        'new_certs_dir = .',
        'certificate = ca.pem',
        'private_key = ca.key',
        'serial = serial',
        'default_md = sha256',
        'default_days = 2',
        'policy = any',
        'unique_subject = no',
        'x509_extensions = leaf',
        '[any]',
        'commonName = supplied',
        '[leaf]',
        'basicConstraints = CA:FALSE',
        'subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:*.fleet-check.invalid',
        ''
      ].join('\n')
    )
    writeFileSync(join(dir, 'index.txt'), '')
    writeFileSync(join(dir, 'serial'), '01\n')
    const leaf = (name: string, dates: string[]) => {
      run(
        'req',
        '-new',
        ...ec,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        '/CN=localhost'
      )
      run(
        'ca',
        '-batch',
        '-notext',
        '-config',
        'ca.cnf',
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.pem`,
        ...dates
      )
      return {
        key: readFileSync(join(dir, `${name}.key`), 'utf8'),
        cert: readFileSync(join(dir, `${name}.pem`), 'utf8')
      }
    }
    return {
      ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      valid: leaf('valid', []),
      expired: leaf('expired', ['-startdate', '200101000000Z', '-enddate', '200102000000Z'])
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface HttpsServer {
  origin: string
  port: number
  requests: { url: string; headers: http.IncomingHttpHeaders }[]
  close(): Promise<void>
}

/** An HTTPS server on 127.0.0.1 with the given key and certificate. */
export async function startHttpsServer(
  pair: { key: string; cert: string },
  handler: Handler
): Promise<HttpsServer> {
  const requests: HttpsServer['requests'] = []
  const server = https.createServer(pair, (req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  server.on('tlsClientError', () => undefined)
  return { ...(await listen(server, 'https')), requests }
}

/** A fleet document for the `targets` input: [name, url, extra YAML keys]. */
export function fleet(entries: [string, string, string?][]): string {
  return entries
    .map(([name, url, extra]) => `- name: ${name}\n  url: "${url}"${extra ? `\n  ${extra}` : ''}`)
    .join('\n')
}
