// Issue 8, in process: what a server echoes back of a credential never reaches the summary, the
// outputs, the report file or the log, in whatever form it comes back; round lines are redacted
// too; GitHub's 10 error annotations a step always include the headline; and invisible
// characters from servers never reach the log or the summary raw.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, type Run } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import { commands, everywhere, OLD, pathOf, report } from '../helpers/outcome.js'

const TOKEN = 'tok-5e1c8a9b0d'
const USER = 'deploy-bot'
const PASSWORD = 'pw-3f9a7c2e1b'
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
/** Needs encoding in a URL and in a form: a space, a slash, & = + and @. */
const KEY = 'k3y w/&=+@9z'
const SHORT = '~Z'
const URL_TOKEN = 'urltok-2d4f6a8c0e'
const URL_PASSWORD = 'p@ss-7b9d'
/** Invisible characters a server could send to reorder or hide text. */
const BIDI = ['\u202e', '\u200f', '\u061c']

let server: TestServer
beforeAll(async () => {
  server = await startServer((req, res) => {
    const auth = String(req.headers.authorization ?? '')
    const basic = auth.startsWith('Basic ')
      ? Buffer.from(auth.slice(6), 'base64').toString('utf8')
      : ''
    const key = String(req.headers['x-key'] ?? '')
    switch (pathOf(req.url)) {
      case '/bearer':
        return json(res, { sha: auth.replace(/^Bearer /, '') })
      case '/basic-password':
        return json(res, { sha: basic.slice(basic.indexOf(':') + 1) })
      case '/basic-pair':
        return json(res, { sha: basic })
      case '/url-user':
        return json(res, { sha: basic.slice(0, basic.indexOf(':')) })
      case '/url-password-encoded':
        return json(res, { sha: encodeURIComponent(basic.slice(basic.indexOf(':') + 1)) })
      case '/encoded':
        return json(res, { sha: encodeURIComponent(key) })
      case '/form':
        return json(res, { sha: new URLSearchParams({ k: key }).toString().slice(2) })
      case '/short':
        return json(res, { sha: `build${String(req.headers['x-short'])}` })
      case '/bidi':
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ sha: `v1${BIDI.join('x')}gpj.exe` }))
      case '/hex-token':
        return json(res, { sha: String(req.headers['x-token']) })
      case '/old':
        return json(res, { sha: OLD })
    }
    json(res, { error: 'not found' }, 404)
  })
})
afterAll(() => server.close())

/** Every place the run left text (the ::add-mask:: registrations aside) has none of `leaks`. */
function expectNowhere(run: Run, leaks: string[]): void {
  for (const [where, content] of everywhere(run)) {
    for (const secret of leaks) {
      expect({ where, secret, leaks: content.includes(secret) }).toEqual({
        where,
        secret,
        leaks: false
      })
    }
  }
}

