// GitHub reporting through the committed bundle, against the recording fake of the REST API: the
// Octokit that ncc split into chunks of dist/ loads when a feature needs it, and a plain check
// never needs it (it runs from a dist/ without those chunks).
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, runBundle } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { names, OLD, SHA } from '../helpers/outcome.js'
import { fleetYaml, RUN_URL, startFakeGitHub, type FakeGitHub } from '../github/fake-api.js'

const TOKEN = 'ghs_test'
const PR = 7

let api: FakeGitHub
let fleet: TestServer
/** a copy of dist/ without the chunks that hold Octokit */
let stripped: string
let removed: string[]
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startFleet({ a: SHA, b: SHA, old: OLD })
  stripped = await mkdtemp(path.join(tmpdir(), 'fleet-check-dist-'))
  removed = []
  const dist = path.join(ROOT, 'dist')
  // The action's files only: dist/cli/ is the command line's bundle.
  for (const name of await readdir(dist)) {
    if (name === 'cli') continue
    const chunk = /^\d+\.index\.js$/.test(name)
    if (chunk && /octokit/i.test(await readFile(path.join(dist, name), 'utf8'))) {
      removed.push(name)
      continue
    }
    await copyFile(path.join(dist, name), path.join(stripped, name))
  }
})
afterAll(async () => {
  await api.close()
  await fleet.close()
  await rm(stripped, { recursive: true, force: true })
})
beforeEach(() => api.reset())

test('commit-status and pr-comment on a pull request: a failure status, one sticky comment', async () => {
  const run = await runBundle({
    inputs: {
      targets: fleetYaml(fleet.origin, ['a', 'old']),
      'github-token': TOKEN,
      'commit-status': 'fleet',
      'pr-comment': 'true',
      retries: '0'
    },
    env: api.env({ GITHUB_EVENT_NAME: 'pull_request' }),
    event: { pull_request: { number: PR, head: { sha: SHA } } }
  })
  expect(run.code).toBe(1)
  expect(names(run, 'stale')).toEqual(['old'])
  expect(api.statuses).toEqual([
    {
      sha: SHA,
      state: 'failure',
      context: 'fleet',
      description: '1 stale; 1 of 2 targets current',
      target_url: RUN_URL
    }
  ])
  expect(api.calls('createStatus')[0].headers.authorization).toBe(`token ${TOKEN}`)
  const comments = api.comments.get(PR) ?? []
  expect(comments).toHaveLength(1)
  expect(comments[0].body).toContain('## fleet-check: ❌ fail')
  expect(comments[0].body).toContain('### ❌ Stale: 1 target on another build')
  expect(comments[0].body).toContain('- `old` runs `1a2b3c4`')
  expect(run.stdout).toContain(`pr-comment: created on #${PR}`)
  // The token is registered as a secret and is never printed.
  expect(run.stdout).toContain(`::add-mask::${TOKEN}`)
  expect(run.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)
})

test('Octokit is in chunks of its own: a plain check runs from a dist/ without them, commit-status cannot', async () => {
  expect(removed.length).toBeGreaterThan(0)
  const main = await readFile(path.join(ROOT, 'dist', 'index.js'), 'utf8')
  expect(main).not.toContain('octokit-core.js')
  const plain = await runBundle({
    bundle: path.join(stripped, 'index.js'),
    inputs: { targets: fleetYaml(fleet.origin, ['a', 'b']), 'github-token': TOKEN },
    env: api.env()
  })
  expect(plain.stdout + plain.stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/)
  expect(plain.code).toBe(0)
  expect(plain.outputs.result).toBe('pass')
  expect(names(plain, 'current')).toEqual(['a', 'b'])
  expect(api.requests).toEqual([])
  // The control: the same copy, with a feature that needs Octokit, fails for want of the chunks.
  const control = await runBundle({
    bundle: path.join(stripped, 'index.js'),
    inputs: {
      targets: fleetYaml(fleet.origin, ['a']),
      'github-token': TOKEN,
      'commit-status': 'fleet'
    },
    env: api.env()
  })
  expect(control.code).toBe(1)
  expect(control.outputs.result).toBe('fail')
  expect(control.stdout + control.stderr).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/)
  expect(api.requests).toEqual([])
})
