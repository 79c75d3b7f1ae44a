// Issue 13, "messages that teach", as a run shows them: what was read at the top of the log and
// in no empty group, counts in the number they take, one problem for one unset ${VAR}, YAML and
// extraction failures in plain words, the failing target's URL in the log and its annotation,
// `commit-status: false` posting nothing, and the notice of a scheduled run on GITHUB_SHA.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import { commands, errors, SHA, SHORT } from '../helpers/outcome.js'
import { startFakeGitHub, type FakeGitHub } from '../github/fake-api.js'

const METRICS =
  '# HELP build_info The build.\n# TYPE build_info gauge\nbuild_info{revision="1a2b3c4"} 1\n'

let server: TestServer
beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = req.url ?? ''
    if (url.startsWith('/metrics')) return text(res, METRICS)
    if (url.startsWith('/nested')) return json(res, { build: { commit: SHA, time: 'now' } })
    if (url.startsWith('/info')) return json(res, { status: 'UP', build: { id: 7 } })
    if (url.startsWith('/old'))
      return json(res, { sha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d' })
    json(res, { sha: SHA })
  })
})
afterAll(() => server.close())

const groups = (stdout: string) => commands(stdout, 'group').map(g => g.message)
const notices = (stdout: string) => commands(stdout, 'notice').map(c => c.message)

describe('the top of the log: what was read, in view', () => {
  test('no empty "Reading the fleet" group; the fleet, its source and the expected build first', async () => {
    const run = await runAction({
      inputs: { 'targets-file': 'fleet.yml', retries: '0' },
      files: { 'fleet.yml': `- name: api\n  url: ${server.origin}/v\n` }
    })
    expect(run.code).toBe(0)
    expect(groups(run.stdout)).not.toContain('Reading the fleet')
    // every group opened holds something: no ::group:: is followed at once by ::endgroup::
    expect(run.stdout).not.toMatch(/::group::[^\n]*\n::endgroup::/)
    const lines = run.stdout.split('\n')
    expect(lines.slice(0, 2)).toEqual([
      'Fleet: 1 target from targets-file `fleet.yml`',
      `Expected build: ${SHA} (from GITHUB_SHA of the push event)`
    ])
  })

  test('a fleet of one, asked once: "1 target", "1 attempt", never "1 targets"', async () => {
    const run = await runAction({
      inputs: { targets: `- name: api\n  url: ${server.origin}/v\n`, retries: '0' }
    })
    expect(run.code).toBe(0)
    expect(groups(run.stdout)).toEqual([
      'Checking 1 target (at most 32 at once, 0 retries)',
      'Results (1 target)'
    ])
    expect(run.stdout).toMatch(/^Checked 1 target in \d+ ms$/m)
    expect(run.stdout).toMatch(/^✓ api {2}current {2}9f8e7d6\S* {2}\(\d+ ms, 1 attempt\)$/m)
    expect(run.stdout).toContain(`\n1 target on ${SHORT}\n`)
    expect(run.stdout).not.toMatch(/\b1 (targets|attempts|retries|problems|entries)\b/)
  })
})

