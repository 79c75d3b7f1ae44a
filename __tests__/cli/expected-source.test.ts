// Where the command's expected build comes from when --expected is not given: GITHUB_SHA (with
// the action's event rules), then each CI system's commit variable in a fixed order, then git
// HEAD of the working directory. The output names the source; none found, or a placeholder
// where a commit should be, is bad input (2) that says what was tried.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { TRIED } from '../../src/expected/from-ci.js'
import { OLD, SHA } from '../helpers/outcome.js'
import { fleet } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import { runCli, tempDir, withFiles } from './run-cli.js'

const run = promisify(execFile)

/** The variables tried after GITHUB_SHA, in order, with the system each belongs to. */
const CI = [
  ['CI_COMMIT_SHA', 'GitLab CI'],
  ['GIT_COMMIT', 'Jenkins'],
  ['CIRCLE_SHA1', 'CircleCI'],
  ['BUILDKITE_COMMIT', 'Buildkite'],
  ['BITBUCKET_COMMIT', 'Bitbucket Pipelines']
] as const

/** A distinct commit-like build per variable, none of them SHA. */
const OTHER = Object.fromEntries(
  CI.map(([name], i) => [name, `${String(i + 1).repeat(8)}${OLD.slice(8)}`])
) as Record<string, string>

/** What the one target reports; a test sets it. */
let reported = SHA
let server: TestServer
/** a directory that is no git repository, holding the fleet file */
let plain: string
/** a git repository with one commit, holding the fleet file */
let repo: string
let head: string

/** Git's own settings kept out of the test machine's: no global or system config. */
function gitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(home, 'no-gitconfig'),
    GIT_AUTHOR_NAME: 'Fleet Check',
    GIT_AUTHOR_EMAIL: 'fleet-check@example.com',
    GIT_COMMITTER_NAME: 'Fleet Check',
    GIT_COMMITTER_EMAIL: 'fleet-check@example.com'
  }
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/version')) json(res, { sha: reported })
    else text(res, 'not found', 404)
  })
  const file = fleet([['app', `${server.origin}/version`]])
  const root = await tempDir()
  plain = path.join(root, 'plain')
  repo = path.join(root, 'repo')
  await mkdir(plain)
  await mkdir(repo)
  await withFiles(plain, { 'fleet.yml': file })
  await withFiles(repo, { 'fleet.yml': file })
  const env = gitEnv(root)
  await run('git', ['init', '--quiet'], { cwd: repo, env })
  await run('git', ['add', 'fleet.yml'], { cwd: repo, env })
  await run('git', ['commit', '--quiet', '-m', 'fleet'], { cwd: repo, env })
  head = (await run('git', ['rev-parse', 'HEAD'], { cwd: repo, env })).stdout.trim()
  expect(head).toMatch(/^[0-9a-f]{40}$/)
})
afterAll(async () => {
  await server.close()
  await rm(path.dirname(plain), { recursive: true, force: true })
})

/**
 * The command in `cwd` (default: not a repository) with only `env`; git never looks above the
 * temporary directory for a repository.
 */
function check(env: Record<string, string>, options: { cwd?: string; argv?: string[] } = {}) {
  const cwd = options.cwd ?? plain
  return runCli(['fleet.yml', '--retries', '0', ...(options.argv ?? [])], {
    cwd,
    env: { GIT_CEILING_DIRECTORIES: path.dirname(path.dirname(plain)), ...env }
  })
}

/** The line that names the expected build and where it came from. */
function source(stdout: string): string {
  return stdout.split('\n').find(l => l.startsWith('Checking ')) ?? ''
}

describe('each CI system’s commit variable', () => {
  test.each(CI)('%s (%s) alone gives the expected build', async (name, system) => {
    reported = SHA
    const r = await check({ [name]: SHA })
    expect(r.code).toBe(0)
    expect(source(r.stdout)).toBe(
      `Checking 1 target for build ${SHA} (from environment variable ${name} (${system}))`
    )
    // and it is what the fleet is compared with: another build fails
    reported = OLD
    const stale = await check({ [name]: SHA })
    expect(stale.code).toBe(1)
    expect(stale.stdout).toMatch(
      new RegExp(`^stale\\s+app\\s+1a2b3c4\\s+reports ${OLD}; expected ${SHA}`, 'm')
    )
  })

  test('surrounding whitespace in a variable is not part of the build', async () => {
    reported = SHA
    const r = await check({ GIT_COMMIT: `  ${SHA}\n` })
    expect(r.code).toBe(0)
    expect(source(r.stdout)).toContain(`for build ${SHA} (from environment variable GIT_COMMIT`)
  })
})

