// Issue 8, "Green must never lie", the HTTP side, through the whole action (in process, real
// loopback servers): another host's answer is no report of this server (unless
// `redirects: any`), and the report says where an answer came from; compressed answers are
// read, a decompression bomb is not; an interim 100 Continue does not hide the real answer;
// oversized response headers are missing at once, not retried.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { runAction, type Run } from '../helpers/run-action.js'
import { expectBadInput, names, report, SHA, type TargetReport } from '../helpers/outcome.js'
import {
  json,
  startRawServer,
  startServer,
  type RawServer,
  type TestServer
} from '../helpers/servers.js'

const OTHER = '5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d'
const BODY = JSON.stringify({ sha: SHA })

/** 64 MiB of valid JSON reporting SHA, gzipped to well under 1 MiB. */
function gzipBomb(): Buffer {
  const pad = Buffer.alloc(64 * 1024 * 1024, 'x')
  return zlib.gzipSync(
    Buffer.concat([Buffer.from(`{"sha":"${SHA}","pad":"`), pad, Buffer.from('"}')])
  )
}

let here: TestServer
let other: { origin: string; port: number; close(): Promise<void> }
let raw: RawServer
let bomb: Buffer

beforeAll(async () => {
  bomb = gzipBomb()
  // Another host: 127.0.0.2 is loopback too, but not the host the targets name. It answers
  // with a build of its own, as the canonical name behind a load balancer would.
  const server = http.createServer((_req, res) => json(res, { sha: OTHER }))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.2', resolve))
  const port = (server.address() as AddressInfo).port
  other = {
    origin: `http://127.0.0.2:${port}`,
    port,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  here = await startServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://x').pathname
    const send = (coding: string, body: Buffer) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding })
      res.end(body)
    }
    switch (route) {
      case '/to-other':
        res.writeHead(302, { location: `${other.origin}/version` })
        return res.end()
      case '/to-port':
        // the same host on another port: followed
        res.writeHead(301, { location: `http://127.0.0.1:${here.port}/moved/version?x=1` })
        return res.end()
      case '/gzip':
        return send('gzip', zlib.gzipSync(BODY))
      case '/br':
        return send('br', zlib.brotliCompressSync(BODY))
      case '/bomb':
        return send('gzip', bomb)
      case '/corrupt':
        return send('gzip', Buffer.from(BODY))
      case '/continue':
        res.writeContinue()
        return json(res, { sha: SHA })
      default:
        return json(res, { sha: SHA })
    }
  })
  // Headers over undici's 16 KiB limit, from a server that would send the same every time.
  raw = await startRawServer(socket =>
    socket.once('data', () =>
      socket.end(
        `HTTP/1.1 200 OK\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`
      )
    )
  )
})

afterAll(async () => {
  await here.close()
  await other.close()
  await raw.close()
})

function fleetYaml(extraDefaults = ''): string {
  const t = (name: string, url: string, extra = '') =>
    `  - name: ${name}\n    url: "${url}"${extra ? `\n    ${extra}` : ''}`
  return [
    ...(extraDefaults ? ['defaults:', `  ${extraDefaults}`] : []),
    'targets:',
    t('other-host', `${here.origin}/to-other`),
    t('other-host-any', `${here.origin}/to-other`, 'redirects: any'),
    t('same-host-port', `${here.origin}/to-port`),
    t('plain', `${here.origin}/version`),
    t('gzip', `${here.origin}/gzip`),
    t('br', `${here.origin}/br`),
    t('bomb', `${here.origin}/bomb`),
    t('corrupt', `${here.origin}/corrupt`),
    t('continue', `${here.origin}/continue`),
    t('huge-headers', `${raw.origin}/version`)
  ].join('\n')
}

