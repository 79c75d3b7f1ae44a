// What the command prints and writes: text for people (failing targets, every target with
// --verbose, nothing on a pass with --quiet, colour only on a terminal or when forced, a line per
// round under --wait), JSON for programs (the action's report, alone on stdout), and the
// --junit and --report files, relative to the working directory.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import path from 'node:path'
import type { Report } from '../../src/report/report-json.js'
import { OLD, pathOf, roundLines, SHA, SHORT } from '../helpers/outcome.js'
import { fleet, runAction } from '../helpers/run-action.js'
import { closedPort, json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  ESCAPES,
  readText,
  withoutStyles,
  runCli,
  tempDir,
  withFiles,
  type CliOptions
} from './run-cli.js'

/** Per path: how many requests it had. */
const asked = new Map<string, number>()
let server: TestServer
let refused: number
let dir: string

/** What each path answers, given how many requests it had before. */
const ROUTES: Record<string, (n: number) => string> = {
  '/api': () => SHA,
  '/web': () => SHA,
  '/old': () => OLD,
  // old twice, then the expected build
  '/flips': n => (n < 2 ? OLD : SHA)
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const p = pathOf(req.url)
    const route = ROUTES[p]
    if (!route) return text(res, 'not found', 404)
    const n = asked.get(p) ?? 0
    asked.set(p, n + 1)
    json(res, { sha: route(n) })
  })
  refused = await closedPort()
  dir = await tempDir()
  await withFiles(dir, {
    'pass.yml': fleet([
      ['api', `${server.origin}/api`],
      ['web', `${server.origin}/web`]
    ]),
    'fail.yml': fleet([
      ['api', `${server.origin}/api`],
      ['old', `${server.origin}/old`],
      ['gone', `http://127.0.0.1:${refused}/version`]
    ])
  })
})
afterAll(() => server.close())

function run(argv: string[], options: CliOptions = {}) {
  return runCli([...argv, '--expected', SHA, '--retries', '0'], { cwd: dir, ...options })
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: name => ['testsuite', 'testcase'].includes(name)
})

interface Case {
  classname: string
  name: string
  failure?: { message: string; type: string; '#text'?: string }
}

function junit(text: string): { suites: Record<string, string>[]; cases: Case[] } {
  expect(XMLValidator.validate(text)).toBe(true)
  const suites = xml.parse(text).testsuites.testsuite as (Record<string, string> & {
    testcase: Case[]
  })[]
  return { suites, cases: suites.flatMap(s => s.testcase ?? []) }
}

/** A report without what differs from run to run. */
function steady(report: Report) {
  return { ...report, targets: report.targets.map(({ ms: _ms, ...t }) => t) }
}

