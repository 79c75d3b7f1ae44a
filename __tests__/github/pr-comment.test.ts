// pr-comment: one sticky comment per fleet on the pull request, created, then updated in place,
// and left alone when nothing changed; against a recording fake of the REST API.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startServer, json, text, type TestServer } from '../helpers/servers.js'
import { fleetYaml, forbidden, startFakeGitHub, type FakeGitHub } from './fake-api.js'
import { commands, OLD, pathOf, SHA } from '../helpers/outcome.js'

const TOKEN = 'ghs_test'
const PR = 7
const event = { pull_request: { number: PR, head: { sha: SHA } } }
const MARKER = /^<!-- fleet-check:[0-9a-f]{16} -->\n/

let api: FakeGitHub
let fleet: TestServer
/** what each fleet target reports; tests change it between runs */
let builds: Record<string, string> = {}
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startServer((req, res) => {
    const name = pathOf(req.url).split('/')[1]
    if (name in builds) json(res, { sha: builds[name] })
    else text(res, 'not found', 404)
  })
})
afterAll(async () => {
  await api.close()
  await fleet.close()
})
beforeEach(() => {
  api.reset()
  builds = { web: SHA, api: SHA, worker: SHA, db: SHA }
})

function comment(
  inputs: Record<string, string>,
  eventName = 'pull_request',
  payload: unknown = event,
  files: Record<string, string> = {}
) {
  return runAction({
    inputs: { 'github-token': TOKEN, 'pr-comment': 'true', retries: '0', ...inputs },
    env: api.env({ GITHUB_EVENT_NAME: eventName }),
    event: payload,
    files
  })
}

function warnings(stdout: string): string[] {
  return commands(stdout, 'warning').map(c => c.message)
}

function bodies(n = PR): string[] {
  return (api.comments.get(n) ?? []).map(c => c.body)
}