describe('secrets a server echoes back', () => {
  test('the bearer token alone, Basic parts, encoded forms and a 2-character value', async () => {
    const fleet = `targets:
  - name: bearer
    url: ${server.origin}/bearer
  - name: basic-password
    url: ${server.origin}/basic-password
    headers: { Authorization: "Basic ${BASIC}" }
  - name: basic-pair
    url: ${server.origin}/basic-pair
    headers: { Authorization: "Basic ${BASIC}" }
  - name: encoded
    url: ${server.origin}/encoded
  - name: form
    url: ${server.origin}/form
  - name: short
    url: ${server.origin}/short
`
    const run = await runAction({
      inputs: {
        'targets-file': 'fleet.yml',
        headers: `Authorization: Bearer ${TOKEN}\nX-Key: ${KEY}\nX-Short: ${SHORT}`,
        'report-path': 'report.json',
        retries: '0'
      },
      files: { 'fleet.yml': fleet },
      readFiles: ['report.json']
    })
    // Every target answered, with what it echoed, and the run reported it all.
    expect(run.code).toBe(1)
    const targets = report(run).targets
    // (Not commit hashes, so each is missing; the reason quotes what the server said.)
    expect(targets.map(t => [t.name, t.status, t.reported])).toEqual([
      ['bearer', 'missing', '***'],
      ['basic-password', 'missing', '***'],
      ['basic-pair', 'missing', '***'],
      ['encoded', 'missing', '***'],
      ['form', 'missing', '***'],
      ['short', 'missing', 'build***']
    ])
    expect(run.files['report.json']).toContain('"basic-pair"')
    expect(run.summary).toContain('basic-pair')
    expectNowhere(run, [
      TOKEN,
      PASSWORD,
      `${USER}:${PASSWORD}`,
      USER,
      encodeURIComponent(KEY),
      new URLSearchParams({ k: KEY }).toString().slice(2),
      SHORT
    ])
    // The runner is told to mask each of them in the log.
    const masks = commands(run.stdout, 'add-mask').map(c => c.message)
    for (const s of [TOKEN, PASSWORD, `${USER}:${PASSWORD}`, USER, encodeURIComponent(KEY), SHORT])
      expect(masks).toContain(s)
  })

  test('a token given as the URL user name alone, and a password as the URL spells it', async () => {
    const run = await runAction({
      inputs: {
        targets: [
          `- name: url-user`,
          `  url: http://${URL_TOKEN}@127.0.0.1:${server.port}/url-user`,
          `- name: url-password`,
          `  url: http://someone:${encodeURIComponent(URL_PASSWORD)}@127.0.0.1:${server.port}/url-password-encoded`
        ].join('\n'),
        'report-path': 'report.json',
        retries: '0'
      },
      readFiles: ['report.json']
    })
    expect(run.code).toBe(1)
    expect(report(run).targets.map(t => [t.name, t.status, t.reported])).toEqual([
      ['url-user', 'missing', '***'],
      ['url-password', 'missing', '***']
    ])
    expectNowhere(run, [URL_TOKEN, URL_PASSWORD, encodeURIComponent(URL_PASSWORD)])
    expect(commands(run.stdout, 'add-mask').map(c => c.message)).toContain(URL_TOKEN)
  })

  test('round lines under `wait` are redacted before they are printed', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: bearer\n  url: ${server.origin}/bearer`,
        headers: `Authorization: Bearer ${TOKEN}`,
        wait: '1s',
        interval: '1s',
        retries: '0'
      }
    })
    expect(run.code).toBe(1)
    const rounds = run.stdout.split('\n').filter(l => /^round \d+ /.test(l))
    expect(rounds.length).toBeGreaterThan(0)
    for (const line of rounds) expect(line).toContain('missing: bearer (reports ***,')
    expectNowhere({ ...run, files: {} }, [TOKEN])
  })
})

test('a 40-hex token echoed as the build: round lines show ***, not its first 7 characters', async () => {
  const HEX_TOKEN = 'c0ffee00d15ea5e5ba5eba11deadbeef01234567'
  const run = await runAction({
    inputs: {
      targets: `- name: hex\n  url: ${server.origin}/hex-token`,
      headers: `X-Token: ${HEX_TOKEN}`,
      wait: '1s',
      interval: '1s',
      retries: '0'
    }
  })
  expect(run.code).toBe(1)
  const rounds = run.stdout.split('\n').filter(l => /^round \d+ /.test(l))
  expect(rounds.length).toBeGreaterThan(0)
  for (const line of rounds) expect(line).toContain('hex (***)')
  expectNowhere({ ...run, files: {} }, [HEX_TOKEN, HEX_TOKEN.slice(0, 7)])
})

describe('error annotations: at most 10 a step, the headline always among them', () => {
  function fleetOf(failing: number, passing = 1): string {
    const lines: string[] = []
    for (let i = 1; i <= failing; i++) lines.push(`- name: old-${i}\n  url: ${server.origin}/old`)
    for (let i = 1; i <= passing; i++) lines.push(`- name: ok-${i}\n  url: ${server.origin}/ok`)
    return lines.join('\n')
  }

  test.each([
    [12, 8, 'and 4 more failing targets'],
    [10, 8, 'and 2 more failing targets'],
    [9, 9, undefined],
    [3, 3, undefined]
  ])('%i failing targets: %i named, then the rest counted', async (failing, named, more) => {
    const run = await runAction({
      inputs: { targets: fleetOf(failing, 0), retries: '0' }
    })
    expect(run.code).toBe(1)
    const errors = commands(run.stdout, 'error')
    expect(errors.length).toBeLessThanOrEqual(10)
    // The headline is the error without a title (core.setFailed).
    const headline = errors.filter(e => !e.properties.title)
    expect(headline).toHaveLength(1)
    expect(headline[0].message).toMatch(new RegExp(`^${failing} of ${failing} targets not on `))
    expect(
      errors.filter(e => /^fleet-check: old-\d+ stale$/.test(e.properties.title ?? ''))
    ).toHaveLength(named)
    const counted = errors.filter(e => e.properties.title === 'fleet-check: more failing targets')
    if (more) expect(counted.map(e => e.message)).toEqual([`${more}: see the job summary`])
    else expect(counted).toEqual([])
  })

  test('bad input with many problems: at most 10 annotations, every problem in the log', async () => {
    const bad = Array.from({ length: 15 }, (_, i) => `- url: ftp://127.0.0.1/r${i}/version`)
    const run = await runAction({ inputs: { targets: bad.join('\n') } })
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({ result: 'fail' })
    const errors = commands(run.stdout, 'error')
    expect(errors.length).toBeLessThanOrEqual(10)
    expect(errors.map(e => e.message).at(-1)).toMatch(/^and 6 more problems/)
    for (let i = 0; i < 15; i++) {
      expect(run.stdout).toContain(
        `targets[${i}].url: "ftp://127.0.0.1/r${i}/version" is not http(s)`
      )
      expect(run.summary).toContain(`targets[${i}].url`)
    }
  })
})

describe('invisible characters from servers', () => {
  test('U+202E, U+200F and U+061C in a build and a reason reach neither log nor summary', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: bidi\n  url: ${server.origin}/bidi\n  cache-bust: false`,
        wait: '1s',
        interval: '1s',
        retries: '0'
      }
    })
    expect(run.code).toBe(1)
    const t = report(run).targets[0]
    // The server's text did arrive: in the build and in the reason.
    expect(t.reported).toContain('\u202e')
    expect(t.reason).toContain('\u200f')
    for (const c of BIDI) {
      expect({ c, stdout: run.stdout.includes(c) }).toEqual({ c, stdout: false })
      expect({ c, summary: run.summary.includes(c) }).toEqual({ c, summary: false })
    }
    // Written out instead, so a reader still sees that they were there.
    expect(run.stdout).toContain('\\u202e')
    // No format character at all in the log but the U+200B that breaks "::".
    expect(run.stdout.replace(/\u200b/g, '')).not.toMatch(/\p{Cf}/u)
    expect(run.summary).not.toMatch(/\p{Cf}/u)
  })
})

describe('cancellation handlers', () => {
  test('run() removes the SIGINT and SIGTERM handlers it installs (tests call it repeatedly)', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
    const run = await runAction({ inputs: { targets: `- name: ok\n  url: ${server.origin}/old` } })
    expect(run.code).toBe(1)
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before)
  })
})