describe('one unset ${VAR}, one message', () => {
  test('in defaults headers of four targets: one annotation, one problem in the summary', async () => {
    const fleet = [
      'defaults:',
      '  headers:',
      '    Authorization: Bearer ${FLEET_TOKEN}',
      'targets:',
      ...['a', 'b', 'c', 'd'].map(n => `  - ${server.origin}/${n}`),
      ''
    ].join('\n')
    const run = await runAction({
      inputs: { 'targets-file': 'fleet.yml' },
      files: { 'fleet.yml': fleet }
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    const annotations = commands(run.stdout, 'error')
    expect(annotations).toHaveLength(1)
    expect(annotations[0].properties).toMatchObject({ file: 'fleet.yml', line: '3' })
    expect(annotations[0].message).toBe(
      "targets-file `fleet.yml`, line 3: defaults.headers.Authorization: environment variable FLEET_TOKEN is not set or is empty; expected it set in the environment (in a workflow, in the step's env:, such as FLEET_TOKEN: ${{ secrets.FLEET_TOKEN }})"
    )
    expect(run.summary.split('FLEET_TOKEN is not set')).toHaveLength(2)
  })

  test('in the urls of four entries: once, naming the other three places', async () => {
    const run = await runAction({
      inputs: {
        targets: ['a', 'b', 'c', 'd'].map(n => `- url: ${server.origin}/${n}?k=\${KEY}`).join('\n')
      }
    })
    expect(run.code).toBe(1)
    const messages = errors(run)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(
      /^input `targets`, line 1: targets\[0\]\.url: environment variable KEY is not set or is empty; .*; it is used at 3 more places too: line 2 \(targets\[1\]\.url\), line 3 \(targets\[2\]\.url\), line 4 \(targets\[3\]\.url\)$/
    )
  })
})

describe('bad fleets in plain words', () => {
  test('a list item without "- ": what is wrong and what was expected, on its line', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: a\n  url: ${server.origin}/a\n name: b\n  url: ${server.origin}/b\n`
      }
    })
    expect(run.code).toBe(1)
    const [annotation] = commands(run.stdout, 'error')
    expect(annotation.properties.line).toBe('3')
    expect(annotation.message).toMatch(
      /^input `targets`, line 3: YAML syntax error: a list item needs "- " in front, like the items above it; expected /
    )
    expect(run.stdout).not.toContain('indicator')
  })

  test('one url a line on one host: no "add name:", which that form cannot take', async () => {
    const run = await runAction({ inputs: { targets: `${server.origin}/a\n${server.origin}/b\n` } })
    expect(run.code).toBe(1)
    const [message] = errors(run)
    expect(message).toContain('duplicate target name')
    expect(message).not.toContain('add name')
    expect(message).toContain('list them as entries with a name each')
  })
})

describe('a failing target: what was found, what to try, and where it was asked', () => {
  let run: Awaited<ReturnType<typeof runAction>>
  beforeAll(async () => {
    run = await runAction({
      inputs: {
        targets: [
          `- name: metrics\n  url: ${server.origin}/metrics\n  json: revision`,
          `- name: nested\n  url: ${server.origin}/nested\n  json: build.sha`,
          `- name: typo\n  url: ${server.origin}/nested\n  json: bulid.commit`,
          `- name: auto\n  url: ${server.origin}/info`,
          `- name: stale\n  url: ${server.origin}/old/\${FLEET_SECRET}/version`,
          `- name: ok\n  url: ${server.origin}/v`
        ].join('\n'),
        retries: '0'
      },
      env: { FLEET_SECRET: 'tok-3f9a1c' }
    })
  })

  test('a /metrics page read with json: says it is text, and to use regex:', () => {
    expect(run.code).toBe(1)
    expect(errors(run)).toContain(
      `metrics at ${server.origin}/metrics: body is not JSON (json: revision): it is text ("text/plain"); use regex: to read the build out of it`
    )
  })

  test('a JSON path that stops: the keys found there', () => {
    expect(errors(run)).toContain(
      `nested at ${server.origin}/nested: no hash at build.sha: "build" has keys "commit" and "time"`
    )
  })

  test('a mistyped JSON path: did you mean', () => {
    expect(errors(run)).toContain(
      `typo at ${server.origin}/nested: no hash at bulid.commit: the body has one key, "build"; did you mean json: build.commit?`
    )
  })

  test('no well-known field: the keys the body has', () => {
    expect(errors(run).join('\n')).toContain(
      `auto at ${server.origin}/info: no build field in JSON (looked for sha, `
    )
    expect(errors(run).join('\n')).toContain('the body has keys "status" and "build"')
  })

  test('the log table gives each failing target its URL; a current one needs none', () => {
    expect(run.stdout).toMatch(
      new RegExp(`^✗ metrics {2}missing {2}${server.origin}/metrics {2}body is not JSON`, 'm')
    )
    expect(run.stdout).toMatch(/^✓ ok {2}current {2}9f8e7d6\S* {2}\(\d+ ms, 1 attempt\)$/m)
  })

  test('the URL shown is redacted: a ${VAR} secret in it is never printed', () => {
    const stale = commands(run.stdout, 'error').find(
      c => c.properties.title === 'fleet-check: stale stale'
    )
    expect(stale?.message).toBe(
      `stale at ${server.origin}/old/***/version: reports 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d; expected ${SHA}`
    )
    expect(run.stdout).toMatch(
      new RegExp(`^✗ stale {2}stale {2}${server.origin}/old/\\*\\*\\*/version `, 'm')
    )
    // The runner is told the secret to mask it (add-mask), and no other line has it.
    const shown = run.stdout.split('\n').filter(l => !l.startsWith('::add-mask::'))
    expect(shown.join('\n')).not.toContain('tok-3f9a1c')
    expect(run.summary).not.toContain('tok-3f9a1c')
  })
})

describe('GitHub inputs: commit-status as people write it, and counts of deployments', () => {
  let api: FakeGitHub
  beforeAll(async () => {
    api = await startFakeGitHub()
  })
  afterAll(() => api.close())
  beforeEach(() => api.reset())

  test('false: no status posted, and no token asked for', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: api\n  url: ${server.origin}/v`,
        'commit-status': 'false',
        'github-token': ''
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(api.requests).toEqual([])
    expect(run.stdout).not.toContain('Commit status')
  })

  test('one deployment that failed: "the only deployment", never "the newest 1 deployments"', async () => {
    api.deployments.push({
      id: 5,
      sha: SHA,
      environment: 'production',
      created_at: '2026-03-01T10:00:00Z'
    })
    api.deploymentStatuses.set(5, [
      { id: 51, state: 'failure', created_at: '2026-03-01T10:01:00Z' }
    ])
    const run = await runAction({
      inputs: {
        targets: `- name: api\n  url: ${server.origin}/v`,
        'expected-environment': 'production',
        'github-token': 'ghs_test'
      },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(errors(run)).toEqual([
      'input `expected-environment`: the only deployment to environment "production" does not have success as its latest status; expected a deployment whose latest status is success'
    ])
  })

  test('true: a status under the default context name, fleet-check', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: api\n  url: ${server.origin}/v`,
        'commit-status': 'true',
        'github-token': 'ghs_test'
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    const posted = api.calls('createStatus')
    expect(posted).toHaveLength(1)
    expect(posted[0].body).toMatchObject({ state: 'success', context: 'fleet-check' })
  })
})

describe('a scheduled run without `expected`', () => {
  // made when called: the server starts in beforeAll
  const at = () => ({ targets: `- name: api\n  url: ${server.origin}/v`, retries: '0' })

  test('says, in a notice, that it compares with the commit the schedule ran on', async () => {
    const run = await runAction({ inputs: at(), env: { GITHUB_EVENT_NAME: 'schedule' } })
    expect(run.code).toBe(0)
    const [notice, ...more] = notices(run.stdout)
    expect(more).toEqual([])
    expect(notice).toContain(
      'this scheduled run compares the fleet with the commit the schedule ran on'
    )
    expect(notice).toContain('`expected-environment`')
    expect(notice).toContain('consensus')
  })

  test.each([
    [
      'workflow_dispatch (its commit is the ref the person chose)',
      { GITHUB_EVENT_NAME: 'workflow_dispatch' },
      {}
    ],
    ['push', { GITHUB_EVENT_NAME: 'push' }, {}],
    ['schedule with expected given', { GITHUB_EVENT_NAME: 'schedule' }, { expected: SHA }],
    ['schedule with consensus', { GITHUB_EVENT_NAME: 'schedule' }, { expected: 'consensus' }]
  ])('no notice for %s', async (_, env, extra) => {
    const run = await runAction({ inputs: { ...at(), ...extra }, env })
    expect(run.code).toBe(0)
    expect(notices(run.stdout)).toEqual([])
  })
})