describe('the sticky comment', () => {
  const targets = () => fleetYaml(fleet.origin, ['web', 'api', 'worker'])

  test('created on the first run, with the marker, the verdict and the table', async () => {
    builds.api = OLD
    const run = await comment({ targets: targets() })
    expect(run.code).toBe(1)
    expect(api.calls('listComments').map(r => r.path)).toEqual([
      `/repos/octo/fleet/issues/${PR}/comments`
    ])
    expect(api.calls('createComment')).toHaveLength(1)
    const [body] = bodies()
    expect(body).toMatch(MARKER)
    expect(body).toContain('## fleet-check: ❌ fail')
    expect(body).toContain('**1 target failing:** 1 stale; 2 current.')
    expect(body).toContain('### ❌ Stale: 1 target on another build\n\n- `api` runs `1a2b3c4`')
    expect(body).toContain('<details><summary>2 current targets</summary>\n\n`web`, `worker`\n')
    // The same text as the job summary, under the marker.
    expect(body.replace(MARKER, '').trimEnd()).toBe(run.summary.trimEnd())
    expect(run.stdout).toContain(`pr-comment: created on #${PR}`)
    expect(warnings(run.stdout)).toEqual([])
  })

  test('updated in place (PATCH, not a second POST) when the verdict changes', async () => {
    builds.api = OLD
    await comment({ targets: targets() })
    const [first] = api.comments.get(PR) ?? []
    builds.api = SHA
    const run = await comment({ targets: targets() })
    expect(run.code).toBe(0)
    expect(api.calls('createComment')).toHaveLength(1)
    const patches = api.calls('updateComment')
    expect(patches).toHaveLength(1)
    expect(patches[0].path).toBe(`/repos/octo/fleet/issues/comments/${first.id}`)
    expect(api.comments.get(PR)).toHaveLength(1)
    const [body] = bodies()
    expect(body).toContain('## fleet-check: ✅ pass')
    expect(body).not.toContain('stale')
    expect(run.stdout).toContain(`pr-comment: updated on #${PR}`)
  })

  test('left alone (no PATCH) when nothing changed', async () => {
    builds.api = OLD
    await comment({ targets: targets() })
    const before = bodies()
    const run = await comment({ targets: targets() })
    expect(run.code).toBe(1)
    expect(api.calls('createComment')).toHaveLength(1)
    expect(api.calls('updateComment')).toEqual([])
    expect(bodies()).toEqual(before)
    expect(run.stdout).toContain(`pr-comment: unchanged on #${PR}`)
  })

  test('found among other comments, on a later page', async () => {
    builds.api = OLD
    await comment({ targets: targets() })
    // 150 comments by people after ours: ours is no longer first, and the list has two pages.
    const ours = api.comments.get(PR) ?? []
    const others = Array.from({ length: 150 }, (_, i) => ({
      id: 5000 + i,
      body: i === 3 ? 'quoting: <!-- fleet-check:' : `comment ${i}`,
      user: { login: 'someone' },
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z'
    }))
    api.comments.set(PR, [...others.slice(0, 120), ...ours, ...others.slice(120)])
    builds.api = SHA
    const seen = api.calls('listComments').length
    const run = await comment({ targets: targets() })
    expect(run.code).toBe(0)
    const pages = api.calls('listComments').slice(seen)
    expect(pages.map(r => [r.query.page, r.query.per_page])).toEqual([
      ['1', '100'],
      ['2', '100']
    ])
    expect(api.calls('createComment')).toHaveLength(1)
    expect(api.calls('updateComment').map(r => r.path)).toEqual([
      `/repos/octo/fleet/issues/comments/${ours[0].id}`
    ])
  })

  test('two fleets keep two comments, each with its own marker', async () => {
    await comment({ targets: fleetYaml(fleet.origin, ['web', 'api']) })
    await comment({ targets: fleetYaml(fleet.origin, ['worker', 'db']) })
    expect(api.calls('createComment')).toHaveLength(2)
    const [one, two] = bodies()
    const markerOf = (b: string) => (MARKER.exec(b) ?? [''])[0]
    expect(markerOf(one)).not.toBe('')
    expect(markerOf(two)).not.toBe('')
    expect(markerOf(one)).not.toBe(markerOf(two))

    // Each fleet's second run updates its own comment only.
    builds.db = OLD
    const run = await comment({ targets: fleetYaml(fleet.origin, ['worker', 'db']) })
    expect(run.code).toBe(1)
    expect(api.calls('createComment')).toHaveLength(2)
    expect(api.calls('updateComment')).toHaveLength(1)
    const [oneAfter, twoAfter] = bodies()
    expect(oneAfter).toBe(one)
    expect(twoAfter).toContain('- `db` runs `1a2b3c4`')
  })

  test('the same fleet whose reports-file gains an undeclared entry keeps one comment', async () => {
    const inputs = { targets: '- name: host-[1:3]', 'reports-file': 'r.json' }
    const declared = { 'host-1': SHA, 'host-2': SHA, 'host-3': SHA }
    const run1 = await comment(inputs, 'pull_request', event, {
      'r.json': JSON.stringify(declared)
    })
    expect(run1.code).toBe(0)
    const run2 = await comment(inputs, 'pull_request', event, {
      'r.json': JSON.stringify({ ...declared, ghost: SHA })
    })
    expect(run2.code).toBe(1)
    expect(api.calls('createComment')).toHaveLength(1)
    expect(api.calls('updateComment')).toHaveLength(1)
    expect(bodies()).toHaveLength(1)
    expect(bodies()[0]).toContain('- `ghost` reports `9f8e7d6`: ')
  })

  test('pull_request_target and pull_request_review events use the pull request of the payload', async () => {
    for (const name of ['pull_request_target', 'pull_request_review']) {
      const run = await comment({ targets: targets() }, name, {
        pull_request: { number: 12, head: { sha: SHA } }
      })
      expect(run.code).toBe(0)
    }
    expect(api.calls('createComment').map(r => r.path)).toEqual([
      '/repos/octo/fleet/issues/12/comments'
    ])
    expect(api.calls('listComments')).toHaveLength(2)
  })

  test('a push event has no pull request: skipped with a note, no request', async () => {
    const run = await comment({ targets: targets() }, 'push', {})
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('pr-comment: skipped, a push event is not about a pull request')
    expect(api.requests).toEqual([])
    expect(warnings(run.stdout)).toEqual([])
  })
})

