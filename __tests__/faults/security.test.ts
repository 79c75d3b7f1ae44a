// Secrets and server-supplied text on the new paths: samples on fresh connections, rounds of a
// wait, the mixed verdict and cache headers. Secrets leave the action only as ::add-mask::
// registrations; server text never becomes a workflow command.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  commands,
  everywhere,
  expectOnlyOwnCommands,
  OLD,
  pathOf,
  report,
  roundLines,
  SHA,
  target
} from './support.js'

const HEADER_SECRET = 'hdr-s4mple-3c9e1f7a'
const VAR_SECRET = 'var-r0unds-8b2d4c6e'
const PASSWORD = 'pw-m1xed-5a7c9e1b'
const BASIC = Buffer.from(`deployer:${PASSWORD}`).toString('base64')

/** Per path, how many requests it had: pools answer by turns. */
const counts = new Map<string, number>()
let server: TestServer

const HOSTILE = [
  '::error::x',
  '::add-mask::y',
  '##[error]z',
  '\n::error::pwned',
  '\r\n::warning::w',
  '<script>alert(1)</script>'
]

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = pathOf(req.url)
    const n = counts.get(path) ?? 0
    counts.set(path, n + 1)
    switch (path) {
      case '/pool':
        return json(res, { sha: n % 2 ? SHA : OLD })
      case '/old':
        res.writeHead(200, {
          'content-type': 'application/json',
          age: '120',
          'x-cache': '::error::from-cache ##[error]c'
        })
        return res.end(JSON.stringify({ sha: OLD }))
      case '/sick':
        return text(res, 'down', 503)
      case '/hostile-pool':
        return json(res, { sha: HOSTILE[n % HOSTILE.length] })
      case '/hostile':
        return json(res, { sha: '::error::stale\n##[error]again' })
      case '/hostile-header':
        res.writeHead(200, { 'x-build': '::add-mask::secret ##[error]h' })
        return res.end('ok')
    }
    text(res, 'not found', 404)
  })
})
afterAll(() => server.close())

describe('secrets, with samples 4 and wait', () => {
  const fleetFile = () => `defaults:
  samples: 4
  headers:
    X-Fleet-Token: \${FLEET_TOKEN}
targets:
  - name: pool
    url: http://deployer:${PASSWORD}@127.0.0.1:${server.port}/pool
  - name: old
    url: ${server.origin}/old
  - name: sick
    url: http://deployer:${PASSWORD}@127.0.0.1:${server.port}/sick
`

  test.each([
    ['', {}],
    ['with RUNNER_DEBUG=1', { RUNNER_DEBUG: '1' }]
  ])('never printed or reported %s', async (_, debug) => {
    const before = server.requests.length
    const run = await runAction({
      inputs: {
        'targets-file': 'fleet.yml',
        headers: `X-Api-Key: ${HEADER_SECRET}`,
        'report-path': 'report.json',
        wait: '1s',
        interval: '300ms',
        timeout: '1s',
        retries: '0'
      },
      env: { FLEET_TOKEN: VAR_SECRET, ...debug },
      files: { 'fleet.yml': fleetFile() },
      readFiles: ['report.json']
    })
    // Every new path was taken: rounds, a mixed pool, a stale answer from a cache, a missing one.
    expect(run.code).toBe(1)
    expect(report(run).targets.map(t => [t.name, t.status])).toEqual([
      ['pool', 'mixed'],
      ['old', 'stale'],
      ['sick', 'missing']
    ])
    expect(target(run, 'old').reason).toContain('served from a cache')
    expect(roundLines(run.stdout).length).toBeGreaterThanOrEqual(2)
    expect(run.files['report.json']).toContain('"mixed"')

    // The servers did get every secret, on every sample of every round.
    const seen = server.requests.slice(before)
    expect(seen.length).toBeGreaterThanOrEqual(2 * 3 * 4)
    for (const r of seen) {
      expect(r.headers['x-api-key']).toBe(HEADER_SECRET)
      expect(r.headers['x-fleet-token']).toBe(VAR_SECRET)
    }
    expect(seen.filter(r => r.headers.authorization === `Basic ${BASIC}`).length).toBeGreaterThan(0)

    const masks = commands(run.stdout, 'add-mask').map(c => c.message)
    for (const secret of [HEADER_SECRET, VAR_SECRET, PASSWORD]) expect(masks).toContain(secret)
    for (const secret of [HEADER_SECRET, VAR_SECRET, PASSWORD, BASIC]) {
      for (const [where, content] of everywhere(run)) {
        expect({ where, secret, leaks: content.includes(secret) }).toEqual({
          where,
          secret,
          leaks: false
        })
      }
    }
  })
})

describe('server-supplied text on the new paths', () => {
  test.each([
    ['', {}],
    ['with RUNNER_DEBUG=1', { RUNNER_DEBUG: '1' }]
  ])('in a mixed pool, a round line and cache headers issues no command %s', async (_, debug) => {
    const run = await runAction({
      inputs: {
        targets: [
          `- name: pool`,
          `  url: ${server.origin}/hostile-pool`,
          `  samples: ${HOSTILE.length}`,
          `- name: stale`,
          `  url: ${server.origin}/hostile`,
          `- name: header`,
          `  url: ${server.origin}/hostile-header`,
          `  header: X-Build`,
          `- name: cached`,
          `  url: ${server.origin}/old`
        ].join('\n'),
        wait: '600ms',
        interval: '300ms',
        timeout: '1s',
        retries: '0'
      },
      env: debug
    })
    expect(run.code).toBe(1)
    const pool = target(run, 'pool')
    expect(pool.status).toBe('mixed')
    expect([...(pool.builds ?? [])].sort()).toEqual(HOSTILE.map(h => h.trim()).sort())
    expect(target(run, 'stale').reported).toContain('::error::stale')
    expect(target(run, 'header').reported).toContain('::add-mask::secret')
    expect(target(run, 'cached').cache?.['x-cache']).toContain('::error::from-cache')
    // The round lines carry the server's text, neutralised.
    const rounds = roundLines(run.stdout)
    expect(rounds.length).toBeGreaterThanOrEqual(2)
    expect(rounds.join('\n')).toMatch(/stale \(.*error.*stale/)
    expect(rounds.join('\n')).toMatch(/mixed: pool \(samples disagree/)

    expectOnlyOwnCommands(run.stdout)
    expectOnlyOwnCommands(run.stderr)
    for (const line of run.stdout.split('\n')) {
      expect(line).not.toMatch(/^\s*::error::(x|pwned|stale|from-cache)/)
      expect(line).not.toMatch(/^\s*::add-mask::(y|secret)/)
    }
    // Annotations carry the text as data, one line each.
    for (const e of commands(run.stdout, 'error')) expect(e.message).not.toContain('\n')
    // And the summary escapes it.
    expect(run.summary).not.toContain('<script')
    expect(run.summary).not.toMatch(/^\s*::/m)
    expect(run.summary).not.toContain('##[')
  })
})
