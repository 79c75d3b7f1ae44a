// Plain checks do not pay for @actions/github: no request to the API, and the bundle runs
// without the chunks that hold Octokit.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseOutputs, ROOT, runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { SHA } from '../e2e/support.js'
import { fleetYaml, startFakeGitHub, type FakeGitHub } from './fake-api.js'

let api: FakeGitHub
let fleet: TestServer
/** a copy of dist/ without the chunks that mention Octokit */
let stripped: string
let removed: string[]
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startFleet({ a: SHA, b: SHA })
  stripped = await mkdtemp(path.join(tmpdir(), 'fleet-check-dist-'))
  removed = []
  const dist = path.join(ROOT, 'dist')
  for (const name of await readdir(dist)) {
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

/** Runs <dir>/index.js as the runner would, with a minimal environment. */
async function runBundleIn(dir: string, inputs: Record<string, string>) {
  const work = await mkdtemp(path.join(tmpdir(), 'fleet-check-ws-'))
  try {
    const output = path.join(work, 'output')
    const summary = path.join(work, 'summary')
    const eventPath = path.join(work, 'event.json')
    await writeFile(output, '')
    await writeFile(summary, '')
    await writeFile(eventPath, '{}')
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: SHA,
      GITHUB_WORKSPACE: work,
      ...api.env()
    }
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
    const child = spawn(process.execPath, [path.join(dir, 'index.js')], {
      env,
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', d => (stdout += d))
    const code = await new Promise<number | null>(resolve => child.on('close', resolve))
    return { code, stdout, outputs: parseOutputs(await readFile(output, 'utf8')) }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

describe('plain checks do not load Octokit', () => {
  test('with a token but no GitHub feature, the API gets no request', async () => {
    api.reset()
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

  test('the Octokit chunks are split out of dist/index.js', async () => {
    expect(removed.length).toBeGreaterThan(0)
    const main = await readFile(path.join(ROOT, 'dist', 'index.js'), 'utf8')
    expect(main).not.toContain('octokit-core.js')
    const chunks = await Promise.all(
      removed.map(name => readFile(path.join(ROOT, 'dist', name), 'utf8'))
    )
    expect(chunks.some(c => c.includes('octokit-core.js'))).toBe(true)
  })

  test('a plain check passes from a dist/ without them', async () => {
    api.reset()
    const run = await runBundleIn(stripped, {
      targets: fleetYaml(fleet.origin, ['a', 'b']),
      'github-token': 'ghs_test'
    })
    expect(run.stdout).not.toContain('Cannot find module')
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(JSON.parse(run.outputs.current)).toEqual(['a', 'b'])
    expect(api.requests).toEqual([])
  })

  test('control: commit-status from the same copy needs them, and fails without them', async () => {
    api.reset()
    const run = await runBundleIn(stripped, {
      targets: fleetYaml(fleet.origin, ['a']),
      'github-token': 'ghs_test',
      'commit-status': 'fleet'
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.stdout).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/)
    expect(api.requests).toEqual([])
  })
})
