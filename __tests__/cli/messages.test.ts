// Issue 13 on the command line, which shares the action's messages: the terminal prints a
// notice as "notice: ..." on stderr (the scheduled run on GITHUB_SHA), and no empty group title.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { rm } from 'node:fs/promises'
import { SHA } from '../helpers/outcome.js'
import { fleet } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import { runCli, tempDir, withFiles } from './run-cli.js'

let server: TestServer
let dir: string
beforeAll(async () => {
  server = await startServer((_req, res) => json(res, { sha: SHA }))
  dir = await withFiles(await tempDir(), { 'fleet.yml': fleet([['app', `${server.origin}/v`]]) })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the terminal', () => {
  test('a scheduled run on GITHUB_SHA: a notice on stderr, once, and the check passes', async () => {
    const r = await runCli(['fleet.yml'], {
      cwd: dir,
      env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_SHA: SHA }
    })
    expect(r.code).toBe(0)
    const lines = r.stderr.split('\n').filter(l => l.startsWith('notice: '))
    expect(lines).toHaveLength(1)
    // inputs are named as the command's options
    expect(lines[0]).toMatch(
      /^notice: option --expected is empty, so this scheduled run compares the fleet with the commit the schedule ran on/
    )
    expect(r.stdout).not.toContain('notice')
  })

  test('a push: no notice', async () => {
    const r = await runCli(['fleet.yml'], {
      cwd: dir,
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: SHA }
    })
    expect(r.code).toBe(0)
    expect(r.stderr).not.toContain('notice')
  })

  test('--verbose: no title of a group with nothing in it', async () => {
    const r = await runCli(['fleet.yml', '--verbose', '--expected', SHA], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stderr).not.toContain('Reading the fleet')
    expect(r.stdout).toContain(`Checking 1 target for build ${SHA} (from option --expected)`)
  })
})
