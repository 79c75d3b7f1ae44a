// The command's exit codes, the contract for scripts and CI systems: 0 pass, 1 the fleet failed,
// 2 bad input or usage. Bad input says what the action says (the input named as an option), and
// usage errors say what is wrong and where to look.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { USAGE } from '../../src/cli/args.js'
import { errors, OLD, SHA, SHORT } from '../helpers/outcome.js'
import { fleet, runAction } from '../helpers/run-action.js'
import { closedPort, startFleet, type TestServer } from '../helpers/servers.js'
import { ROOT, runCli, tempDir, withFiles } from './run-cli.js'

const VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version

let server: TestServer
let refused: number
let dir: string

beforeAll(async () => {
  server = await startFleet({ api: SHA, web: SHA, old: OLD })
  refused = await closedPort()
  dir = await tempDir()
  await withFiles(dir, {
    'pass.yml': fleet([
      ['api', `${server.origin}/api/version`],
      ['web', `${server.origin}/web/version`]
    ]),
    'stale.yml': fleet([
      ['api', `${server.origin}/api/version`],
      ['old', `${server.origin}/old/version`]
    ]),
    'missing.yml': fleet([
      ['api', `${server.origin}/api/version`],
      ['gone', `http://127.0.0.1:${refused}/version`]
    ]),
    // line 3: a duration that is none
    'bad.yml': `- name: api\n  url: "${server.origin}/api/version"\n  timeout: 10x\n`
  })
})
afterAll(() => server.close())

const run = (argv: string[]) => runCli(argv, { cwd: dir })

describe('the fleet decides 0 or 1', () => {
  test('every target on the expected build: 0, and the headline says so', async () => {
    const r = await run(['pass.yml', '--expected', SHA])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toContain(`All 2 targets on ${SHORT}`)
    expect(r.stdout).toContain(`Checking 2 targets for build ${SHA} (from option --expected)`)
    // a pass lists no target (only --verbose does)
    expect(r.stdout).not.toMatch(/^current /m)
  })

  test('one stale target: 1, its line (status, name, build, reason) and the headline on stdout', async () => {
    const r = await run(['stale.yml', '--expected', SHA])
    expect(r.code).toBe(1)
    const line = r.stdout.split('\n').find(l => l.startsWith('stale'))
    expect(line).toMatch(
      new RegExp(`^stale\\s+old\\s+1a2b3c4\\s+reports ${OLD}; expected ${SHA}\\s+http://`)
    )
    // the current target is not listed without --verbose
    expect(r.stdout).not.toMatch(/^current/m)
    expect(r.stdout).toContain(`✗ 1 of 2 targets not on ${SHORT}: old stale (runs 1a2b3c4)`)
    expect(r.stdout).not.toContain('All 2 targets')
  })

  test('a target that refuses the connection is missing: 1, with the reason', async () => {
    const r = await run(['missing.yml', '--expected', SHA, '--retries', '0'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^missing\s+gone\s+-\s+.*connection refused/im)
    expect(r.stdout).toMatch(/1 of 2 targets not on 9f8e7d6: gone missing/)
  })
})

describe('bad input: 2, with the action’s message', () => {
  test('--timeout 10x names the option, quotes the value and says what is expected', async () => {
    const asked = server.requests.length
    const r = await run(['pass.yml', '--expected', SHA, '--timeout', '10x'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('option --timeout: "10x" is not valid; expected a duration above 0')
    expect(r.stderr).not.toContain('input `timeout`')
    // nothing was asked of the fleet
    expect(server.requests.length).toBe(asked)

    // the action's own words, with the input named as the option
    const action = await runAction({
      inputs: { targets: fleet([['api', `${server.origin}/api/version`]]), timeout: '10x' }
    })
    const [message] = errors(action)
    expect(message).toMatch(/^input `timeout`: /)
    expect(r.stderr).toContain(message.replace('input `timeout`', 'option --timeout'))
  })

  test('a bad key in the fleet file names the file and the line', async () => {
    const r = await run(['bad.yml', '--expected', SHA])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(
      /^error: bad input: targets-file `bad\.yml`, line 3: targets\[0\]\.timeout: "10x" is not valid; expected a duration/m
    )
    const action = await runAction({
      inputs: { 'targets-file': 'bad.yml', expected: SHA },
      files: { 'bad.yml': `- name: api\n  url: "${server.origin}/api/version"\n  timeout: 10x\n` }
    })
    const [message] = errors(action)
    expect(r.stderr).toContain(message)
  })

  test('a fleet file that does not exist: 2, naming the option and the file', async () => {
    const r = await run(['nowhere.yml', '--expected', SHA])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('option --targets-file: cannot read "nowhere.yml" (no such file')
    expect(r.stderr).toContain(path.join(dir, 'nowhere.yml'))
  })
})

describe('usage errors: 2, and where to look', () => {
  test.each([
    [['pass.yml', '--timout', '1s'], /Unknown option '--timout'/],
    [
      ['pass.yml', 'other.yml'],
      /unexpected argument "other\.yml"; expected one fleet file at most/
    ],
    [['pass.yml', '--format', 'xml'], /option --format: "xml" is not valid; expected text or json/],
    [
      ['pass.yml', '--quiet', '--verbose'],
      /options --quiet and --verbose are both given; expected at most one of them/
    ],
    [
      ['--expected', SHA],
      /no fleet given; expected a FLEET_FILE, --targets-file FILE or --targets TEXT/
    ],
    [['pass.yml', '--targets-file', 'pass.yml'], /FLEET_FILE and --targets-file are both given/],
    [['pass.yml', '--timeout'], /--timeout/]
  ])('%j', async (argv, message) => {
    const asked = server.requests.length
    const r = await run(argv)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^fleet-check: /)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toContain("Try 'fleet-check --help'.")
    // nothing was asked of the fleet
    expect(server.requests.length).toBe(asked)
  })
})

describe('help and version: 0', () => {
  test('--help prints the usage on stdout', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run([flag])
      expect(r).toEqual({ code: 0, stdout: USAGE, stderr: '' })
    }
    expect(USAGE).toMatch(/^Usage: fleet-check \[FLEET_FILE\] \[options\]/)
  })

  test('the README’s Command line section shows the usage as --help prints it', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`\`\`\`text\n${USAGE}\`\`\``)
  })

  test('--help wins over everything else on the line', async () => {
    const r = await run(['pass.yml', '--expected', SHA, '--help'])
    expect(r).toEqual({ code: 0, stdout: USAGE, stderr: '' })
  })

  test('--version prints fleet-check and the package version', async () => {
    const r = await run(['--version'])
    expect(r).toEqual({ code: 0, stdout: `fleet-check ${VERSION}\n`, stderr: '' })
  })
})
