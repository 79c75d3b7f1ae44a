// expected-environment: the expected build is the newest deployment of an environment whose
// latest status is success; against a recording fake of the REST API.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { fleetYaml, forbidden, startFakeGitHub, type FakeGitHub } from './fake-api.js'
import { expectBadInput, names, OLD, SHA } from '../helpers/outcome.js'

const TOKEN = 'ghs_test'
const FAILED = 'f00dfacef00dfacef00dfacef00dfacef00dface'
const BUSY = 'beefcafebeefcafebeefcafebeefcafebeefcafe'
const STAGING = 'ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12'

let api: FakeGitHub
let fleet: TestServer
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startFleet({ 'on-old': OLD, 'on-sha': SHA, 'on-failed': FAILED })
})
afterAll(async () => {
  await api.close()
  await fleet.close()
})
beforeEach(() => api.reset())

const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00Z`

/**
 * production: 11 succeeded then was superseded (inactive), 12 succeeded and is live, 13 is in
 * progress, 14 (the newest) failed after a first success status; staging: a newer success.
 * Both lists come in no useful order, as the API does not promise one.
 */
function history(): void {
  api.deployments.push(
    { id: 12, sha: OLD, environment: 'production', created_at: at(20) },
    { id: 14, sha: FAILED, environment: 'production', created_at: at(40) },
    { id: 11, sha: SHA, environment: 'production', created_at: at(10) },
    { id: 13, sha: BUSY, environment: 'production', created_at: at(30) },
    { id: 15, sha: STAGING, environment: 'staging', created_at: at(50) }
  )
  api.deploymentStatuses.set(11, [
    { id: 111, state: 'success', created_at: at(11) },
    { id: 112, state: 'inactive', created_at: at(21) }
  ])
  api.deploymentStatuses.set(12, [
    { id: 121, state: 'in_progress', created_at: at(20) },
    { id: 122, state: 'success', created_at: at(22) }
  ])
  api.deploymentStatuses.set(13, [
    { id: 131, state: 'queued', created_at: at(30) },
    { id: 132, state: 'in_progress', created_at: at(31) }
  ])
  api.deploymentStatuses.set(14, [
    { id: 141, state: 'success', created_at: at(41) },
    { id: 143, state: 'failure', created_at: at(43) },
    { id: 142, state: 'in_progress', created_at: at(40) }
  ])
  api.deploymentStatuses.set(15, [{ id: 151, state: 'success', created_at: at(51) }])
}

function check(inputs: Record<string, string>) {
  return runAction({
    inputs: { 'github-token': TOKEN, retries: '0', ...inputs },
    env: api.env({ GITHUB_EVENT_NAME: 'schedule' })
  })
}

describe('the expected build from the deployments of an environment', () => {
  test('a newer failed and a newer in-progress deployment are skipped for the live one', async () => {
    history()
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      'expected-environment': 'production'
    })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(run.outputs.expected).toBe(OLD)
    expect(run.stdout).toContain(
      `Expected build: ${OLD} (from the newest successful deployment to environment "production", deployment 12)`
    )
    expect(run.stdout).toContain('the newest successful deployment to environment "production"')

    const [list, ...statuses] = api.requests
    expect(list.path).toBe('/repos/octo/fleet/deployments')
    expect(list.query).toMatchObject({ environment: 'production' })
    expect(list.headers.authorization).toBe(`token ${TOKEN}`)
    // Newest first: 14 (failed), 13 (in progress), then 12, and no further.
    expect(statuses.map(r => r.path)).toEqual([
      '/repos/octo/fleet/deployments/14/statuses',
      '/repos/octo/fleet/deployments/13/statuses',
      '/repos/octo/fleet/deployments/12/statuses'
    ])
  })

  test('a fleet still on the failed deployment is stale against the live one', async () => {
    history()
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old', 'on-failed']),
      'expected-environment': 'production'
    })
    expect(run.code).toBe(1)
    expect(names(run, 'current')).toEqual(['on-old'])
    expect(names(run, 'stale')).toEqual(['on-failed'])
  })

  test('another environment has its own history', async () => {
    history()
    fleet.requests.length = 0
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-sha']),
      'expected-environment': 'staging'
    })
    expect(run.code).toBe(1)
    expect(run.outputs.expected).toBe(STAGING)
    expect(api.requests[0].query.environment).toBe('staging')
  })

  test('with commit-status, the status goes on the deployed commit', async () => {
    history()
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      'expected-environment': 'production',
      'commit-status': 'fleet / production'
    })
    expect(run.code).toBe(0)
    expect(api.statuses.map(s => [s.sha, s.state, s.context])).toEqual([
      [OLD, 'success', 'fleet / production']
    ])
  })

  test('a 503 on the list of deployments is retried', async () => {
    history()
    api.queue('listDeployments', { status: 503, body: {}, headers: { 'retry-after': '0' } })
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      'expected-environment': 'production'
    })
    expect(run.code).toBe(0)
    expect(api.calls('listDeployments')).toHaveLength(2)
  })
})

describe('nothing to compare against is an error, never a pass', () => {
  test('no deployment whose latest status is success', async () => {
    history()
    const before = fleet.requests.length
    api.deploymentStatuses.set(12, [{ id: 121, state: 'error', created_at: at(20) }])
    api.deploymentStatuses.set(11, [{ id: 111, state: 'inactive', created_at: at(11) }])
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      'expected-environment': 'production'
    })
    expectBadInput(
      run,
      'input `expected-environment`: none of the newest 4 deployments to environment "production" has success as its latest status'
    )
    // Nothing was checked.
    expect(fleet.requests.length).toBe(before)
  })

  test('no deployment at all', async () => {
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      'expected-environment': 'production'
    })
    expectBadInput(run, 'no deployments to environment "production"')
  })

  test('a 403 on the deployments names `deployments: read`', async () => {
    history()
    api.always('listDeployments', forbidden())
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      'expected-environment': 'production'
    })
    const [message] = expectBadInput(
      run,
      'input `expected-environment`: cannot read the deployments of "production"'
    )
    expect(message).toContain('HTTP 403: Resource not accessible by integration')
    expect(message).toContain('`deployments: read`')
    expect(api.calls('listDeployments')).toHaveLength(1)
  })

  test('a 403 on the statuses of a deployment names `deployments: read` too', async () => {
    history()
    api.always('deploymentStatuses', forbidden())
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      'expected-environment': 'production'
    })
    const [message] = expectBadInput(run, 'cannot read the deployments of "production"')
    expect(message).toContain('`deployments: read`')
  })

  test('`expected` together with `expected-environment` is bad input, before any request', async () => {
    history()
    const run = await check({
      targets: fleetYaml(fleet.origin, ['on-old']),
      expected: OLD,
      'expected-environment': 'production'
    })
    expectBadInput(run, 'inputs `expected` and `expected-environment` are both set')
    expect(api.requests).toEqual([])
  })

  test('expected-environment without a token is bad input', async () => {
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['on-old']),
        'expected-environment': 'production'
      },
      env: api.env()
    })
    expectBadInput(run, 'input `github-token` is empty')
    expect(api.requests).toEqual([])
  })

  test('no GITHUB_REPOSITORY is bad input', async () => {
    const env = api.env()
    delete (env as Record<string, string | undefined>).GITHUB_REPOSITORY
    const run = await runAction({
      inputs: {
        targets: fleetYaml(fleet.origin, ['on-old']),
        'github-token': TOKEN,
        'expected-environment': 'production'
      },
      env
    })
    expectBadInput(run, 'GITHUB_REPOSITORY is not set')
    expect(api.requests).toEqual([])
  })
})
