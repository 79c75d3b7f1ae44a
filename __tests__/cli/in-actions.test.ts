// The command inside GitHub Actions (GITHUB_ACTIONS=true, in a `run:` step) behaves like the
// action: annotations and groups in the log, the outputs in GITHUB_OUTPUT, the job summary.
// Anywhere else it prints no workflow command at all: no ::add-mask:: (which would print the
// secret), no ::set-output, no ::error, no ::group.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import {
  commands,
  expectOnlyOwnCommands,
  OLD,
  SHA,
  SHORT,
  type Report
} from '../helpers/outcome.js'
import { fleet, parseOutputs } from '../helpers/run-action.js'
import { closedPort, json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  readText,
  runCli,
  tempDir,
  withFiles,
  workflowCommandLines,
  type CliRun
} from './run-cli.js'

const TOKEN = 'tok-actions-3c5e7a9b1d'

let server: TestServer
let dir: string

beforeAll(async () => {
  let flips = 0
  server = await startServer((req, res) => {
    switch (new URL(req.url ?? '/', 'http://x').pathname) {
      case '/api':
        return json(res, { sha: SHA })
      case '/old':
        return json(res, { sha: OLD })
      case '/bearer':
        return json(res, { sha: String(req.headers.authorization ?? '').replace(/^Bearer /, '') })
      case '/flips':
        return json(res, { sha: flips++ < 1 ? OLD : SHA })
    }
    text(res, 'not found', 404)
  })
  const refused = await closedPort()
  dir = await tempDir()
  await withFiles(dir, {
    'pass.yml': fleet([['api', `${server.origin}/api`]]),
    'fail.yml': fleet([
      ['api', `${server.origin}/api`],
      ['old', `${server.origin}/old`],
      ['gone', `http://127.0.0.1:${refused}/v`]
    ]),
    'secret.yml': fleet([
      ['api', `${server.origin}/api`],
      ['bearer', `${server.origin}/bearer`]
    ]),
    'flips.yml': fleet([['flip', `${server.origin}/flips`]]),
    'bad.yml': `- name: api\n  url: "${server.origin}/api"\n  timeout: lots\n`
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

interface ActionsRun extends CliRun {
  outputs: Record<string, string>
  summary: string
}

/** In a runner's step: GITHUB_ACTIONS, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY set. */
async function inActions(argv: string[], env: Record<string, string> = {}): Promise<ActionsRun> {
  const files = await tempDir()
  const output = path.join(files, 'output')
  const summary = path.join(files, 'summary')
  await writeFile(output, '')
  await writeFile(summary, '')
  try {
    const run = await runCli([...argv, '--retries', '0'], {
      cwd: dir,
      env: {
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        // not the working directory: the fleet file is found relative to where the command runs
        GITHUB_WORKSPACE: files,
        ...env
      }
    })
    return {
      ...run,
      outputs: parseOutputs(await readText(output)),
      summary: await readText(summary)
    }
  } finally {
    await rm(files, { recursive: true, force: true })
  }
}

describe('with GITHUB_ACTIONS=true: like the action', () => {
  test('a failing fleet: error annotations, groups, outputs and a job summary', async () => {
    const r = await inActions(['fail.yml', '--expected', SHA])
    expect(r.code).toBe(1)
    expectOnlyOwnCommands(r.stdout)
    const errors = commands(r.stdout, 'error')
    expect(errors.map(e => [e.properties.title, e.message])).toEqual([
      ['fleet-check: old stale', `old at ${server.origin}/old: reports ${OLD}; expected ${SHA}`],
      [
        'fleet-check: gone missing',
        expect.stringMatching(/^gone at http:\/\/127\.0\.0\.1:\d+\/v: .*connection refused/)
      ],
      [
        undefined,
        `2 of 3 targets not on ${SHORT}: old stale (runs 1a2b3c4), gone missing (connection refused)`
      ]
    ])
    const groups = commands(r.stdout, 'group').map(g => g.message)
    expect(groups).toEqual([expect.stringMatching(/^Checking 3 targets /), 'Results (3 targets)'])
    expect(commands(r.stdout, 'endgroup')).toHaveLength(2)
    // the action's outputs
    expect(r.outputs).toMatchObject({
      result: 'fail',
      expected: SHA,
      current: '["api"]',
      stale: '["old"]',
      missing: '["gone"]'
    })
    expect((JSON.parse(r.outputs.report) as Report).targets.map(t => t.status)).toEqual([
      'current',
      'stale',
      'missing'
    ])
    // and the job summary
    expect(r.summary).toContain('fleet-check')
    expect(r.summary).toContain('old')
    expect(r.summary).toContain('gone')
  })

  test('a passing fleet: no error, result pass, a summary', async () => {
    const r = await inActions(['pass.yml', '--expected', SHA])
    expect(r.code).toBe(0)
    expectOnlyOwnCommands(r.stdout)
    expect(commands(r.stdout, 'error')).toEqual([])
    expect(r.outputs).toMatchObject({ result: 'pass', current: '["api"]', stale: '[]' })
    expect(r.stdout).toContain(`1 target on ${SHORT}`)
    expect(r.summary).not.toBe('')
  })

  test('--report in Actions: the action’s report-path, relative to the working directory', async () => {
    const r = await inActions(['fail.yml', '--expected', SHA, '--report', 'in-actions.json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(await readText(path.join(dir, 'in-actions.json'))) as Report
    expect(report.targets.map(t => t.name)).toEqual(['api', 'old', 'gone'])
  })

  test('a secret is masked through the runner and appears nowhere else', async () => {
    const r = await inActions([
      'secret.yml',
      '--expected',
      SHA,
      '--header',
      `Authorization: Bearer ${TOKEN}`
    ])
    expect(r.code).toBe(1)
    expect(commands(r.stdout, 'add-mask').map(c => c.message)).toContain(TOKEN)
    // the runner reads ::add-mask:: lines and prints none of them
    const withoutMasks = r.stdout
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    expectOnlyOwnCommands(withoutMasks)
    expect(withoutMasks).toContain('reports ***')
    for (const [where, text] of Object.entries({
      stdout: withoutMasks,
      stderr: r.stderr,
      summary: r.summary,
      ...r.outputs
    })) {
      expect({ where, leaks: text.includes(TOKEN) }).toEqual({ where, leaks: false })
    }
  })

  test('bad input: error annotations naming the file and line, exit code 2', async () => {
    const r = await inActions(['bad.yml', '--expected', SHA])
    expect(r.code).toBe(2)
    expectOnlyOwnCommands(r.stdout)
    expect(r.outputs).toEqual({ result: 'fail' })
    const [error] = commands(r.stdout, 'error')
    // the action's message and annotation, on the fleet file's line
    expect(error.message).toMatch(
      /^targets-file `bad\.yml`, line 3: targets\[0\]\.timeout: "lots" is not valid; expected a duration/
    )
    expect(error.properties).toMatchObject({
      title: 'fleet-check: bad input',
      file: 'bad.yml',
      line: '3'
    })
  })

  test('--format json in Actions: stdout is the document alone, no workflow command', async () => {
    const r = await inActions(['fail.yml', '--expected', SHA, '--format', 'json'])
    expect(r.code).toBe(1)
    expect((JSON.parse(r.stdout) as Report).result).toBe('fail')
    expect(workflowCommandLines(r.stdout)).toEqual([])
  })
})

describe('without GITHUB_ACTIONS: no workflow command, ever', () => {
  test.each([
    ['a pass', ['pass.yml', '--expected', SHA]],
    ['a pass, verbose', ['pass.yml', '--expected', SHA, '--verbose']],
    ['a failure', ['fail.yml', '--expected', SHA]],
    ['a failure, verbose', ['fail.yml', '--expected', SHA, '--verbose']],
    ['a failure, json', ['fail.yml', '--expected', SHA, '--format', 'json']],
    [
      'a secret, verbose',
      ['secret.yml', '--expected', SHA, '--header', `Authorization: Bearer ${TOKEN}`, '-v']
    ],
    ['bad input', ['bad.yml', '--expected', SHA]],
    ['rounds', ['flips.yml', '--expected', SHA, '--wait', '10s', '--interval', '20ms', '-v']],
    [
      'with --report and --junit',
      ['fail.yml', '--expected', SHA, '--report', 'r.json', '--junit', 'j.xml']
    ],
    ['a usage error', ['--bogus']]
  ])('%s', async (_name, argv) => {
    // CI=true and a GITHUB_OUTPUT file, as other CI systems or a stray variable may leave: not
    // GitHub Actions without GITHUB_ACTIONS=true
    const output = path.join(dir, 'not-actions-output')
    await writeFile(output, '')
    const r = await runCli([...argv, '--retries', '0'], {
      cwd: dir,
      env: { CI: 'true', GITHUB_OUTPUT: output, GITHUB_ACTIONS: 'false' }
    })
    expect(workflowCommandLines(r.stdout)).toEqual([])
    expect(workflowCommandLines(r.stderr)).toEqual([])
    expect(r.stdout + r.stderr).not.toContain(TOKEN)
    // no output was set
    expect(await readText(output)).toBe('')
  })
})
