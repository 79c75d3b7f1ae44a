// commit-status: the verdict as a commit status on the expected commit, against a
// recording fake of the REST API.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import {
  fleetYaml,
  forbidden,
  RUN_URL,
  serverError,
  startFakeGitHub,
  type FakeGitHub
} from './fake-api.js'
import { commands, names, OLD, SHA } from '../helpers/outcome.js'

const TOKEN = 'ghs_test'
/** a head commit of a pull request, other than GITHUB_SHA */
const HEAD = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe'

let api: FakeGitHub
let fleet: TestServer
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startFleet({ a: SHA, b: SHA, c: SHA, old: OLD, head: HEAD })
})
afterAll(async () => {
  await api.close()
  await fleet.close()
})
beforeEach(() => api.reset())

function warnings(stdout: string): string[] {
  return commands(stdout, 'warning').map(c => c.message)
}

describe('a commit status on the expected commit', () => {
  test('a passing fleet: success on GITHUB_SHA, with the context, the counts and the run link', async () => {
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['a', 'b', 'c']),
        'github-token': TOKEN,
        'commit-status': 'fleet / production'
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    const posted = api.calls('createStatus')
    expect(posted).toHaveLength(1)
    expect(posted[0].path).toBe(`/repos/octo/fleet/statuses/${SHA}`)
    expect(posted[0].headers.authorization).toBe(`token ${TOKEN}`)
    expect(posted[0].body).toEqual({
      state: 'success',
      context: 'fleet / production',
      description: '3 of 3 targets current',
      target_url: RUN_URL
    })
    expect(run.stdout).toContain(`Commit status "fleet / production" set to success on ${SHA}`)
    // A status and nothing else: no comment lookups, no deployments.
    expect(api.requests).toHaveLength(1)
  })

  test('a failing fleet: failure, never a passing state, with the counts of each kind', async () => {
    const run = await runAction({
      inputs: {
        targets: `${fleetYaml(fleet.origin, ['a', 'old', 'b'])}\n- {name: gone, url: "${fleet.origin}/gone/version"}`,
        'github-token': TOKEN,
        'commit-status': 'fleet',
        retries: '0'
      },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(names(run, 'stale')).toEqual(['old'])
    expect(names(run, 'missing')).toEqual(['gone'])
    expect(api.statuses).toEqual([
      {
        sha: SHA,
        state: 'failure',
        context: 'fleet',
        description: '1 stale, 1 missing; 2 of 4 targets current',
        target_url: RUN_URL
      }
    ])
  })

  test('the description stays within 140 characters for a large failing fleet', async () => {
    const reports: Record<string, string> = {}
    for (let i = 1; i <= 1500; i++) reports[`host-${i}`] = i % 3 === 0 ? OLD : 'unknown'
    for (let i = 1; i <= 1200; i++) reports[`extra-${i}`] = SHA
    const run = await runAction({
      inputs: {
        targets: '- name: host-[1:2000]',
        'reports-file': 'reports.json',
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      files: { 'reports.json': JSON.stringify(reports) },
      env: api.env()
    })
    expect(run.code).toBe(1)
    const [status] = api.statuses
    expect(status.state).toBe('failure')
    expect(status.description).toBe(
      '500 stale, 1500 missing, 1200 undeclared; 0 of 2000 targets current'
    )
    expect((status.description ?? '').length).toBeLessThanOrEqual(140)
  })

  test('on a pull request, the head commit of the pull request, not the merge commit', async () => {
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['head']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env({ GITHUB_EVENT_NAME: 'pull_request' }),
      event: { pull_request: { number: 7, head: { sha: HEAD } } }
    })
    expect(run.code).toBe(0)
    expect(api.statuses.map(s => [s.sha, s.state])).toEqual([[HEAD, 'success']])
  })

  test.each([
    ['pull_request_target', { pull_request: { number: 7, head: { sha: HEAD } } }],
    ['merge_group', { merge_group: { head_sha: HEAD } }],
    ['deployment_status', { deployment: { sha: HEAD }, deployment_status: { state: 'success' } }],
    ['workflow_run', { workflow_run: { head_sha: HEAD } }]
  ])('on %s, the commit the event is about', async (eventName, payload) => {
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['head']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env({ GITHUB_EVENT_NAME: eventName }),
      event: payload
    })
    expect(run.code).toBe(0)
    expect(api.statuses.map(s => [s.sha, s.state])).toEqual([[HEAD, 'success']])
  })

  test('an abbreviated `expected` posts on the full commit of the event it abbreviates', async () => {
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['a']),
        expected: SHA.slice(0, 10),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(api.statuses.map(s => [s.sha, s.state])).toEqual([[SHA, 'success']])
  })

  test('a full `expected` commit gets the status, whatever the event commit is', async () => {
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['old']),
        expected: OLD,
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env({ GITHUB_EVENT_NAME: 'schedule' })
    })
    expect(run.code).toBe(0)
    expect(api.statuses.map(s => [s.sha, s.state])).toEqual([[OLD, 'success']])
  })

  test('an abbreviated `expected` of another commit: no status on the event commit, a warning', async () => {
    // A scheduled check of build 1a2b3c4 must not mark the default branch head (GITHUB_SHA).
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['old']),
        expected: OLD.slice(0, 7),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env({ GITHUB_EVENT_NAME: 'schedule' })
    })
    expect(run.code).toBe(0)
    expect(api.statuses).toEqual([])
    expect(warnings(run.stdout).join('\n')).toContain('commit-status: no full commit hash')
  })

  test('GitHub Enterprise Server: GITHUB_API_URL with /api/v3 and GITHUB_SERVER_URL are honoured', async () => {
    const ghes = await startFakeGitHub('/api/v3')
    try {
      const run = await runAction({
        inputs: {
          targets: fleetYaml(fleet.origin, ['a']),
          'github-token': TOKEN,
          'commit-status': 'fleet'
        },
        env: ghes.env({ GITHUB_SERVER_URL: 'https://ghes.example.com' })
      })
      expect(run.code).toBe(0)
      expect(ghes.requests.map(r => `${r.method} ${r.path}`)).toEqual([
        `POST /api/v3/repos/octo/fleet/statuses/${SHA}`
      ])
      expect(ghes.statuses[0].target_url).toBe(
        'https://ghes.example.com/octo/fleet/actions/runs/42/attempts/1'
      )
    } finally {
      await ghes.close()
    }
  })
})

