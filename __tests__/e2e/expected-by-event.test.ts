// The expected build when `expected` is empty: the commit the triggering event is about.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { expectBadInput, names, OLD, SHA } from '../helpers/outcome.js'

/** The commit an event payload names; GITHUB_SHA (SHA) is a merge commit or the base branch. */
const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'
const BASE = 'ba5eba11ba5eba11ba5eba11ba5eba11ba5eba11'

let fleet: TestServer
beforeAll(async () => {
  fleet = await startFleet({ head: HEAD, sha: SHA, old: OLD })
})
afterAll(() => fleet.close())

const targets = (name: string) => `- {name: ${name}, url: "${fleet.origin}/${name}/version"}`

const pullRequest = {
  action: 'synchronize',
  number: 7,
  pull_request: {
    number: 7,
    merge_commit_sha: SHA,
    head: { ref: 'feature', sha: HEAD },
    base: { ref: 'main', sha: BASE }
  }
}

const payloadEvents: [string, unknown, string][] = [
  ['pull_request', pullRequest, 'pull_request.head.sha'],
  ['pull_request_target', pullRequest, 'pull_request.head.sha'],
  [
    'pull_request_review',
    { ...pullRequest, action: 'submitted', review: { state: 'approved' } },
    'pull_request.head.sha'
  ],
  [
    'pull_request_review_comment',
    { ...pullRequest, action: 'created', comment: { body: 'lgtm' } },
    'pull_request.head.sha'
  ],
  ['merge_group', { merge_group: { head_sha: HEAD, base_sha: BASE } }, 'merge_group.head_sha'],
  [
    'workflow_run',
    { workflow_run: { head_sha: HEAD, head_branch: 'main', conclusion: 'success' } },
    'workflow_run.head_sha'
  ],
  ['deployment', { deployment: { sha: HEAD, environment: 'production' } }, 'deployment.sha'],
  [
    'deployment_status',
    { deployment_status: { state: 'success' }, deployment: { sha: HEAD, ref: 'main' } },
    'deployment.sha'
  ]
]

describe.each(payloadEvents)('%s', (event, payload, field) => {
  test(`expects ${field}, not GITHUB_SHA`, async () => {
    const run = await runAction({
      inputs: { targets: targets('head') },
      env: { GITHUB_EVENT_NAME: event },
      event: payload
    })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(run.outputs.expected).toBe(HEAD)
    expect(run.stdout).toContain(`Expected build: ${HEAD} (from ${field} of the ${event} event)`)
  })

  test('a target on GITHUB_SHA is stale', async () => {
    const run = await runAction({
      inputs: { targets: targets('sha') },
      env: { GITHUB_EVENT_NAME: event },
      event: payload
    })
    expect(run.code).toBe(1)
    expect(run.outputs.expected).toBe(HEAD)
    expect(names(run, 'stale')).toEqual(['sha'])
  })

  test(`a payload without ${field} is an error, never a pass`, async () => {
    const before = fleet.requests.length
    const run = await runAction({
      inputs: { targets: targets('sha') },
      env: { GITHUB_EVENT_NAME: event },
      event: { action: 'opened' }
    })
    expectBadInput(
      run,
      `input \`expected\` is empty and the ${event} event payload has no ${field}; expected a build in \`expected\` or an event that names one`
    )
    expect(fleet.requests.length).toBe(before)
  })
})

describe.each(['push', 'schedule', 'workflow_dispatch', 'release'])('%s', event => {
  test('expects GITHUB_SHA', async () => {
    const run = await runAction({
      inputs: { targets: targets('sha') },
      env: { GITHUB_EVENT_NAME: event },
      event: event === 'push' ? { after: SHA, head_commit: { id: SHA } } : {}
    })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(run.outputs.expected).toBe(SHA)
    expect(run.stdout).toContain(`Expected build: ${SHA} (from GITHUB_SHA of the ${event} event)`)
  })
})

describe('other sources', () => {
  test('a push with a stale target fails against GITHUB_SHA', async () => {
    const run = await runAction({ inputs: { targets: targets('old') } })
    expect(run.code).toBe(1)
    expect(run.outputs.expected).toBe(SHA)
    expect(names(run, 'stale')).toEqual(['old'])
  })

  test('the `expected` input wins over the event', async () => {
    const run = await runAction({
      inputs: { targets: targets('old'), expected: OLD },
      env: { GITHUB_EVENT_NAME: 'pull_request' },
      event: pullRequest
    })
    expect(run.code).toBe(0)
    expect(run.outputs.expected).toBe(OLD)
    expect(run.stdout).toContain(`Expected build: ${OLD} (from input \`expected\`)`)
  })

  test('a blank `expected` is empty: the event decides', async () => {
    const run = await runAction({
      inputs: { targets: targets('head'), expected: '  ' },
      env: { GITHUB_EVENT_NAME: 'pull_request' },
      event: pullRequest
    })
    expect(run.code).toBe(0)
    expect(run.outputs.expected).toBe(HEAD)
  })

  test('no GITHUB_SHA and no `expected` is an error', async () => {
    const run = await runAction({
      inputs: { targets: targets('sha') },
      env: { GITHUB_SHA: '' }
    })
    expectBadInput(run, 'input `expected` is empty and GITHUB_SHA is not set')
  })

  test('a pull_request event with an unreadable payload is an error', async () => {
    const run = await runAction({
      inputs: { targets: targets('sha') },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/nonexistent/event.json' }
    })
    expectBadInput(run, 'pull_request event payload has no pull_request.head.sha')
  })
})
