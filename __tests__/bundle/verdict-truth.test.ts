// Issue 8 through the committed bundle, as a runner runs it: one fleet of adversarial servers
// (lookalike builds, another host's answer, a version that is no commit, a reflected token,
// compressed and interim answers, oversized headers, invisible characters, workflow commands in a
// build, 151 reuses of one YAML anchor), and a YAML bomb. The null-commit consensus is in
// action.test.ts's consensus run. The in-process suites test each case in detail; this proves the
// shipped dist/ has the fixes.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import http from 'node:http'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { commands, expectOnlyOwnCommands } from '../helpers/outcome.js'
import { runBundle, type Run } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const TOKEN = 'tok-7c1d9e2a4b'
// A server's attempt to write workflow commands, and to set an output, through its build.
const INJECTION = '::error::pwned\n::add-mask::x\n##[error]x\n::set-output name=result::pass'

let here: TestServer
let other: { origin: string; close(): Promise<void> }
beforeAll(async () => {
  // Another host: 127.0.0.2 is loopback too, but not the host the target names.
  const otherServer = http.createServer((_, res) => json(res, { sha: SHA }))
  await new Promise<void>(resolve => otherServer.listen(0, '127.0.0.2', resolve))
  const port = (otherServer.address() as { port: number }).port
  other = {
    origin: `http://127.0.0.2:${port}`,
    close: () =>
      new Promise(resolve => {
        otherServer.closeAllConnections()
        otherServer.close(() => resolve())
      })
  }
  here = await startServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://x').pathname
    const body = JSON.stringify({ sha: SHA })
    switch (route) {
      case '/lookalike-48':
        return json(res, { sha: `${SHA}deadbeef` })
      case '/lookalike-64':
        return json(res, { sha: `${SHA}${'ab'.repeat(12)}` })
      case '/decimal':
        return json(res, { sha: '20240611' })
      case '/redirect':
        res.writeHead(302, { location: `${other.origin}/version` })
        return res.end()
      case '/not-a-commit':
        return json(res, { sha: '2.42.0+ds-5+deb12u1' })
      case '/gzip':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        return res.end(gzipSync(body))
      case '/br':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' })
        return res.end(brotliCompressSync(body))
      case '/echo':
        // Reflects the bearer token alone, not the whole header value.
        return json(res, { sha: String(req.headers.authorization).replace(/^Bearer /, '') })
      case '/continue':
        res.writeContinue()
        return json(res, { sha: SHA })
      case '/overflow':
        res.writeHead(200, { 'content-type': 'application/json', 'x-padding': 'p'.repeat(70_000) })
        return res.end(body)
      case '/bidi':
        return json(res, { sha: `${SHA.slice(0, 7)}\u202e\u200f\u061cgnp.exe` })
      case '/hostile':
        return json(res, { sha: INJECTION })
      case '/old':
        return json(res, { sha: OLD })
      default:
        return json(res, { sha: SHA })
    }
  })
})
afterAll(async () => {
  await here.close()
  await other.close()
})

function fleetFile(): string {
  const routes = [
    ['lookalike-48', '/lookalike-48'],
    ['lookalike-64', '/lookalike-64'],
    ['other-host', '/redirect'],
    ['not-a-commit', '/not-a-commit'],
    ['gzip', '/gzip'],
    ['brotli', '/br'],
    ['echo', '/echo'],
    ['continue', '/continue'],
    ['overflow', '/overflow'],
    ['bidi', '/bidi'],
    ['hostile', '/hostile'],
    ['old-1', '/old'],
    ['old-2', '/old'],
    ['old-3', '/old']
  ]
  const lines = ['targets:']
  lines.push(`  - name: decimal`, `    url: ${here.origin}/decimal`, `    expected: "2024061"`)
  for (const [name, route] of routes)
    lines.push(`  - name: ${name}`, `    url: ${here.origin}${route}`)
  // The echo target defines the anchor and sends the token; 151 ordinary reuses follow (YAML's
  // default cap is 100).
  const echo = lines.indexOf(`    url: ${here.origin}/echo`)
  lines.splice(echo + 1, 0, `    headers: &auth {Authorization: "Bearer \${FLEET_TOKEN}"}`)
  for (let i = 0; i <= 150; i++) {
    lines.push(`  - name: ok-${i}`, `    url: ${here.origin}/ok`, `    headers: *auth`)
  }
  return lines.join('\n')
}

