// reports-file: builds collected by an earlier step are compared instead of polled; entries no
// target declares are `undeclared`.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { startFakeGitHub, type FakeGitHub } from './fake-api.js'
import { expectBadInput, names, OLD, report, SHA, summaryRows } from '../helpers/outcome.js'

const FLEET = [
  '- name: host-[1:3]',
  '- name: db',
  '- name: cache',
  '- name: queue',
  '- name: web',
  '  url: URL'
].join('\n')

/** host-1..3 and web current, db stale, cache absent, queue a placeholder, ghost undeclared */
const REPORTS = {
  'host-1': SHA,
  'host-2': SHA.slice(0, 7),
  'host-3': SHA.toUpperCase(),
  db: OLD,
  queue: 'unknown',
  web: SHA,
  ghost: OLD
}

let fleet: TestServer
let api: FakeGitHub
beforeAll(async () => {
  fleet = await startFleet({ web: OLD })
  api = await startFakeGitHub()
})
afterAll(async () => {
  await fleet.close()
  await api.close()
})

function compare(reports: unknown, inputs: Record<string, string> = {}) {
  return runAction({
    inputs: {
      targets: FLEET.replace('URL', `${fleet.origin}/web/version`),
      'reports-file': 'reports.json',
      ...inputs
    },
    files: { 'reports.json': typeof reports === 'string' ? reports : JSON.stringify(reports) },
    env: api.env()
  })
}

describe('a reports-file with current, stale, missing, placeholder and undeclared entries', () => {
  let run: Awaited<ReturnType<typeof runAction>>
  beforeAll(async () => {
    run = await runAction({
      inputs: {
        targets: FLEET.replace('URL', `${fleet.origin}/web/version`),
        'reports-file': 'reports.json',
        'report-path': 'report.json'
      },
      files: { 'reports.json': JSON.stringify(REPORTS) },
      readFiles: ['report.json'],
      env: api.env()
    })
  })

  test('the run fails, and each output lists its targets in fleet order', () => {
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.outputs.expected).toBe(SHA)
    expect(names(run, 'current')).toEqual(['host-1', 'host-2', 'host-3', 'web'])
    expect(names(run, 'stale')).toEqual(['db'])
    expect(names(run, 'missing')).toEqual(['cache', 'queue'])
    expect(JSON.parse(run.outputs.undeclared)).toEqual(['ghost'])
  })

  test('the report says why', () => {
    const byName = Object.fromEntries(report(run).targets.map(t => [t.name, t]))
    expect(byName.db).toMatchObject({
      status: 'stale',
      reported: OLD,
      reason: `reports ${OLD}; expected ${SHA}`
    })
    expect(byName.cache).toMatchObject({
      status: 'missing',
      reported: null,
      reason: 'not in the reports-file'
    })
    expect(byName.queue).toMatchObject({
      status: 'missing',
      reported: null,
      reason: 'placeholder "unknown"'
    })
    expect(byName.ghost).toMatchObject({
      status: 'undeclared',
      url: '',
      reported: OLD,
      reason: 'in the reports-file but not declared in the fleet'
    })
    expect(byName['host-2']).toMatchObject({ status: 'current', reported: SHA.slice(0, 7) })
    expect(JSON.parse(run.files['report.json'])).toEqual(report(run))
  })

  test('compared, not polled: a target with a url gets no request', () => {
    expect(fleet.requests).toEqual([])
    // the web server would have said OLD; the file says SHA
    expect(names(run, 'current')).toContain('web')
  })

  test('the summary lists the undeclared entry among the failures', () => {
    const rows = summaryRows(run.summary).map(r => [r[0], r[1]])
    expect(rows.slice(0, 4)).toEqual([
      ['❌ stale', 'db'],
      ['⚠️ missing', 'cache'],
      ['⚠️ missing', 'queue'],
      ['❔ undeclared', 'ghost']
    ])
    expect(run.summary).toContain(
      '**4 targets failing:** 1 stale, 2 missing, 1 undeclared; 4 current.'
    )
  })
})

