// Secrets and server text on the command line. A --header value and a ${VAR} value of the fleet
// file, echoed back by servers in a build, an error body or a URL, never reach stdout, stderr,
// the --report file or the --junit file, in text or JSON, quiet or verbose. The terminal keeps
// them itself (no ::add-mask::, which would print them). And what a server sends is escaped:
// no ESC or BEL from a build, an error body or a response header reaches the terminal raw.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import path from 'node:path'
import type { Report } from '../../src/report/report-json.js'
import { OLD, pathOf, SHA } from '../helpers/outcome.js'
import {
  json,
  startRawServer,
  startServer,
  text,
  type RawServer,
  type TestServer
} from '../helpers/servers.js'
import {
  ESCAPES,
  readText,
  runCli,
  withoutStyles,
  tempDir,
  withFiles,
  type CliRun
} from './run-cli.js'

/** --header Authorization: Bearer TOKEN */
const TOKEN = 's3cr3t-cli-7d1e9a4b2c'
/** --header X-Hex: a 40-hex token, so that an echo of it is a commit and its short form shows */
const HEX = 'c0ffee5badd1e0f2a3b4c5d6e7f8091a2b3c4d5e'
/** ${FLEET_KEY} in a header of the fleet file */
const KEY = 'fleet-key-4f2a8c6e0b'
/** ${URL_TOKEN} in a URL of the fleet file */
const URL_TOKEN = 'urltok-9b3d5f7a1c'
/**
 * What a hostile server sends to drive a terminal: a colour (one the command never prints, so
 * that taking the command's own colours out cannot hide it), clear screen, a window title, CSI.
 */
const EVIL = '\u001b[35mred\u001b[2J\u001b]0;pwned\u0007\u009b1m'
/** What a response header can carry of it (undici refuses ESC and BEL there). */
const C1 = 'v2\u009b2Jred\u202egpj.exe'

let server: TestServer
let raw: RawServer
let dir: string

beforeAll(async () => {
  server = await startServer((req, res) => {
    const auth = String(req.headers.authorization ?? '').replace(/^Bearer /, '')
    const key = String(req.headers['x-key'] ?? '')
    switch (pathOf(req.url).replace(/^\/url\/.*/, '/url')) {
      case '/bearer':
        return json(res, { sha: auth })
      case '/hex':
        return json(res, { sha: String(req.headers['x-hex'] ?? '') })
      case '/key':
        return json(res, { sha: key })
      case '/key-header':
        // the build in a response header: the key
        res.writeHead(200, { 'content-type': 'text/plain', 'x-build': key })
        return res.end('ok')
      case '/url': // stale, so that its line (with the URL) is printed
      case '/old':
        return json(res, { sha: OLD })
      case '/evil-build':
        return json(res, { sha: `v1${EVIL}` })
    }
    text(res, 'not found', 404)
  })
  // Node's own server will not send a control character in a header: a raw one does. undici
  // refuses ESC and BEL in a header (the target is missing), but takes UTF-8: U+009B (the
  // one-character CSI of a terminal) and U+202E (which turns the text after it around).
  raw = await startRawServer(socket => {
    socket.once('data', data => {
      const escape = data.toString('latin1').startsWith('GET /esc')
      const header = escape ? 'X-Build: v2\u001b[2J' : `X-Build: ${C1}`
      socket.end(
        Buffer.from(
          `HTTP/1.1 200 OK\r\n${header}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok`,
          'utf8'
        )
      )
    })
  })
  dir = await tempDir()
  await withFiles(dir, {
    'secrets.yml': `- name: bearer
  url: "${server.origin}/bearer"
- name: hex
  url: "${server.origin}/hex"
- name: key
  url: "${server.origin}/key"
  headers: { X-Key: "\${FLEET_KEY}" }
- name: key-header
  url: "${server.origin}/key-header"
  header: X-Build
  headers: { X-Key: "\${FLEET_KEY}" }
- name: url
  url: "${server.origin}/url/\${URL_TOKEN}"
- name: old
  url: "${server.origin}/old"
`,
    'evil.yml': `- name: evil-build
  url: "${server.origin}/evil-build"
- name: evil-header
  url: "${raw.origin}/c1"
  header: X-Build
- name: esc-header
  url: "${raw.origin}/esc"
  header: X-Build
`
  })
})
afterAll(async () => {
  await server.close()
  await raw.close()
})

const ENV = { FLEET_KEY: KEY, URL_TOKEN }
const HEADERS = ['--header', `Authorization: Bearer ${TOKEN}`, '--header', `X-Hex: ${HEX}`]

interface Left {
  run: CliRun
  report: string
  junit: string
}