function report(run: Run) {
  if (run.outputs.report === undefined)
    throw new Error(`no report output:\n${run.stdout}\n${run.stderr}`)
  return JSON.parse(run.outputs.report) as {
    result: string
    targets: {
      name: string
      status: string
      reported: string | null
      reason: string | null
      attempts: number
      finalUrl?: string
    }[]
  }
}

test('the adversarial fleet: no lookalike, other host, or reflected secret makes it green', async () => {
  const run = await runBundle({
    inputs: { 'targets-file': 'fleet.yml', expected: SHA, 'report-path': 'report.json' },
    env: { FLEET_TOKEN: TOKEN, RUNNER_DEBUG: '1' },
    files: { 'fleet.yml': fleetFile() },
    readFiles: ['report.json']
  })
  const r = report(run)
  const byName = new Map(r.targets.map(t => [t.name, t]))
  const status = (name: string) => byName.get(name)?.status
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })

  // Lookalikes are not the build.
  expect(status('lookalike-48')).toBe('stale')
  expect(status('lookalike-64')).toBe('stale')
  expect(status('decimal')).toBe('stale')
  // Another host's answer does not speak for this server; the report says where it went.
  const redirected = byName.get('other-host')
  expect(redirected?.status).toBe('missing')
  expect(redirected?.reason).toMatch(/^redirected to 127\.0\.0\.2:\d+: /)
  expect(redirected?.finalUrl).toBe(`${other.origin}/version`)
  // A version string is not a commit: missing, not stale.
  expect(status('not-a-commit')).toBe('missing')
  expect(byName.get('not-a-commit')?.reason).toMatch(/which is not a commit hash/)
  // Compressed and interim answers are read.
  expect(status('gzip')).toBe('current')
  expect(status('brotli')).toBe('current')
  expect(status('continue')).toBe('current')
  // Oversized headers are not transient: no retries.
  expect(byName.get('overflow')).toMatchObject({ status: 'missing', attempts: 1 })
  // 151 targets share one anchor.
  for (let i = 0; i <= 150; i++) expect(status(`ok-${i}`)).toBe('current')

  // The reflected token is nowhere but the runner's own mask command.
  const log = run.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  for (const text of [
    log,
    run.stderr,
    run.summary,
    run.files['report.json'],
    ...Object.values(run.outputs)
  ])
    expect(text).not.toContain(TOKEN)
  // The token is no commit: missing, and its reason (which quotes it) is redacted too.
  expect(status('echo')).toBe('missing')

  // Invisible characters from servers reach neither the log nor the summary.
  for (const text of [run.stdout, run.summary]) expect(text).not.toMatch(/[\u202e\u200f\u061c]/)

  // A build that holds workflow commands cannot issue one, nor set an output (GITHUB_OUTPUT is
  // framed by its delimiter); with RUNNER_DEBUG too.
  expect(byName.get('hostile')?.reported).toContain('::error::pwned')
  const masks = commands(run.stdout, 'add-mask').map(c => c.message)
  expect(masks.some(m => m.includes('pwned') || m === 'x')).toBe(false)
  expectOnlyOwnCommands(log)
  expectOnlyOwnCommands(run.stderr)
  expect(JSON.parse(run.outputs.report)).toEqual(JSON.parse(run.files['report.json']))

  // 12 failing targets, 10 annotations at most, the headline among them.
  const errors = run.stdout.split('\n').filter(l => l.startsWith('::error'))
  expect(errors.length).toBeLessThanOrEqual(10)
  expect(errors.some(l => /::12 of 166 targets not on /.test(l))).toBe(true)
})

test('a YAML expansion bomb is bad input, quickly, without a stack trace', async () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'targets: [*f]'
  ].join('\n')
  const run = await runBundle({
    inputs: { 'targets-file': 'bomb.yml', expected: SHA },
    files: { 'bomb.yml': bomb },
    timeoutMs: 20_000
  })
  // Bad input: exit 1, `result` fail and nothing else, an annotation at the file and line.
  expect({ code: run.code, outputs: run.outputs }).toEqual({ code: 1, outputs: { result: 'fail' } })
  const annotations = commands(run.stdout, 'error')
  expect(annotations).toHaveLength(1)
  expect(annotations[0].properties).toMatchObject({
    file: 'bomb.yml',
    line: expect.stringMatching(/^\d+$/)
  })
  expect(annotations[0].message).toMatch(
    /^targets-file `bomb\.yml`, line \d+: .*expands to too much/
  )
  expect(run.summary).toContain('## fleet-check: ❌ bad input')
  expect(run.stdout + run.stderr).not.toMatch(/ReferenceError|Maximum call stack|\n\s+at /)
})