describe('one fleet, every case, with retries: 2', () => {
  let run: Run
  let byName: Record<string, TargetReport & { finalUrl?: string }>
  let fromFile: typeof byName
  beforeAll(async () => {
    run = await runAction({
      inputs: { targets: fleetYaml(), retries: '2', 'report-path': 'report.json' },
      readFiles: ['report.json']
    })
    byName = Object.fromEntries(report(run).targets.map(t => [t.name, t]))
    const file = JSON.parse(run.files['report.json']) as { targets: TargetReport[] }
    fromFile = Object.fromEntries(file.targets.map(t => [t.name, t]))
  })

  test('the run fails: some targets are missing', () => {
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(names(run, 'missing').sort()).toEqual(
      ['bomb', 'corrupt', 'huge-headers', 'other-host'].sort()
    )
    expect(names(run, 'current').sort()).toEqual(
      ['br', 'continue', 'gzip', 'plain', 'same-host-port'].sort()
    )
    // The other host's build is another build: with redirects: any it is read, and stale.
    expect(names(run, 'stale')).toEqual(['other-host-any'])
  })

  test('a redirect to another host: missing, why, and where it led; not retried', () => {
    expect(byName['other-host']).toMatchObject({
      status: 'missing',
      reported: null,
      reason: `redirected to 127.0.0.2:${other.port}: its answer does not show what this server runs`,
      finalUrl: `${other.origin}/version`,
      attempts: 1
    })
    expect(fromFile['other-host'].finalUrl).toBe(`${other.origin}/version`)
  })

  test('redirects: any reads the other host, and the report says it answered', () => {
    expect(byName['other-host-any']).toMatchObject({
      status: 'stale',
      reported: OTHER,
      finalUrl: `${other.origin}/version`
    })
  })

  test('the same host on another port: current, with the final URL (no query)', () => {
    expect(byName['same-host-port']).toMatchObject({
      status: 'current',
      finalUrl: `${here.origin}/moved/version`
    })
  })

  test('no redirect: no finalUrl in the report', () => {
    for (const name of ['plain', 'gzip', 'br', 'bomb', 'corrupt', 'continue', 'huge-headers'])
      expect({ name, finalUrl: 'finalUrl' in byName[name] }).toEqual({ name, finalUrl: false })
  })

  test('gzip and br answers are read', () => {
    expect(byName.gzip).toMatchObject({ status: 'current', reported: SHA, attempts: 1 })
    expect(byName.br).toMatchObject({ status: 'current', reported: SHA, attempts: 1 })
  })

  test('a decompression bomb is missing, although it would decode to the right build', () => {
    expect(byName.bomb).toMatchObject({
      status: 'missing',
      reason: 'body larger than 1 MiB (decoded)',
      attempts: 1
    })
  })

  test('a corrupt gzip body is missing with the decoder’s reason, not retried', () => {
    expect(byName.corrupt).toMatchObject({
      status: 'missing',
      reason: 'could not decode the gzip body: incorrect header check',
      attempts: 1
    })
  })

  test('a 100 Continue before the answer: current', () => {
    expect(byName.continue).toMatchObject({ status: 'current', reported: SHA, attempts: 1 })
  })

  test('response headers too large: missing after one attempt, although retries is 2', () => {
    expect(byName['huge-headers']).toMatchObject({
      status: 'missing',
      reason: 'response headers too large (over 16 KiB)',
      attempts: 1
    })
    expect(raw.connections).toBe(1)
  })
})

describe('the redirects key', () => {
  test('redirects: any in defaults follows to the other host for every target', async () => {
    const run = await runAction({
      inputs: {
        targets: `defaults:\n  redirects: any\ntargets:\n  - name: lb\n    url: "${here.origin}/to-other"`,
        expected: OTHER
      }
    })
    expect(run.code).toBe(0)
    const t = report(run).targets[0] as TargetReport & { finalUrl?: string }
    expect(t).toMatchObject({ status: 'current', finalUrl: `${other.origin}/version` })
  })

  test('a bad value is bad input, quoted, with what is expected', async () => {
    const run = await runAction({
      inputs: { targets: `- url: "${here.origin}/version"\n  redirects: elsewhere` }
    })
    expectBadInput(
      run,
      'input `targets`, line 2: targets[0].redirects: "elsewhere" is not valid; expected "same-host"'
    )
  })
})
