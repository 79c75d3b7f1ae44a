// The committed dist/index.js, spawned as the runner spawns it: one test per feature family, to
// prove the shipped bundle has it (the in-process suites test each case in detail). Also what only
// a process shows: the exit code, the real stdout and stderr, the GITHUB_OUTPUT file's framing.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { fleet, runBundle } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  commands,
  errors,
  names,
  OLD,
  pathOf,
  report,
  roundLines,
  SHA,
  SHORT,
  summaryRows,
  target
} from '../helpers/outcome.js'

/** the head of a pull request, other than GITHUB_SHA */
const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'
const NEW = 'abcdef0123456789abcdef0123456789abcdef01'
const NULL_COMMIT = '0'.repeat(40)

let server: TestServer
/** requests per path */
const count = new Map<string, number>()
beforeAll(async () => {
  // /<build>/version reports <build>; a few paths do more.
  server = await startServer((req, res) => {
    const path = pathOf(req.url)
    const n = count.get(path) ?? 0
    count.set(path, n + 1)
    if (path === '/gone/version') return text(res, 'not found', 404)
    // old at first, new from the second request on: a rollout
    if (path === '/rolling/version') return json(res, { sha: n === 0 ? OLD : SHA })
    json(res, { sha: decodeURIComponent(path.split('/')[1]) })
  })
})
afterAll(() => server.close())

const at = (build: string) => `${server.origin}/${build}/version`

test('a passing fleet: exit 0, every output, the report file, the summary, a quiet stderr', async () => {
  const run = await runBundle({
    inputs: {
      targets: fleet([
        ['a', at(SHA)],
        ['b', at(SHORT)]
      ]),
      'report-path': 'out/report.json'
    },
    readFiles: ['out/report.json']
  })
  expect(run.code).toBe(0)
  expect(run.outputs).toEqual({
    result: 'pass',
    expected: SHA,
    current: '["a","b"]',
    stale: '[]',
    mixed: '[]',
    missing: '[]',
    undeclared: '[]',
    report: expect.any(String)
  })
  expect(report(run).targets.map(t => [t.name, t.status])).toEqual([
    ['a', 'current'],
    ['b', 'current']
  ])
  expect(JSON.parse(run.files['out/report.json'])).toEqual(report(run))
  expect(run.summary).toContain('## fleet-check: ✅ pass')
  expect(run.summary).toContain('**All 2 targets current.**')
  expect(run.summary).toContain(`Expected build \`${SHORT}\``)
  expect(errors(run)).toEqual([])
  expect(run.stdout).toContain(`All 2 targets on ${SHORT}`)
  // Nothing on stderr: no warning from Node or a library reaches the log.
  expect(run.stderr).toBe('')
})

test('a failing fleet: exit 1, the names, an annotation per target, the headline, the summary', async () => {
  const run = await runBundle({
    inputs: {
      targets: fleet([
        ['a', at(SHA)],
        ['old', at(OLD)],
        ['gone', `${server.origin}/gone/version`]
      ]),
      retries: '0'
    }
  })
  expect(run.code).toBe(1)
  expect(run.outputs.result).toBe('fail')
  expect([names(run, 'current'), names(run, 'stale'), names(run, 'missing')]).toEqual([
    ['a'],
    ['old'],
    ['gone']
  ])
  expect(
    commands(run.stdout, 'error')
      .filter(c => c.properties.title)
      .map(c => c.properties.title)
  ).toEqual(['fleet-check: old stale', 'fleet-check: gone missing'])
  const headline = `2 of 3 targets not on ${SHORT}: old stale (runs 1a2b3c4), gone missing (HTTP 404)`
  expect(errors(run)).toContain(headline)
  expect(run.summary).toContain('## fleet-check: ❌ fail')
  // The summary's headline is the count; the lists below name the targets.
  expect(run.summary).toContain('**2 targets failing:** 1 stale, 1 missing; 1 current.')
  expect(summaryRows(run.summary).map(r => [r[0], r[1]])).toEqual([
    ['❌ stale', 'old'],
    ['⚠️ missing', 'gone'],
    ['✅ current', 'a']
  ])
  expect(run.stderr).toBe('')
})

test('the expected build from a pull_request event is its head commit, not GITHUB_SHA', async () => {
  const run = await runBundle({
    inputs: {
      targets: fleet([
        ['head', at(HEAD)],
        ['merge', at(SHA)]
      ])
    },
    env: { GITHUB_EVENT_NAME: 'pull_request' },
    event: { pull_request: { number: 7, merge_commit_sha: SHA, head: { sha: HEAD } } }
  })
  expect(run.code).toBe(1)
  expect(run.outputs.expected).toBe(HEAD)
  expect(names(run, 'current')).toEqual(['head'])
  expect(names(run, 'stale')).toEqual(['merge'])
  expect(run.stdout).toContain(
    `Expected build: ${HEAD} (from pull_request.head.sha of the pull_request event)`
  )
})

test('consensus: the build most targets agree on is expected; the odd one out is stale', async () => {
  const run = await runBundle({
    inputs: {
      targets: fleet([
        ['a', at(NEW)],
        ['b', at(NEW)],
        ['c', at(OLD)],
        // git's null commit is a placeholder: never a build, never part of a consensus
        ['z', at(NULL_COMMIT)]
      ]),
      expected: 'consensus'
    }
  })
  expect(run.code).toBe(1)
  expect(run.outputs.expected).toBe(NEW)
  expect(names(run, 'stale')).toEqual(['c'])
  expect(names(run, 'missing')).toEqual(['z'])
  expect(report(run).groups).toEqual([
    { build: NEW, targets: ['a', 'b'] },
    { build: OLD, targets: ['c'] }
  ])
  expect(errors(run)).toContainEqual(
    expect.stringMatching(
      /^2 of 4 targets not on abcdef0: c stale \(runs 1a2b3c4\), z missing \(placeholder /
    )
  )
})

test('a rollout: with wait, the run passes at the round after the target moves', async () => {
  const run = await runBundle({
    inputs: {
      targets: fleet([['rolling', `${server.origin}/rolling/version`]]),
      wait: '20s',
      interval: '200ms',
      'stable-rounds': '2',
      retries: '0'
    }
  })
  expect(run.code).toBe(0)
  expect(target(run, 'rolling').status).toBe('current')
  // old, then new twice in a row
  expect(count.get('/rolling/version')).toBe(3)
  expect(roundLines(run.stdout).map(l => l.replace(/ \(.*? left\)/, ''))).toEqual([
    'round 1: 0/1 current; stale: rolling (1a2b3c4)',
    'round 2: 1/1 current',
    'round 3: 1/1 current'
  ])
})

test('reports-file: builds from an earlier step are compared, not polled', async () => {
  const before = server.requests.length
  const run = await runBundle({
    inputs: {
      targets: '- name: host-[1:2]\n- name: web\n  url: URL'.replace('URL', at(OLD)),
      'reports-file': 'reports.json'
    },
    files: { 'reports.json': JSON.stringify({ 'host-1': SHA, 'host-2': OLD, web: SHA }) }
  })
  expect(run.code).toBe(1)
  expect(names(run, 'current')).toEqual(['host-1', 'web'])
  expect(names(run, 'stale')).toEqual(['host-2'])
  expect(server.requests.length).toBe(before)
})
