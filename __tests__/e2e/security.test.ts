// Secrets never leave the action except as ::add-mask:: registrations, and text from servers can
// neither issue workflow commands nor break the job summary: on a plain check, and on the paths
// of rollouts (samples on fresh connections, rounds of a wait, the mixed verdict, cache headers).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, type ActionRun } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  commands,
  everywhere,
  expectBadInput,
  expectOnlyOwnCommands,
  OLD,
  pathOf,
  report,
  roundLines,
  SHA,
  summaryRows,
  summaryHtml,
  INJECTED,
  target
} from '../helpers/outcome.js'

const HEADER_SECRET = 'hdr-k3y-7f3a9c1e55d0'
const VAR_SECRET = 'env-t0ken-b81d2e4a99c7'
const PASSWORD = 's3cretpass'
const BASIC = Buffer.from(`user:${PASSWORD}`).toString('base64')
const QUERY_SECRET = 'qk3y-0c4e9f1a2b'
const PATH_SECRET = 'p4th-s3cret-5d7b'

let server: TestServer
beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = pathOf(req.url)
    if (url.startsWith('/fresh/')) return json(res, { sha: SHA })
    if (url.startsWith('/old/')) return json(res, { sha: OLD })
    if (url.startsWith('/sick/')) return text(res, 'down', 503)
    if (url.startsWith(`/${PATH_SECRET}/`)) return json(res, { sha: OLD })
    text(res, 'not found', 404)
  })
})
afterAll(() => server.close())

function expectMasked(run: ActionRun & { files: Record<string, string> }, secrets: string[]) {
  const masks = commands(run.stdout, 'add-mask').map(c => c.message)
  for (const secret of secrets) {
    expect(masks).toContain(secret)
    for (const [where, content] of everywhere(run)) {
      expect({ where, leaks: content.includes(secret) }).toEqual({ where, leaks: false })
    }
  }
}

describe('secrets', () => {
  const fleetFile = () => `defaults:
  headers:
    X-Fleet-Token: \${FLEET_TOKEN}
targets:
  - name: creds
    url: http://user:${PASSWORD}@127.0.0.1:${server.port}/fresh/version
  - url: http://user:${PASSWORD}@127.0.0.1:${server.port}/old/version
  - name: query
    url: ${server.origin}/sick/version?key=\${URL_KEY}
  - name: path
    url: ${server.origin}/\${PATH_PART}/version
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
        retries: '0'
      },
      env: { FLEET_TOKEN: VAR_SECRET, URL_KEY: QUERY_SECRET, PATH_PART: PATH_SECRET, ...debug },
      files: { 'fleet.yml': fleetFile() },
      readFiles: ['report.json']
    })
    // The run got as far as every reporting path: a current, a stale and a missing target.
    expect(run.code).toBe(1)
    expect(report(run).targets.map(t => [t.name, t.status])).toEqual([
      ['creds', 'current'],
      [`127.0.0.1:${server.port}`, 'stale'],
      ['query', 'missing'],
      ['path', 'stale']
    ])
    expect(run.files['report.json']).toContain('"targets"')

    // The servers did get every secret.
    const seen = server.requests.slice(before)
    expect(seen).toHaveLength(4)
    for (const r of seen) {
      expect(r.headers['x-api-key']).toBe(HEADER_SECRET)
      expect(r.headers['x-fleet-token']).toBe(VAR_SECRET)
    }
    expect(seen.filter(r => r.headers.authorization === `Basic ${BASIC}`)).toHaveLength(2)
    const sick = seen.find(r => pathOf(r.url) === '/sick/version')
    expect(new URL(sick?.url ?? '/', server.origin).searchParams.get('key')).toBe(QUERY_SECRET)
    expect(seen.map(r => pathOf(r.url))).toContain(`/${PATH_SECRET}/version`)

    expectMasked(run, [HEADER_SECRET, VAR_SECRET, PASSWORD, QUERY_SECRET, PATH_SECRET])
    // The Authorization header made from the URL's credentials is a header value too.
    for (const [where, content] of everywhere(run)) {
      expect({ where, leaks: content.includes(BASIC) }).toEqual({ where, leaks: false })
    }
    // Reports show urls without credentials or query.
    expect(report(run).targets.map(t => t.url)).toEqual([
      `${server.origin}/fresh/version`,
      `${server.origin}/old/version`,
      `${server.origin}/sick/version`,
      `${server.origin}/***/version`
    ])
  })

  test('a bad fleet never echoes credentials or header values', async () => {
    const run = await runAction({
      inputs: {
        targets: [
          `- url: ftp://user:${PASSWORD}@127.0.0.1/version`,
          `- url: http://user:${PASSWORD}@127.0.0.1:${server.port}/r-[1-3]/version`,
          `- url: "http://user:${PASSWORD}@exa mple.com/"`,
          `- url: http://user:${PASSWORD}@127.0.0.1:${server.port}/x/version`,
          `- url: http://user:${PASSWORD}@127.0.0.1:${server.port}/y/version`
        ].join('\n'),
        headers: `X-Api-Key: ${HEADER_SECRET}`
      }
    })
    expectBadInput(
      run,
      'targets[0].url: "ftp://***@127.0.0.1/version" is not http(s)',
      'targets[1].url: malformed range "[1-3]"',
      'targets[2].url: "http://***@exa mple.com/" is not a URL',
      `targets[4].url: duplicate target name "127.0.0.1:${server.port}"`
    )
    for (const [where, content] of everywhere({ ...run, files: {} })) {
      for (const secret of [PASSWORD, HEADER_SECRET, BASIC]) {
        expect({ where, secret, leaks: content.includes(secret) }).toEqual({
          where,
          secret,
          leaks: false
        })
      }
    }
  })

  test('a headers line with a misplaced colon never echoes its text', async () => {
    const run = await runAction({
      inputs: {
        targets: `- ${server.origin}/fresh/version`,
        headers: `Authorization Bearer ${VAR_SECRET}: x`
      }
    })
    expectBadInput(run, 'input `headers`, line 1: ')
    for (const [where, content] of everywhere({ ...run, files: {} })) {
      expect({ where, leaks: content.includes(VAR_SECRET) }).toEqual({ where, leaks: false })
    }
  })
})