async function check(file: string, argv: string[]): Promise<Left> {
  const out = await tempDir()
  const report = path.join(out, 'report.json')
  const junit = path.join(out, 'junit.xml')
  const run = await runCli(
    [file, '--expected', SHA, '--retries', '0', '--report', report, '--junit', junit, ...argv],
    { cwd: dir, env: ENV }
  )
  return { run, report: await readText(report), junit: await readText(junit) }
}

function places(left: Left): [string, string][] {
  return [
    ['stdout', left.run.stdout],
    ['stderr', left.run.stderr],
    ['--report', left.report],
    ['--junit', left.junit]
  ]
}

describe('secrets echoed back by servers', () => {
  test.each([
    ['text', []],
    ['text --verbose', ['--verbose']],
    ['text --quiet', ['--quiet']],
    ['json', ['--format', 'json']],
    ['json --verbose', ['--format', 'json', '--verbose']]
  ])('%s: in no output and no file', async (_name, argv) => {
    const left = await check('secrets.yml', [...HEADERS, ...argv])
    expect(left.run.code).toBe(1)
    // every target was asked and reported: the secrets had somewhere to leak
    const report = JSON.parse(left.report) as Report
    expect(report.targets.map(t => t.name)).toEqual([
      'bearer',
      'hex',
      'key',
      'key-header',
      'url',
      'old'
    ])
    expect(report.targets.map(t => t.reported)).toEqual(['***', '***', '***', '***', OLD, OLD])
    expect(report.targets.find(t => t.name === 'hex')?.status).toBe('stale')
    expect(report.targets.find(t => t.name === 'url')?.url).toMatch(/\/url\/\*\*\*$/)
    expect(left.junit).toContain('name="key-header"')
    for (const [where, text] of places(left)) {
      for (const secret of [TOKEN, HEX, HEX.slice(0, 7), KEY, URL_TOKEN]) {
        expect({ where, leaks: text.includes(secret) }).toEqual({ where, leaks: false })
      }
      // the terminal keeps the secrets itself: no workflow command to mask them
      expect(text).not.toContain('::add-mask::')
    }
    if (!argv.includes('--quiet') || argv.includes('json')) {
      // the echoes are shown, redacted
      const shown = argv.includes('json') ? left.run.stdout : left.run.stdout + left.run.stderr
      expect(shown).toContain('***')
    }
  })

  test('a --header line that is no header is refused (2) without quoting it', async () => {
    // the line may hold a secret (a colon forgotten): the message names the option and line only
    const r = await runCli(
      [
        'secrets.yml',
        '--expected',
        SHA,
        '--header',
        `Authorization: Bearer ${TOKEN}`,
        '--header',
        `bad ${TOKEN}`
      ],
      { cwd: dir, env: ENV }
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/option --header/)
    expect(r.stdout + r.stderr).not.toContain(TOKEN)
  })
})

describe('terminal escapes from servers', () => {
  test.each([
    ['text', []],
    ['text --verbose', ['--verbose']],
    ['text on a colour terminal', ['--verbose']],
    ['json', ['--format', 'json']]
  ])('%s: no ESC or BEL reaches the terminal raw', async (name, argv) => {
    const r = await runCli(['evil.yml', '--expected', SHA, '--retries', '0', ...argv], {
      cwd: dir,
      ...(name.includes('colour') ? { isTTY: true, env: { TERM: 'xterm' } } : {})
    })
    expect(r.code).toBe(1)
    // the command's own colours aside
    const stdout = withoutStyles(r.stdout)
    expect(stdout).not.toMatch(ESCAPES)
    expect(r.stderr).not.toMatch(ESCAPES)
    // nor a bidi override, which would turn the text after it around
    expect(r.stdout + r.stderr).not.toContain('\u202e')
    if (argv.includes('json')) {
      // JSON keeps the build as sent, every invisible character written as a \u escape
      expect(r.stdout).toContain('v2\\u009b2Jred\\u202egpj.exe')
      const report = JSON.parse(r.stdout) as Report
      expect(report.targets.find(t => t.name === 'evil-build')?.reported).toBe(`v1${EVIL}`)
      expect(report.targets.find(t => t.name === 'evil-header')?.reported).toBe(C1)
    } else {
      // written out where it was, visible: nothing dropped, nothing raw
      expect(stdout).toContain('v1\\u001b[35mred\\u001b[2J\\u001b]0;pwned\\u0007\\u009b1m')
      expect(stdout).toContain('v2\\u009b2Jred\\u202egpj.exe')
      expect(stdout).toMatch(/^missing\s+esc-header\s+-\s+invalid HTTP response/m)
    }
  })
})
