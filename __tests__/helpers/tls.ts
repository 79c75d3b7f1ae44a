// TLS on loopback: certificates made by the openssl CLI (a self-signed one; a CA with a leaf it
// signs and an expired leaf), and HTTPS servers that use them.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listen, type Handler } from './servers.js'

export interface KeyPair {
  key: string
  cert: string
}

/** A fresh key and self-signed certificate for CN=localhost, IP 127.0.0.1. */
export function selfSigned(): KeyPair {
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

export interface Certificates {
  /** the CA's certificate (PEM): what ca-file points at */
  ca: string
  /** a leaf the CA signed, valid now, for 127.0.0.1, localhost and *.fleet-check.invalid */
  valid: KeyPair
  /** a leaf the CA signed, valid only on 1 January 2020 */
  expired: KeyPair
}

/** A CA and two leaves it signs, made with the openssl CLI (`openssl ca` sets the dates). */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-check-ca-'))
  const run = openssl(dir)
  try {
    makeCa(run, 'fleet-check test CA')
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
        ...EC,
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
  /** https://127.0.0.1:port */
  origin: string
  port: number
  /** HTTP requests that got past the TLS handshake */
  requests: { url: string; headers: http.IncomingHttpHeaders }[]
  /** TLS handshakes the server saw fail */
  tlsErrors: number
  close(): Promise<void>
}

/** An HTTPS server on 127.0.0.1 with the given key and certificate. */
export async function startHttpsServer(pair: KeyPair, handler: Handler): Promise<HttpsServer> {
  const requests: HttpsServer['requests'] = []
  const server = https.createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers })
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

export interface NamedCertificates {
  /** the CA's certificate (PEM): what ca-file points at */
  ca: string
  /** a leaf the CA signed for the given DNS names only: no IP address, no localhost */
  leaf: KeyPair
}

/** A CA and a leaf it signs for `names` (DNS names only), made with the openssl CLI. */
export function certificatesFor(names: string[]): NamedCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-check-names-'))
  const run = openssl(dir)
  try {
    makeCa(run, 'fleet-check instances CA')
    run('req', '-new', ...EC, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${names[0]}`)
    writeFileSync(
      join(dir, 'leaf.cnf'),
      `basicConstraints = CA:FALSE\nsubjectAltName = ${names.map(n => `DNS:${n}`).join(',')}\n`
    )
    run(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'leaf.pem',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      'leaf.cnf'
    )
    return {
      ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      leaf: {
        key: readFileSync(join(dir, 'leaf.key'), 'utf8'),
        cert: readFileSync(join(dir, 'leaf.pem'), 'utf8')
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

type OpenSsl = (...args: string[]) => Buffer

/** The openssl CLI, run in `dir`. */
function openssl(dir: string): OpenSsl {
  return (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

/** New P-256 keys, unencrypted. */
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

/** A self-signed CA (ca.key, ca.pem) valid for two days, in the folder `run` works in. */
function makeCa(run: OpenSsl, name: string): void {
  run(
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign'
  )
}