describe('--format json', () => {
  test('a failing fleet: stdout is one JSON document, the action’s report, and the code is 1', async () => {
    const r = await run(['fail.yml', '--format', 'json'])
    expect(r.code).toBe(1)
    // the whole of stdout parses: nothing before or after the document
    const report = JSON.parse(r.stdout) as Report
    expect(r.stdout.trimStart().startsWith('{')).toBe(true)
    expect(Object.keys(report).sort()).toEqual(['expected', 'result', 'targets'])
    expect(report).toMatchObject({ expected: SHA, result: 'fail' })
    expect(report.targets.map(t => [t.name, t.status])).toEqual([
      ['api', 'current'],
      ['old', 'stale'],
      ['gone', 'missing']
    ])
    // what the action reports of the same fleet, field by field
    const action = await runAction({
      inputs: { 'targets-file': 'fail.yml', expected: SHA, retries: '0', 'report-path': 'r.json' },
      files: { 'fail.yml': await readText(path.join(dir, 'fail.yml')) },
      readFiles: ['r.json']
    })
    expect(action.code).toBe(1)
    expect(steady(report)).toEqual(steady(JSON.parse(action.files['r.json']) as Report))
    // people's text goes to stderr, never into the document
    expect(r.stderr).toContain(`Checking 3 targets for build ${SHA}`)
  })

  test('a passing fleet: 0, and the document says pass', async () => {
    const r = await run(['pass.yml', '--format', 'json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'pass', expected: SHA })
  })

  test('--quiet keeps the document, and stderr silent', async () => {
    const r = await run(['fail.yml', '--format', 'json', '--quiet'])
    expect(r.code).toBe(1)
    expect((JSON.parse(r.stdout) as Report).result).toBe('fail')
    expect(r.stderr).toBe('')
  })
})

describe('--junit and --report files', () => {
  test('written relative to the working directory: a testcase per target, failures counted', async () => {
    const r = await run([
      'fail.yml',
      '--junit',
      'out/fleet-check.xml',
      '--report',
      'out/report.json'
    ])
    expect(r.code).toBe(1)
    const { suites, cases } = junit(await readText(path.join(dir, 'out', 'fleet-check.xml')))
    expect(suites).toHaveLength(1)
    expect(suites[0]).toMatchObject({
      name: 'fleet-check',
      tests: '3',
      failures: '2',
      errors: '0'
    })
    expect(cases.map(c => [c.classname, c.name, c.failure?.type])).toEqual([
      ['fleet-check', 'api', undefined],
      ['fleet-check', 'old', 'stale'],
      ['fleet-check', 'gone', 'missing']
    ])
    expect(cases[1].failure?.message).toBe(`stale: reports ${OLD}; expected ${SHA}`)
    expect(cases[2].failure?.message).toMatch(/^missing: .*connection refused/)

    const report = JSON.parse(await readText(path.join(dir, 'out', 'report.json'))) as Report
    expect(report.result).toBe('fail')
    expect(report.targets.map(t => t.status)).toEqual(['current', 'stale', 'missing'])
    // the files do not replace the text
    expect(r.stdout).toMatch(/^stale\s+old/m)
  })

  test('a passing fleet: the JUnit report has no failure', async () => {
    const r = await run(['pass.yml', '--junit', 'pass.xml'])
    expect(r.code).toBe(0)
    const { suites, cases } = junit(await readText(path.join(dir, 'pass.xml')))
    expect(suites[0]).toMatchObject({ name: 'fleet-check', tests: '2', failures: '0' })
    expect(cases.every(c => c.failure === undefined)).toBe(true)
  })
})

describe('text', () => {
  test('without --verbose, only targets that are not current', async () => {
    const r = await run(['fail.yml'])
    const listed = r.stdout.split('\n').filter(l => /^(current|stale|missing)\s/.test(l))
    expect(listed.map(l => l.split(/\s+/).slice(0, 2))).toEqual([
      ['stale', 'old'],
      ['missing', 'gone']
    ])
  })

  test('--verbose lists current targets too', async () => {
    const r = await run(['fail.yml', '--verbose'])
    expect(r.code).toBe(1)
    const listed = r.stdout.split('\n').filter(l => /^(current|stale|missing)\s/.test(l))
    expect(listed.map(l => l.split(/\s+/).slice(0, 3))).toEqual([
      ['stale', 'old', '1a2b3c4'],
      ['missing', 'gone', '-'],
      ['current', 'api', SHORT]
    ])
    // and the check's own log, on stderr
    expect(r.stderr).toContain('Checking 3 targets (at most 32 at once')
  })

  test('--verbose on a pass lists every target', async () => {
    const r = await run(['pass.yml', '-v'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^current\s+api\s+9f8e7d6/m)
    expect(r.stdout).toMatch(/^current\s+web\s+9f8e7d6/m)
  })

  test('--quiet: nothing at all on a pass', async () => {
    const r = await run(['pass.yml', '--quiet'])
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  test('--quiet: the failing lines and the headline on a failure, nothing else', async () => {
    const r = await run(['fail.yml', '-q'])
    expect(r.code).toBe(1)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^stale\s+old\s/)
    expect(lines[1]).toMatch(/^missing\s+gone\s/)
    expect(lines[2]).toBe('')
    expect(lines[3]).toMatch(/^✗ 2 of 3 targets not on 9f8e7d6: /)
    expect(r.stdout).not.toContain('Checking')
  })
})

describe('colour', () => {
  test.each<[string, string[], CliOptions]>([
    ['not a terminal', [], { isTTY: false }],
    ['NO_COLOR on a terminal', [], { isTTY: true, env: { TERM: 'xterm', NO_COLOR: '1' } }],
    ['--no-color on a terminal', ['--no-color'], { isTTY: true, env: { TERM: 'xterm' } }],
    ['--no-color over FORCE_COLOR', ['--no-color'], { env: { FORCE_COLOR: '1' } }],
    ['NO_COLOR over FORCE_COLOR', [], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }],
    ['a dumb terminal', [], { isTTY: true, env: { TERM: 'dumb' } }]
  ])('none: %s', async (_name, argv, options) => {
    const r = await run(['fail.yml', ...argv], options)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^stale\s+old/m)
    expect(r.stdout).not.toMatch(ESCAPES)
    expect(r.stderr).not.toMatch(ESCAPES)
  })

  test.each<[string, CliOptions]>([
    ['FORCE_COLOR=1, not a terminal', { isTTY: false, env: { FORCE_COLOR: '1' } }],
    ['a terminal', { isTTY: true, env: { TERM: 'xterm' } }]
  ])('some: %s', async (_name, options) => {
    const r = await run(['fail.yml'], options)
    expect(r.code).toBe(1)
    // the status in red, the headline in bold
    expect(r.stdout).toContain('\u001b[31mstale\u001b[39m')
    expect(r.stdout).toContain('\u001b[1m2 of 3 targets not on')
    // the same lines once the colour is taken out
    const plain = await run(['fail.yml'], { isTTY: false })
    expect(withoutStyles(r.stdout)).toBe(plain.stdout)
  })
})

describe('--wait', () => {
  test('a line per round, then a pass once the target turns to the expected build', async () => {
    asked.set('/flips', 0)
    // --targets=TEXT works as well as --targets TEXT
    const file = fleet([['flip', `${server.origin}/flips`]])
    const r = await run([`--targets=${file}`, '--wait', '20s', '--interval', '50ms'])
    expect(r.code).toBe(0)
    const rounds = roundLines(r.stdout)
    // old twice, then the build: three rounds, one request each, none after the pass
    expect(asked.get('/flips')).toBe(3)
    expect(rounds).toHaveLength(3)
    expect(rounds[0]).toMatch(/^round 1 \(\d+s left\): 0\/1 current; stale: flip \(1a2b3c4\)$/)
    expect(rounds[1]).toMatch(/^round 2 \(\d+s left\): 0\/1 current; stale: flip \(1a2b3c4\)$/)
    expect(rounds[2]).toMatch(/^round 3 \(\d+s left\): 1\/1 current$/)
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`✓ 1 target on ${SHORT}`)
  })

  test('--format json: the round lines go to stderr, stdout is still only the report', async () => {
    asked.set('/flips', 0)
    const file = fleet([['flip', `${server.origin}/flips`]])
    const r = await run([
      `--targets=${file}`,
      '--wait',
      '20s',
      '--interval',
      '50ms',
      '--format',
      'json'
    ])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as Report).result).toBe('pass')
    expect(roundLines(r.stderr)).toHaveLength(3)
  })
})