describe('a token that may not post statuses (a fork pull request)', () => {
  const forkEvent = { pull_request: { number: 7, head: { sha: HEAD } } }

  test.each([
    ['passing', ['head'], 0, 'pass'],
    ['failing', ['old'], 1, 'fail']
  ] as const)(
    'a %s fleet: a warning naming `statuses: write`, and the exit code of the verdict',
    async (_, targets, code, result) => {
      api.always('createStatus', forbidden())
      const run = await runAction({
        inputs: {
          targets: fleetYaml(fleet.origin, [...targets]),
          'github-token': TOKEN,
          'commit-status': 'fleet'
        },
        env: api.env({ GITHUB_EVENT_NAME: 'pull_request' }),
        event: forkEvent
      })
      expect(run.code).toBe(code)
      expect(run.outputs.result).toBe(result)
      // Not retried: a 403 without rate-limit headers is a permission, not a limit.
      expect(api.calls('createStatus')).toHaveLength(1)
      const [warning] = warnings(run.stdout)
      expect(warning).toContain('could not post the commit status')
      expect(warning).toContain('HTTP 403')
      expect(warning).toContain('Resource not accessible by integration')
      expect(warning).toContain('`statuses: write`')
      expect(warning).toContain("The fleet's verdict stands")
      expect(run.stdout).not.toContain('Commit status "fleet" set')
    }
  )

  test('a bad token (401) is a warning without a permission hint, not retried', async () => {
    api.always('createStatus', { status: 401, body: { message: 'Bad credentials' } })
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['old']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(api.calls('createStatus')).toHaveLength(1)
    const [warning] = warnings(run.stdout)
    expect(warning).toContain('HTTP 401: Bad credentials')
    expect(warning).not.toContain('statuses: write')
    // The token is masked, and printed nowhere else.
    const lines = run.stdout.split('\n').filter(l => l.includes(TOKEN))
    expect(lines).toEqual([`::add-mask::${TOKEN}`])
  })

  test('a 404 (no access to the repository) is a warning too', async () => {
    api.always('createStatus', { status: 404, body: { message: 'Not Found' } })
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['a']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(warnings(run.stdout).join('\n')).toContain('`statuses: write`')
  })
})