describe('server-supplied text', () => {
  const INJECTION =
    '::error::pwned\n::add-mask::x\n##[error]x\n  ::warning::w\r\n%0A::error::pwned2'
  const HTML = '<script>alert(1)</script>|[x](http://evil)|'

  let hostile: TestServer
  beforeAll(async () => {
    hostile = await startServer((req, res) => {
      switch (pathOf(req.url)) {
        case '/json':
          return json(res, { sha: INJECTION })
        case '/regex':
          return text(res, `build=${INJECTION}`)
        case '/header':
          res.writeHead(200, {
            'x-build': '::error::pwned ##[error]x ::add-mask::x',
            'content-type': 'text/plain'
          })
          return res.end('ok')
        case '/token':
          return text(res, '::error::pwned')
        case '/html':
          return json(res, { sha: HTML })
        case '/ok':
          return json(res, { sha: SHA })
      }
      text(res, 'not found', 404)
    })
  })
  afterAll(() => hostile.close())

  test.each([
    ['json', '/json', ''],
    ['regex', '/regex', "\n  regex: 'build=([\\s\\S]*)$'"],
    ['header', '/header', '\n  header: X-Build'],
    ['plain text', '/token', '']
  ])('read by %s cannot issue workflow commands', async (_, route, keys) => {
    const modes: Record<string, string>[] = [{}, { RUNNER_DEBUG: '1' }]
    for (const debug of modes) {
      const run = await runAction({
        inputs: {
          targets: `- name: t\n  url: ${hostile.origin}${route}${keys}\n- name: ok\n  url: ${hostile.origin}/ok`
        },
        env: debug
      })
      expect(run.code).toBe(1)
      const t = report(run).targets[0]
      // No commit hash where one is expected: missing (issue 8), the text still shown.
      expect(t.status).toBe('missing')
      expect(t.reported).toContain('::error::pwned')
      expectOnlyOwnCommands(run.stdout)
      expectOnlyOwnCommands(run.stderr)
      // The build is still shown, neutralised, in the log.
      expect(run.stdout).toMatch(/pwned/)
    }
  })

  test('is escaped in the job summary', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: t\n  url: ${hostile.origin}/html\n- name: ok\n  url: ${hostile.origin}/ok`
      }
    })
    expect(run.code).toBe(1)
    expect(report(run).targets[0].reported).toBe(HTML)
    // Rendered: the text is text, inside code; no element of its own.
    const page = summaryHtml(run.summary)
    expect(page).not.toMatch(INJECTED)
    expect(page).toContain('<code>reports &lt;script&gt;alert(1)&lt;/script&gt;|[x](http://evil)|')
    // Raw: one list item for it, one line, the text in a code span.
    const rows = summaryRows(run.summary)
    expect(rows.map(r => [r[0], r[1]])).toEqual([
      ['⚠️ missing', 't'],
      ['✅ current', 'ok']
    ])
    const items = run.summary.split('\n').filter(l => l.startsWith('- '))
    expect(items).toEqual([expect.stringMatching(/^- `t`: `reports <script>alert\(1\)<\/script>/)])
  })

  test('is escaped in the consensus groups of the summary', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: t\n  url: ${hostile.origin}/html\n- name: ok\n  url: ${hostile.origin}/ok`,
        expected: 'consensus'
      }
    })
    expect(run.code).toBe(1)
    expect(run.summary).toContain('Builds reported:')
    expect(summaryHtml(run.summary)).not.toMatch(INJECTED)
    expect(summaryHtml(run.summary)).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;')
    expectOnlyOwnCommands(run.stdout)
  })
})

// The paths of rollouts, on a server of their own: pools that answer by turns, a cache, hostile
// builds.
const ROLLOUT_HEADER = 'hdr-s4mple-3c9e1f7a'
const ROLLOUT_VAR = 'var-r0unds-8b2d4c6e'
const ROLLOUT_PASSWORD = 'pw-m1xed-5a7c9e1b'
const ROLLOUT_BASIC = Buffer.from(`deployer:${ROLLOUT_PASSWORD}`).toString('base64')

/** Per path, how many requests it had: pools answer by turns. */
const counts = new Map<string, number>()
let rollouts: TestServer

const HOSTILE = [
  '::error::x',
  '::add-mask::y',
  '##[error]z',
  '\n::error::pwned',
  '\r\n::warning::w',
  '<script>alert(1)</script>'
]

beforeAll(async () => {
  rollouts = await startServer((req, res) => {
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
afterAll(() => rollouts.close())

describe('secrets on the paths of rollouts', () => {
  const fleetFile = () => `defaults:
  samples: 4
  headers:
    X-Fleet-Token: \${FLEET_TOKEN}
targets:
  - name: pool
    url: http://deployer:${ROLLOUT_PASSWORD}@127.0.0.1:${rollouts.port}/pool
  - name: old
    url: ${rollouts.origin}/old
  - name: sick
    url: http://deployer:${ROLLOUT_PASSWORD}@127.0.0.1:${rollouts.port}/sick
`

  test.each([
    ['', {}],
    ['with RUNNER_DEBUG=1', { RUNNER_DEBUG: '1' }]
  ])('with samples 4 and rounds of a wait: never printed or reported %s', async (_, debug) => {
    const before = rollouts.requests.length
    const run = await runAction({
      inputs: {
        'targets-file': 'fleet.yml',
        headers: `X-Api-Key: ${ROLLOUT_HEADER}`,
        'report-path': 'report.json',
        wait: '600ms',
        interval: '300ms',
        timeout: '1s',
        retries: '0'
      },
      env: { FLEET_TOKEN: ROLLOUT_VAR, ...debug },
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
    const seen = rollouts.requests.slice(before)
    expect(seen.length).toBeGreaterThanOrEqual(2 * 3 * 4)
    for (const r of seen) {
      expect(r.headers['x-api-key']).toBe(ROLLOUT_HEADER)
      expect(r.headers['x-fleet-token']).toBe(ROLLOUT_VAR)
    }
    expect(
      seen.filter(r => r.headers.authorization === `Basic ${ROLLOUT_BASIC}`).length
    ).toBeGreaterThan(0)

    const masks = commands(run.stdout, 'add-mask').map(c => c.message)
    for (const secret of [ROLLOUT_HEADER, ROLLOUT_VAR, ROLLOUT_PASSWORD])
      expect(masks).toContain(secret)
    for (const secret of [ROLLOUT_HEADER, ROLLOUT_VAR, ROLLOUT_PASSWORD, ROLLOUT_BASIC]) {
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

describe('rollouts-supplied text on the new paths', () => {
  test.each([
    ['', {}],
    ['with RUNNER_DEBUG=1', { RUNNER_DEBUG: '1' }]
  ])('in a mixed pool, a round line and cache headers issues no command %s', async (_, debug) => {
    const run = await runAction({
      inputs: {
        targets: [
          `- name: pool`,
          `  url: ${rollouts.origin}/hostile-pool`,
          `  samples: ${HOSTILE.length}`,
          `- name: stale`,
          `  url: ${rollouts.origin}/hostile`,
          `- name: header`,
          `  url: ${rollouts.origin}/hostile-header`,
          `  header: X-Build`,
          `- name: cached`,
          `  url: ${rollouts.origin}/old`
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
    // The round lines carry the rollouts's text, neutralised.
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
    // And the summary shows it as text: in code spans, no line of its own. (The summary file is
    // no log: the runner reads no workflow command in it.)
    expect(summaryHtml(run.summary)).not.toMatch(INJECTED)
    expect(run.summary).not.toMatch(/^\s*(::|##\[)/m)
    for (const line of run.summary.split('\n').filter(l => l.includes('##[')))
      expect(line).toMatch(/^(- | {2})`/)
  })
})