describe('allow-undeclared', () => {
  const fine = { 'host-1': SHA, 'host-2': SHA, 'host-3': SHA, db: SHA, cache: SHA, queue: SHA }

  test('true: the undeclared entry is still listed, and the rest being current passes', async () => {
    const run = await compare({ ...fine, web: SHA, ghost: OLD }, { 'allow-undeclared': 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(JSON.parse(run.outputs.undeclared)).toEqual(['ghost'])
    expect(report(run).targets.find(t => t.name === 'ghost')?.status).toBe('undeclared')
    expect(run.summary).toContain(
      '### ❔ Undeclared: 1 entry the fleet does not declare (allowed)\n\n- `ghost` reports `1a2b3c4`: '
    )
    expect(run.summary).toContain('**All 7 targets current.** 1 undeclared entry allowed.')
  })

  test('true does not let anything else pass', async () => {
    const run = await compare({ ...fine, ghost: OLD }, { 'allow-undeclared': 'true' })
    expect(run.code).toBe(1)
    expect(names(run, 'missing')).toEqual(['web'])
  })

  test('false (the default): the same file fails on the undeclared entry alone', async () => {
    const run = await compare({ ...fine, web: SHA, ghost: OLD })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.outputs.undeclared)).toEqual(['ghost'])
    expect(names(run, 'stale')).toEqual([])
    expect(names(run, 'missing')).toEqual([])
  })

  test('not a boolean is bad input', async () => {
    const run = await compare(fine, { 'allow-undeclared': 'maybe' })
    expectBadInput(run, 'input `allow-undeclared`')
  })
})

describe('both shapes', () => {
  const all = ['host-1', 'host-2', 'host-3', 'db', 'cache', 'queue', 'web']

  test('{"name": "build", …}', async () => {
    const run = await compare(Object.fromEntries(all.map(n => [n, SHA])))
    expect(run.code).toBe(0)
    expect(names(run, 'current')).toEqual(all)
    expect(run.outputs.undeclared).toBe('[]')
  })

  test('[{"name": …, "build": …}], with null as no report and numbers as text', async () => {
    const run = await compare(
      [
        ...all.slice(0, 5).map(name => ({ name, build: SHA })),
        { name: 'queue', build: null },
        { name: 'web', build: 4512345 }
      ],
      { expected: SHA }
    )
    expect(run.code).toBe(1)
    expect(names(run, 'current')).toEqual(all.slice(0, 5))
    expect(names(run, 'missing')).toEqual(['queue'])
    expect(names(run, 'stale')).toEqual(['web'])
    const web = report(run).targets.find(t => t.name === 'web')
    expect(web?.reported).toBe('4512345')
  })

  test('a list file under expected: consensus', async () => {
    const run = await compare(
      all.map((name, i) => ({ name, build: i === 0 ? OLD : SHA })),
      { expected: 'consensus' }
    )
    expect(run.code).toBe(1)
    expect(run.outputs.expected).toBe(SHA)
    expect(names(run, 'stale')).toEqual(['host-1'])
  })
})

describe('a malformed reports-file is bad input', () => {
  test.each([
    ['not JSON', '{"host-1": ', 'not valid JSON'],
    ['a string', '"9f8e7d6"', 'expected {"name": "build", …} or [{"name": …, "build": …}]'],
    ['a list of strings', '["host-1"]', '[0]: not a mapping'],
    ['an entry without a name', '[{"build": "abc"}]', '[0]: the name is not text'],
    ['a build that is an object', '{"db": {"sha": "abc"}}', 'the build of "db" is not text'],
    [
      'a name twice',
      '[{"name": "db", "build": "a"}, {"name": "db", "build": "b"}]',
      '"db" appears twice'
    ]
  ])('%s', async (_, content, fragment) => {
    const run = await compare(content)
    const messages = expectBadInput(run, fragment)
    expect(messages.join('\n')).toContain('reports-file "reports.json"')
    expect(fleet.requests).toEqual([])
  })

  test('a file that does not exist', async () => {
    const run = await runAction({
      inputs: { targets: FLEET.replace('URL', fleet.origin), 'reports-file': 'nope.json' },
      env: api.env()
    })
    expectBadInput(run, 'input `reports-file`: cannot read "nope.json" (no such file')
  })

  test('without a reports-file, a target without a url is bad input', async () => {
    const run = await runAction({ inputs: { targets: '- name: host-[1:3]' }, env: api.env() })
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({ result: 'fail' })
  })
})

test('no GitHub feature in use: no request to the API', () => {
  expect(api.requests).toEqual([])
})
