// Plain checks do not pay for @actions/github: with a token but no GitHub feature, no request to
// the API. (That the bundle runs without the chunks that hold Octokit is tested on a copy of
// dist/ in bundle/github.test.ts.)
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { SHA } from '../helpers/outcome.js'
import { fleetYaml, startFakeGitHub, type FakeGitHub } from './fake-api.js'

let api: FakeGitHub
let fleet: TestServer
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startFleet({ a: SHA, b: SHA })
})
afterAll(async () => {
  await api.close()
  await fleet.close()
})

test('with a token but no GitHub feature, the API gets no request', async () => {
  const run = await runAction({
    inputs: {
      targets: fleetYaml(fleet.origin, ['a', 'b']),
      'github-token': 'ghs_test',
      'commit-status': '',
      'pr-comment': 'false',
      'expected-environment': ''
    },
    env: api.env({ GITHUB_EVENT_NAME: 'pull_request' }),
    event: { pull_request: { number: 7, head: { sha: SHA } } }
  })
  expect(run.code).toBe(0)
  expect(run.outputs.result).toBe('pass')
  expect(api.requests).toEqual([])
})