describe('retries', () => {
  test('a 503, then success: the status is posted, once successfully', async () => {
    api.queue('createStatus', serverError)
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['a']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(api.calls('createStatus')).toHaveLength(2)
    expect(api.statuses).toHaveLength(1)
    expect(api.statuses[0]).toMatchObject({ sha: SHA, state: 'success' })
    expect(warnings(run.stdout)).toEqual([])
  })

  test('a 429 with retry-after: 1 is retried after a second', async () => {
    api.queue('createStatus', {
      status: 429,
      body: { message: 'Too Many Requests' },
      headers: { 'retry-after': '1' }
    })
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['old']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(api.statuses.map(s => s.state)).toEqual(['failure'])
    expect(api.calls('createStatus')).toHaveLength(2)
    expect(warnings(run.stdout)).toEqual([])
  })

  test('a secondary rate limit (403 with retry-after) is retried, not reported as a permission', async () => {
    api.queue('createStatus', {
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit' },
      headers: { 'retry-after': '0' }
    })
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['a']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(api.calls('createStatus')).toHaveLength(2)
    expect(api.statuses).toHaveLength(1)
    expect(warnings(run.stdout)).toEqual([])
  })

  test('a primary rate limit (x-ratelimit-remaining: 0) waits for x-ratelimit-reset', async () => {
    api.queue('createStatus', {
      status: 403,
      body: { message: 'API rate limit exceeded' },
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000))
      }
    })
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['a']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(api.calls('createStatus')).toHaveLength(2)
    expect(api.statuses).toHaveLength(1)
    expect(warnings(run.stdout)).toEqual([])
  })

  test('an API that keeps failing: four attempts, a warning, and the verdict decides', async () => {
    api.always('createStatus', {
      status: 502,
      body: { message: 'Bad Gateway' },
      headers: { 'retry-after': '0' }
    })
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['old']),
        'github-token': TOKEN,
        'commit-status': 'fleet'
      },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(api.calls('createStatus')).toHaveLength(4)
    const [warning] = warnings(run.stdout)
    expect(warning).toContain('could not post the commit status (HTTP 502')
    // Not a permission problem: no permission to grant.
    expect(warning).not.toContain('statuses: write')
  })
})

describe('inputs', () => {
  test('a context name over 255 characters is bad input, before any request', async () => {
    const before = fleet.requests.length
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['a']),
        'github-token': TOKEN,
        'commit-status': 'x'.repeat(256)
      },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({ result: 'fail' })
    expect(commands(run.stdout, 'error').map(c => c.message)).toContainEqual(
      expect.stringMatching(
        /^input `commit-status`: "x+.*" is too long; expected a context name of at most 255 characters$/
      )
    )
    expect(api.requests).toEqual([])
    expect(fleet.requests.length).toBe(before)
  })

  test('commit-status without a token is bad input', async () => {
    const run = await runAction({
      inputs: { targets: fleetYaml(fleet.origin, ['a']), 'commit-status': 'fleet' },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({ result: 'fail' })
    expect(commands(run.stdout, 'error').map(c => c.message)).toContainEqual(
      expect.stringContaining('input `github-token` is empty')
    )
    expect(api.requests).toEqual([])
  })
})