describe('precedence', () => {
  test('the first variable set wins, in the documented order', async () => {
    reported = SHA
    // Every variable set, each to its own build; the one that should win says SHA.
    for (let i = 0; i < CI.length; i++) {
      const env: Record<string, string> = {}
      for (const [name] of CI.slice(i)) env[name] = OTHER[name]
      env[CI[i][0]] = SHA
      const r = await check(env)
      expect({ i, code: r.code, line: source(r.stdout) }).toEqual({
        i,
        code: 0,
        line: `Checking 1 target for build ${SHA} (from environment variable ${CI[i][0]} (${CI[i][1]}))`
      })
    }
  })

  test('GITHUB_SHA comes before every CI variable', async () => {
    reported = SHA
    const r = await check({ GITHUB_SHA: SHA, GITHUB_EVENT_NAME: 'push', ...OTHER }, { cwd: repo })
    expect(r.code).toBe(0)
    expect(source(r.stdout)).toBe(
      `Checking 1 target for build ${SHA} (from GITHUB_SHA of the push event)`
    )
  })

  test('--expected comes before GITHUB_SHA, every CI variable and git HEAD', async () => {
    reported = SHA
    const r = await check(
      { GITHUB_SHA: OLD, GITHUB_EVENT_NAME: 'push', ...OTHER },
      { cwd: repo, argv: ['--expected', SHA] }
    )
    expect(r.code).toBe(0)
    expect(source(r.stdout)).toBe(`Checking 1 target for build ${SHA} (from option --expected)`)
  })

  test('a CI variable comes before git HEAD', async () => {
    reported = SHA
    const r = await check({ CIRCLE_SHA1: SHA }, { cwd: repo })
    expect(r.code).toBe(0)
    expect(source(r.stdout)).toContain('(from environment variable CIRCLE_SHA1 (CircleCI))')
  })

  test('a pull_request event: GITHUB_SHA is the merge commit, the head of the branch is expected', async () => {
    reported = SHA
    const dir = await tempDir()
    try {
      const event = path.join(dir, 'event.json')
      await writeFile(event, JSON.stringify({ pull_request: { head: { sha: SHA } } }))
      const r = await check({
        GITHUB_SHA: OLD,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        CI_COMMIT_SHA: OTHER.CI_COMMIT_SHA
      })
      expect(r.code).toBe(0)
      expect(source(r.stdout)).toBe(
        `Checking 1 target for build ${SHA} (from pull_request.head.sha of the pull_request event)`
      )
      // without the payload's head, the event names no build: bad input, never GITHUB_SHA
      await writeFile(event, JSON.stringify({ pull_request: {} }))
      const bare = await check({
        GITHUB_SHA: OLD,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event
      })
      expect(bare.code).toBe(2)
      expect(bare.stderr).toContain('pull_request event payload has no pull_request.head.sha')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('git HEAD', () => {
  test('with no variable, git HEAD of the working directory is expected', async () => {
    reported = head
    const r = await check({}, { cwd: repo })
    expect(r.code).toBe(0)
    expect(source(r.stdout)).toBe(`Checking 1 target for build ${head} (from git HEAD of ${repo})`)
    // and compared: a fleet on another build fails
    reported = SHA
    const stale = await check({}, { cwd: repo })
    expect(stale.code).toBe(1)
    expect(stale.stdout).toMatch(new RegExp(`reports ${SHA}; expected ${head}`))
  })
})

describe('nothing to expect: bad input, never a pass', () => {
  test('no variable and no repository: 2, listing what was tried', async () => {
    reported = SHA
    const asked = server.requests.length
    const r = await check({})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(
      `no expected build: --expected is not given, and none of ${TRIED} gave one (git: `
    )
    for (const name of ['GITHUB_SHA', ...CI.map(([n]) => n), 'git HEAD']) {
      expect(r.stderr).toContain(name)
    }
    expect(r.stderr).toContain('expected --expected BUILD, or --expected consensus')
    expect(server.requests.length).toBe(asked)
  })

  test('an empty variable is not set', async () => {
    const r = await check({ CI_COMMIT_SHA: '', GIT_COMMIT: '  ' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('no expected build')
  })

  test.each([
    ['BUILDKITE_COMMIT', 'Buildkite', 'HEAD'],
    ['CI_COMMIT_SHA', 'GitLab CI', '0000000000000000000000000000000000000000'],
    ['GIT_COMMIT', 'Jenkins', 'unknown']
  ])(
    'a placeholder in %s (%s): 2, naming the variable and quoting it',
    async (name, system, value) => {
      const asked = server.requests.length
      const r = await check({ [name]: value }, { cwd: repo })
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain(
        `error: bad input: environment variable ${name} (${system}): ${JSON.stringify(value)}`
      )
      expect(r.stderr).toContain('or give the build with --expected')
      // never git HEAD instead: the CI system said what it builds, and it is no build
      expect(r.stderr).not.toContain(head)
      expect(server.requests.length).toBe(asked)
    }
  )
})