describe('a large fleet', () => {
  test('3,000 targets: the comment stays under 65,536 characters and says it was cut', async () => {
    const reports: Record<string, string> = {}
    for (let i = 1; i <= 3000; i++) reports[`server-with-a-long-name-${i}`] = OLD
    const run = await comment(
      { targets: '- name: server-with-a-long-name-[1:3000]', 'reports-file': 'reports.json' },
      'pull_request',
      event,
      { 'reports.json': JSON.stringify(reports) }
    )
    expect(run.code).toBe(1)
    expect(warnings(run.stdout)).toEqual([])
    const [body] = bodies()
    expect(body).toMatch(MARKER)
    expect(body.length).toBeLessThan(65_536)
    expect(Buffer.byteLength(body)).toBeLessThan(65_536)
    expect(body).toContain('**3000 targets failing:** 3000 stale; 0 current.')
    const more = (md: string) => Number(/^- … and (\d+) more: /m.exec(md)?.[1])
    // At most 1,000 listed, fewer if 60,000 bytes hold fewer.
    expect(more(body)).toBeGreaterThanOrEqual(2000)
    expect(more(run.summary)).toBe(2000)
  })
})

describe('a token that may not comment (a fork pull request)', () => {
  test.each([
    ['passing', SHA, 0, 'pass'],
    ['failing', OLD, 1, 'fail']
  ] as const)(
    'a %s fleet: a warning naming `pull-requests: write`, the exit code of the verdict',
    async (_, build, code, result) => {
      builds.web = build
      api.always('createComment', forbidden())
      api.always('createStatus', forbidden())
      const run = await comment({
        targets: fleetYaml(fleet.origin, ['web']),
        'commit-status': 'fleet'
      })
      expect(run.code).toBe(code)
      expect(run.outputs.result).toBe(result)
      const found = warnings(run.stdout)
      expect(found).toHaveLength(2)
      expect(found[0]).toContain('`statuses: write`')
      expect(found[1]).toContain('could not update the pull request comment')
      expect(found[1]).toContain('HTTP 403: Resource not accessible by integration')
      expect(found[1]).toContain('`pull-requests: write`')
      expect(api.calls('createComment')).toHaveLength(1)
    }
  )

  test('a 403 on reading the comments is a warning too', async () => {
    api.always('listComments', forbidden())
    const run = await comment({ targets: fleetYaml(fleet.origin, ['web']) })
    expect(run.code).toBe(0)
    expect(warnings(run.stdout).join('\n')).toContain('`pull-requests: write`')
    expect(api.calls('createComment')).toEqual([])
  })

  test('a 403 on updating the comment is a warning, and the verdict stands', async () => {
    await comment({ targets: fleetYaml(fleet.origin, ['web']) })
    api.always('updateComment', forbidden())
    builds.web = OLD
    const run = await comment({ targets: fleetYaml(fleet.origin, ['web']) })
    expect(run.code).toBe(1)
    expect(api.calls('updateComment')).toHaveLength(1)
    expect(warnings(run.stdout).join('\n')).toContain('`pull-requests: write`')
  })
})

describe('inputs', () => {
  test('pr-comment that is not a boolean is bad input', async () => {
    const run = await comment({ targets: fleetYaml(fleet.origin, ['web']), 'pr-comment': 'yes!' })
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({ result: 'fail' })
    expect(
      commands(run.stdout, 'error')
        .map(c => c.message)
        .join('\n')
    ).toContain('input `pr-comment`')
    expect(api.requests).toEqual([])
  })
})
