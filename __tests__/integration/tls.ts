// An HTTPS server on 127.0.0.1 with a self-signed certificate made by the openssl CLI.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listen, type Handler } from '../helpers/servers.js'

export interface SelfSigned {
  key: string
  cert: string
}

/** A fresh key and self-signed certificate for CN=localhost, IP 127.0.0.1. */
export function selfSigned(): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-check-tls-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'k.pem',
        '-out',
        'c.pem',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost'
      ],
      { cwd: dir, stdio: 'pipe' }
    )
    return {
      key: readFileSync(join(dir, 'k.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'c.pem'), 'utf8')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface TlsServer {
  /** https://127.0.0.1:port */
  origin: string
  port: number
  /** HTTP requests that got past the TLS handshake */
  requests: { url: string }[]
  /** TLS handshakes the server saw fail */
  tlsErrors: number
  close(): Promise<void>
}

export async function startTlsServer(pair: SelfSigned, handler: Handler): Promise<TlsServer> {
  const requests: TlsServer['requests'] = []
  const server = https.createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    requests.push({ url: req.url ?? '' })
    handler(req, res)
  })
  const state = { tlsErrors: 0 }
  server.on('tlsClientError', () => state.tlsErrors++)
  return {
    ...(await listen(server, 'https')),
    requests,
    get tlsErrors() {
      return state.tlsErrors
    }
  }
}
