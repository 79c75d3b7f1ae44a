// workflow_run: the job is not attached to the pull request, so the action looks the pull
// request up by workflow_run.head_sha and reports there.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { fleetYaml, forbidden, startFakeGitHub, type FakeGitHub } from './fake-api.js'
import { commands, OLD } from '../helpers/outcome.js'

const TOKEN = 'ghs_test'
/** the head of the pull request that triggered the upstream workflow, not GITHUB_SHA */
const HEAD = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe'
const workflowRun = { workflow_run: { head_sha: HEAD, event: 'pull_request', pull_requests: [] } }

let api: FakeGitHub
let fleet: TestServer
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startFleet({ web: HEAD, old: OLD })
})
afterAll(async () => {
  await api.close()
  await fleet.close()
})
beforeEach(() => api.reset())

function onWorkflowRun(inputs: Record<string, string>, event: unknown = workflowRun) {
  return runAction({
    inputs: { 'github-token': TOKEN, 'pr-comment': 'true', retries: '0', ...inputs },
    env: api.env({ GITHUB_EVENT_NAME: 'workflow_run' }),
    event
  })
}

describe('a workflow_run event', () => {
  test('finds the open pull request whose head is workflow_run.head_sha and comments there', async () => {
    api.pulls.set(HEAD, [
      // A merged pull request that contains the commit but whose head is another commit.
      { number: 3, state: 'closed', head: { sha: OLD } },
      { number: 9, state: 'closed', head: { sha: HEAD } },
      { number: 21, state: 'open', head: { sha: HEAD } }
    ])
    const run = await onWorkflowRun({
      targets: fleetYaml(fleet.origin, ['web']),
      'commit-status': 'fleet'
    })
    expect(run.code).toBe(0)
    // The expected build is the head of the workflow run.
    expect(run.outputs.expected).toBe(HEAD)
    const [lookup] = api.calls('commitPulls')
    expect(lookup.path).toBe(`/repos/octo/fleet/commits/${HEAD}/pulls`)
    expect(api.calls('createComment').map(r => r.path)).toEqual([
      '/repos/octo/fleet/issues/21/comments'
    ])
    expect(api.comments.get(21)?.[0].body).toContain('## fleet-check: ✅ pass')
    expect(run.stdout).toContain('pr-comment: created on #21')
    // The status is on the head commit too, not on GITHUB_SHA.
    expect(api.statuses.map(s => [s.sha, s.state])).toEqual([[HEAD, 'success']])
    // Few requests: a status, a lookup, a list and a create.
    expect(api.requests.map(r => r.route)).toEqual([
      'createStatus',
      'commitPulls',
      'listComments',
      'createComment'
    ])
  })

  test('a second run updates the same comment', async () => {
    api.pulls.set(HEAD, [{ number: 21, state: 'open', head: { sha: HEAD } }])
    await onWorkflowRun({ targets: fleetYaml(fleet.origin, ['web']) })
    const run = await onWorkflowRun({ targets: fleetYaml(fleet.origin, ['web', 'old']) })
    expect(run.code).toBe(1)
    // Another fleet (one more target) is another comment; the same fleet again is an update.
    const again = await onWorkflowRun({
      targets: fleetYaml(fleet.origin, ['web', 'old']),
      expected: OLD
    })
    expect(again.code).toBe(1)
    expect(api.calls('createComment')).toHaveLength(2)
    expect(api.calls('updateComment')).toHaveLength(1)
  })

  test('no pull request has that head: skipped with a note, and the verdict decides', async () => {
    api.pulls.set(HEAD, [{ number: 3, state: 'closed', head: { sha: OLD } }])
    const run = await onWorkflowRun({ targets: fleetYaml(fleet.origin, ['old']) })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`pr-comment: skipped, no pull request has head ${HEAD}`)
    expect(api.calls('listComments')).toEqual([])
    expect(api.calls('createComment')).toEqual([])
    expect(commands(run.stdout, 'warning')).toEqual([])
  })

  test('a payload without head_sha is bad input for the expected build', async () => {
    const run = await onWorkflowRun({ targets: fleetYaml(fleet.origin, ['web']) }, {})
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({ result: 'fail' })
    expect(api.requests).toEqual([])
  })

  test('with `expected` set, a payload without head_sha only skips the comment', async () => {
    const run = await onWorkflowRun(
      { targets: fleetYaml(fleet.origin, ['web']), expected: HEAD },
      { workflow_run: {} }
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('pr-comment: skipped, the workflow_run payload has no head_sha')
    expect(api.requests).toEqual([])
  })

  test('a 403 on the lookup is a warning naming `pull-requests: write`; the verdict decides', async () => {
    api.always('commitPulls', forbidden())
    const run = await onWorkflowRun({ targets: fleetYaml(fleet.origin, ['web']) })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    const [warning] = commands(run.stdout, 'warning').map(c => c.message)
    expect(warning).toContain('`pull-requests: write`')
  })
})
