// Issue 15, through the whole action (in process, real loopback servers): a target's `checks`
// are named facts read from the same response as the build (json, header, regex), each with its
// own `expected` (a value or consensus). A target is current only when its build and every check
// match; a check that differs makes it stale with a reason naming the check, one that cannot be
// read makes it missing, and the build is still compared and reported. The report carries
// `checks: {name: {reported, expected, status}}` per target, and only when the fleet has checks.
// Each case says what it proves.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type http from 'node:http'
import { runAction, type Run } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import {
  commands,
  errors,
  everywhere,
  INJECTED,
  names,
  OLD,
  pathOf,
  report,
  roundLines,
  SHA,
  summaryHtml,
  target,
  type Status,
  type TargetReport
} from '../helpers/outcome.js'

/** The config hash every server should report, and another (9c1b2d3 and 3f2a1b9 for short). */
const CONFIG = '9c1b2d3e4f5a69788796a5b4c3d2e1f0a9b8c7d6'
const DRIFT = '3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a'
const SECRET = 'k-secret-5c3e9a1f77'

/** One check of a target in the report, as issue 15 fixes it. */
interface CheckReport {
  reported: string | null
  expected: string | null
  status: Status
}
type WithChecks = TargetReport & { checks?: Record<string, CheckReport> }

/** What a server says: its build, and the facts the checks read. */
interface Facts {
  /** git.commit.id */
  build: string
  /** config.sha; undefined: no such key; null: JSON null */
  config?: string | null
  /** the X-Schema-Version header; undefined: none */
  schema?: string
  /** "zone":"…" in the body, read with a regex */
  zone: string
  /** flags.power_peg */
  peg: string
  /** further response headers */
  headers?: Record<string, string>
}
const BASE: Facts = { build: SHA, config: CONFIG, schema: '42', zone: 'eu-1', peg: 'off' }
/** Facts per name: fixed, or by the request's number (0 first) for a server that changes. */
type Serve = Partial<Facts> | ((n: number, req: http.IncomingMessage) => Partial<Facts>)

let server: TestServer
const served = new Map<string, Serve>()
/** requests per name since the last serve() */
const hits = new Map<string, number>()

beforeAll(async () => {
  // GET /<name>/info answers the name's facts as a Spring Boot actuator would.
  server = await startServer((req, res) => {
    const name = decodeURIComponent(pathOf(req.url).split('/')[1] ?? '')
    const spec = served.get(name)
    if (!spec) return json(res, { error: 'not found' }, 404)
    const n = hits.get(name) ?? 0
    hits.set(name, n + 1)
    const f: Facts = { ...BASE, ...(typeof spec === 'function' ? spec(n, req) : spec) }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(f.schema === undefined ? {} : { 'x-schema-version': f.schema }),
      ...f.headers
    }
    res.writeHead(200, headers)
    res.end(
      JSON.stringify({
        app: { name: 'router' },
        git: { commit: { id: f.build } },
        config: f.config === undefined ? {} : { sha: f.config },
        flags: { power_peg: f.peg },
        zone: f.zone
      })
    )
  })
})
afterAll(() => server.close())

/** Sets what each name answers (every other name gets 404) and forgets the requests seen. */
function serve(fleet: Record<string, Serve>): void {
  served.clear()
  hits.clear()
  for (const [name, spec] of Object.entries(fleet)) served.set(name, spec)
}

const at = (name: string) => `${server.origin}/${name}/info`

/** The checks most cases declare in `defaults`: json, header and regex, from one response. */
const CHECKS = [
  'config:',
  '  json: config.sha',
  `  expected: "${CONFIG}"`,
  'schema:',
  '  header: X-Schema-Version',
  '  expected: "42"',
  'zone:',
  `  regex: '"zone":"([a-z0-9-]+)"'`,
  '  expected: eu-1'
]

/** A fleet document: the build at git.commit.id, `checks` in defaults (none: null), targets. */
function fleetDoc(targets: string[], checks: string[] | null = CHECKS): string {
  const lines = ['defaults:', '  json: git.commit.id']
  if (checks) lines.push('  checks:', ...checks.map(l => `    ${l}`))
  return [...lines, 'targets:', ...targets].join('\n')
}

/** One target at its own path, with further keys (one a line, nested lines indented). */
function entry(name: string, ...keys: string[]): string {
  return [`  - name: ${name}`, `    url: "${at(name)}"`, ...keys.map(k => `    ${k}`)].join('\n')
}

async function check(targets: string, inputs: Record<string, string> = {}, env = {}) {
  return runAction({
    inputs: { targets, retries: '0', 'report-path': 'report.json', ...inputs },
    env,
    readFiles: ['report.json']
  })
}

function checksOf(run: Run, name: string): Record<string, CheckReport> | undefined {
  return (target(run, name) as WithChecks).checks
}

/** The summary as it reads, code spans unwrapped. */
const plain = (summary: string) => summary.replace(/`/g, '')

const current = (value: string): CheckReport => ({
  reported: value,
  expected: value,
  status: 'current'
})

describe('every check matches', () => {
  let run: Run
  beforeAll(async () => {
    serve({ a: {}, b: {} })
    run = await check(fleetDoc([entry('a'), entry('b')]))
  })

  test('json, header and regex checks from one response: the run passes', () => {
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(names(run, 'current')).toEqual(['a', 'b'])
    for (const name of ['a', 'b']) {
      expect(target(run, name)).toMatchObject({
        status: 'current',
        reported: SHA,
        expected: SHA,
        reason: null,
        code: null
      })
    }
  })

  test('the report carries every check per target: reported, expected, status', () => {
    for (const name of ['a', 'b']) {
      expect(checksOf(run, name)).toEqual({
        config: current(CONFIG),
        schema: current('42'),
        zone: current('eu-1')
      })
    }
    // report-path too
    const file = JSON.parse(run.files['report.json']) as { targets: WithChecks[] }
    expect(file.targets.map(t => t.checks?.schema)).toEqual([current('42'), current('42')])
  })

  test('one request per target: the checks read the build’s response, no extra request', () => {
    expect(Object.fromEntries(hits)).toEqual({ a: 1, b: 1 })
  })
})

describe('a check that differs or cannot be read', () => {
  test('one target’s config differs: stale, the reason names config in short forms, the build still reported', async () => {
    serve({ a: {}, b: { config: DRIFT }, c: { build: OLD, config: DRIFT } })
    const run = await check(fleetDoc([entry('a'), entry('b'), entry('c')]))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'current')).toEqual(['a'])
    expect(names(run, 'stale')).toEqual(['b', 'c'])
    // b runs the right build: only its config is off.
    expect(target(run, 'b')).toMatchObject({
      status: 'stale',
      reported: SHA,
      expected: SHA,
      reason: 'config 3f2a1b9, expected 9c1b2d3',
      code: 'check-stale'
    })
    expect(checksOf(run, 'b')).toEqual({
      config: { reported: DRIFT, expected: CONFIG, status: 'stale' },
      schema: current('42'),
      zone: current('eu-1')
    })
    // c is off on both: every failing fact, the build first.
    expect(target(run, 'c')).toMatchObject({
      status: 'stale',
      reported: OLD,
      expected: SHA,
      reason: `reports ${OLD}; expected ${SHA}; config 3f2a1b9, expected 9c1b2d3`
    })
    // The summary shows the failing check; the headline names the target.
    expect(plain(run.summary)).toContain('config 3f2a1b9, expected 9c1b2d3')
    expect(errors(run).join('\n')).toMatch(/\bb stale\b/)
  })

  test('a check value that is not there: missing ("no config at config.sha"), the build still reported', async () => {
    serve({
      a: { config: undefined },
      h: { schema: undefined },
      // the worst status wins: a missing check over a stale build
      d: { build: OLD, config: undefined }
    })
    const run = await check(fleetDoc([entry('a'), entry('h'), entry('d')]))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'missing')).toEqual(['a', 'h', 'd'])
    const a = target(run, 'a')
    expect(a).toMatchObject({
      status: 'missing',
      reported: SHA,
      expected: SHA,
      code: 'check-missing'
    })
    expect(a.reason).toMatch(/^no config at config\.sha\b/)
    expect(checksOf(run, 'a')?.config).toEqual({
      reported: null,
      expected: CONFIG,
      status: 'missing'
    })
    expect(checksOf(run, 'a')?.schema).toEqual(current('42'))
    // A header check names its check too.
    expect(target(run, 'h').reason).toMatch(/\bschema\b/)
    expect(checksOf(run, 'h')?.schema).toEqual({
      reported: null,
      expected: '42',
      status: 'missing'
    })
    const d = target(run, 'd')
    expect(d).toMatchObject({ status: 'missing', reported: OLD, expected: SHA })
    expect(d.reason).toMatch(
      new RegExp(`^reports ${OLD}; expected ${SHA}; no config at config\\.sha`)
    )
  })

  test('placeholders ("unknown", empty, null) are missing, never a value', async () => {
    serve({ u: { config: 'unknown' }, e: { config: '' }, n: { config: null } })
    const run = await check(fleetDoc([entry('u'), entry('e'), entry('n')]))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'missing')).toEqual(['u', 'e', 'n'])
    for (const name of ['u', 'e', 'n']) {
      expect(target(run, name).reason).toMatch(/\bconfig\b/)
      expect(checksOf(run, name)?.config).toEqual({
        reported: null,
        expected: CONFIG,
        status: 'missing'
      })
    }
    expect(target(run, 'u').reason).toContain('placeholder "unknown"')
  })

  test('values compare as builds do: an abbreviation of a full hash matches, a lookalike and another case do not', async () => {
    serve({
      full: {},
      lookalike: { config: `${CONFIG}deadbeef` },
      cased: { zone: 'EU-1' }
    })
    const run = await check(
      fleetDoc(
        [entry('full'), entry('lookalike'), entry('cased')],
        [
          'config:',
          '  json: config.sha',
          `  expected: "${CONFIG.slice(0, 7)}"`,
          'zone:',
          `  regex: '"zone":"([A-Za-z0-9-]+)"'`,
          '  expected: eu-1'
        ]
      )
    )
    expect(names(run, 'current')).toEqual(['full'])
    expect(names(run, 'stale')).toEqual(['lookalike', 'cased'])
    expect(checksOf(run, 'lookalike')?.config.status).toBe('stale')
    expect(target(run, 'cased').reason).toBe('zone EU-1, expected eu-1')
  })

  test('a branch-like word is a config value, not a placeholder: expected "main" matches "main"', async () => {
    serve({ m: { zone: 'main' } })
    const run = await check(
      fleetDoc([entry('m')], ['zone:', `  regex: '"zone":"([a-z0-9-]+)"'`, '  expected: main'])
    )
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(checksOf(run, 'm')).toEqual({ zone: current('main') })
  })
})

describe('consensus on a check', () => {
  const consensusChecks = (word: string) => ['config:', '  json: config.sha', `  expected: ${word}`]

  test('one outlier: the value most targets report is expected, the outlier is stale', async () => {
    serve({ 'c-1': {}, 'c-2': {}, 'c-3': {}, 'c-4': { config: DRIFT } })
    const run = await check(
      fleetDoc(
        ['c-1', 'c-2', 'c-3', 'c-4'].map(n => entry(n)),
        consensusChecks('consensus')
      )
    )
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'current')).toEqual(['c-1', 'c-2', 'c-3'])
    expect(names(run, 'stale')).toEqual(['c-4'])
    expect(checksOf(run, 'c-4')).toEqual({
      config: { reported: DRIFT, expected: CONFIG, status: 'stale' }
    })
    expect(checksOf(run, 'c-1')).toEqual({ config: current(CONFIG) })
    const reason = target(run, 'c-4').reason ?? ''
    expect(reason).toMatch(/\bconfig\b/)
    expect(reason).toContain('3f2a1b9')
    expect(reason).toContain('9c1b2d3')
    // The build is compared with the event's commit as usual.
    expect(run.outputs.expected).toBe(SHA)
  })

  test('a tie fails every target of it, with each value and its targets listed', async () => {
    const left = ['left-1', 'left-2']
    const right = ['right-1', 'right-2']
    serve({
      'left-1': {},
      'right-1': { config: DRIFT },
      'left-2': {},
      'right-2': { config: DRIFT }
    })
    const run = await check(
      fleetDoc(
        ['left-1', 'right-1', 'left-2', 'right-2'].map(n => entry(n)),
        consensusChecks('Consensus')
      )
    )
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'current')).toEqual([])
    expect(names(run, 'stale')).toEqual(['left-1', 'right-1', 'left-2', 'right-2'])
    for (const [value, group] of [
      [CONFIG, left],
      [DRIFT, right]
    ] as const) {
      for (const name of group) {
        expect(checksOf(run, name)).toEqual({
          config: { reported: value, expected: null, status: 'stale' }
        })
        expect(target(run, name).reason).toMatch(/\bconfig\b/)
      }
    }
    // Each value is shown with its targets: on one line of the headline, the summary or a reason.
    const lines = [
      ...errors(run),
      ...plain(run.summary).split('\n'),
      ...report(run).targets.map(t => `${t.name}: ${t.reason}`)
    ]
    for (const [short, group] of [
      ['9c1b2d3', left],
      ['3f2a1b9', right]
    ] as const) {
      for (const name of group) {
        expect({
          short,
          name,
          listed: lines.some(l => l.includes(short) && new RegExp(`\\b${name}\\b`).test(l))
        }).toEqual({ short, name, listed: true })
      }
    }
  })
})

describe('defaults and a target’s own checks', () => {
  let run: Run
  beforeAll(async () => {
    serve({
      plain: {},
      // its own config check reads a header, and expects another value
      override: { headers: { 'x-config': 'blue-7' } },
      // reports a wrong schema, but drops that check
      dropped: { schema: '41' },
      // adds a check of its own, which fails
      extra: { peg: 'on' }
    })
    run = await check(
      fleetDoc([
        entry('plain'),
        entry('override', 'checks:', '  config:', '    header: X-Config', '    expected: blue-7'),
        entry('dropped', 'checks:', '  schema: null'),
        entry(
          'extra',
          'checks:',
          '  power-peg:',
          '    json: flags.power_peg',
          '    expected: "off"'
        )
      ])
    )
  })

  test('a target inherits every default check', () => {
    expect(target(run, 'plain').status).toBe('current')
    expect(Object.keys(checksOf(run, 'plain') ?? {}).sort()).toEqual(['config', 'schema', 'zone'])
  })

  test('a target’s entry replaces the default’s whole check (here: another mode and value)', () => {
    expect(target(run, 'override').status).toBe('current')
    expect(checksOf(run, 'override')?.config).toEqual(current('blue-7'))
    expect(Object.keys(checksOf(run, 'override') ?? {}).sort()).toEqual([
      'config',
      'schema',
      'zone'
    ])
  })

  test('`null` drops a default check: not judged, not in the report', () => {
    expect(target(run, 'dropped').status).toBe('current')
    expect(Object.keys(checksOf(run, 'dropped') ?? {}).sort()).toEqual(['config', 'zone'])
  })

  test('a check of the target’s own is added to the defaults', () => {
    expect(target(run, 'extra')).toMatchObject({
      status: 'stale',
      reported: SHA,
      reason: 'power-peg on, expected off'
    })
    expect(Object.keys(checksOf(run, 'extra') ?? {}).sort()).toEqual([
      'config',
      'power-peg',
      'schema',
      'zone'
    ])
    expect(names(run, 'stale')).toEqual(['extra'])
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
  })

  test('the summary shows the failing check, not a column per check for every target', () => {
    expect(plain(run.summary)).toContain('power-peg on, expected off')
    expect(run.summary).not.toMatch(/\b(config|schema|zone)\b/)
  })
})

describe('samples, wait, ranges', () => {
  test('samples that agree on the build but not on a check: mixed, the reason names the check', async () => {
    // second sample of three sees the other config
    serve({ pool: n => ({ config: n % 3 === 1 ? DRIFT : CONFIG }) })
    const run = await check(fleetDoc([entry('pool', 'samples: 3')]))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'mixed')).toEqual(['pool'])
    const t = target(run, 'pool')
    expect(t.code).toBe('check-mixed')
    expect(t.reason).toMatch(
      /^samples disagree on config: (2× 9c1b2d3, 1× 3f2a1b9|1× 3f2a1b9, 2× 9c1b2d3)$/
    )
    expect(checksOf(run, 'pool')?.config).toMatchObject({ expected: CONFIG, status: 'mixed' })
    expect(checksOf(run, 'pool')?.schema).toEqual(current('42'))
    // one request per sample
    expect(hits.get('pool')).toBe(3)
  })

  test('wait: a server whose config changes after the first round passes in the second', async () => {
    serve({ roll: n => ({ config: n === 0 ? DRIFT : CONFIG }) })
    const run = await check(fleetDoc([entry('roll')]), { wait: '20s', interval: '50ms' })
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(checksOf(run, 'roll')?.config).toEqual(current(CONFIG))
    expect(hits.get('roll')).toBe(2)
    const rounds = roundLines(run.stdout).map(l => l.replace(/ \(.*? left\)/, ''))
    expect(rounds).toHaveLength(2)
    expect(rounds[0]).toMatch(/^round 1: 0\/1 current; stale: roll\b/)
    expect(rounds[1]).toBe('round 2: 1/1 current')
  })

  test('a range inherits its checks: each router has them, the one off is stale', async () => {
    serve({ 'router-1': {}, 'router-2': { peg: 'on' }, 'router-3': {} })
    const run = await check(
      fleetDoc(
        [
          '  - name: router-[1:3]',
          `    url: "${server.origin}/router-[1:3]/info"`,
          '    checks:',
          '      power-peg:',
          '        json: flags.power_peg',
          '        expected: "off"'
        ],
        null
      )
    )
    expect(names(run, 'current')).toEqual(['router-1', 'router-3'])
    expect(names(run, 'stale')).toEqual(['router-2'])
    expect(target(run, 'router-2').reason).toBe('power-peg on, expected off')
    for (const [name, peg, status] of [
      ['router-1', 'off', 'current'],
      ['router-2', 'on', 'stale'],
      ['router-3', 'off', 'current']
    ] as const) {
      expect(checksOf(run, name)).toEqual({
        'power-peg': { reported: peg, expected: 'off', status }
      })
    }
  })
})

describe('reports-file entries carrying check values', () => {
  const declared = fleetDoc(
    ['  - name: match', '  - name: drift', '  - name: without', '  - name: holder'],
    ['config:', '  json: config.sha', `  expected: "${CONFIG}"`]
  )

  test('the list form: a matching value, another value, none, a placeholder', async () => {
    serve({})
    const withFile = await runAction({
      inputs: { targets: declared, 'reports-file': 'reports.json', retries: '0' },
      files: {
        'reports.json': JSON.stringify([
          { name: 'match', build: SHA, checks: { config: CONFIG } },
          { name: 'drift', build: SHA, checks: { config: DRIFT } },
          { name: 'without', build: SHA },
          { name: 'holder', build: SHA, checks: { config: 'unknown' } }
        ])
      }
    })
    expect({ code: withFile.code, result: withFile.outputs.result }).toEqual({
      code: 1,
      result: 'fail'
    })
    expect(names(withFile, 'current')).toEqual(['match'])
    expect(names(withFile, 'stale')).toEqual(['drift'])
    expect(names(withFile, 'missing')).toEqual(['without', 'holder'])
    expect(checksOf(withFile, 'match')).toEqual({ config: current(CONFIG) })
    expect(target(withFile, 'drift')).toMatchObject({
      reported: SHA,
      reason: 'config 3f2a1b9, expected 9c1b2d3'
    })
    expect(checksOf(withFile, 'drift')).toEqual({
      config: { reported: DRIFT, expected: CONFIG, status: 'stale' }
    })
    for (const name of ['without', 'holder']) {
      expect(target(withFile, name).reason).toMatch(/\bconfig\b/)
      expect(checksOf(withFile, name)).toEqual({
        config: { reported: null, expected: CONFIG, status: 'missing' }
      })
    }
    // Compared, not polled.
    expect(hits.size).toBe(0)
  })

  test('the mapping form carries no check values: those checks are missing', async () => {
    serve({})
    const run = await runAction({
      inputs: { targets: declared, 'reports-file': 'reports.json', retries: '0' },
      files: {
        'reports.json': JSON.stringify({ match: SHA, drift: SHA, without: SHA, holder: SHA })
      }
    })
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'missing')).toEqual(['match', 'drift', 'without', 'holder'])
    expect(checksOf(run, 'match')?.config).toEqual({
      reported: null,
      expected: CONFIG,
      status: 'missing'
    })
  })
})

describe('variables and secrets', () => {
  test('${VAR} in a check’s expected is read from the environment, and shown (it is not a secret)', async () => {
    serve({ v: {}, 'v-drift': { config: DRIFT } })
    const run = await check(
      fleetDoc(
        [entry('v'), entry('v-drift')],
        ['config:', '  json: config.sha', '  expected: ${CONFIG_SHA}']
      ),
      {},
      { CONFIG_SHA: CONFIG }
    )
    expect(names(run, 'current')).toEqual(['v'])
    expect(names(run, 'stale')).toEqual(['v-drift'])
    expect(checksOf(run, 'v')).toEqual({ config: current(CONFIG) })
    expect(target(run, 'v-drift').reason).toBe('config 3f2a1b9, expected 9c1b2d3')
    expect(commands(run.stdout, 'add-mask').map(c => c.message)).not.toContain(CONFIG)
  })

  test('a server echoing a header secret into check values: redacted in outputs, summary, report and log', async () => {
    const echo = (_: number, req: http.IncomingMessage): Partial<Facts> => ({
      config: String(req.headers['x-api-key']),
      schema: `v-${String(req.headers['x-api-key'])}`
    })
    serve({ echo })
    const run = await check(fleetDoc([entry('echo')]), { headers: `X-Api-Key: ${SECRET}` })
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'stale')).toEqual(['echo'])
    // The server did get the secret, and the report still says what came back, masked.
    expect(hits.get('echo')).toBe(1)
    const checks = checksOf(run, 'echo')
    expect(checks?.config).toEqual({ reported: '***', expected: CONFIG, status: 'stale' })
    expect(checks?.schema).toEqual({ reported: 'v-***', expected: '42', status: 'stale' })
    expect(run.files['report.json']).toContain('"echo"')
    for (const [where, text] of everywhere(run)) {
      expect({ where, leaks: text.includes(SECRET) }).toEqual({ where, leaks: false })
    }
  })
})

describe('server text in a check value', () => {
  test('workflow commands and markup in check values stay text: in the log, the summary, the outputs', async () => {
    const INJECTION = '::error::pwned\n::add-mask::x\n##[error]x\n::set-output name=result::pass'
    serve({
      cmd: { config: INJECTION },
      markup: { zone: '<script>alert(1)</script>' }
    })
    const run = await check(
      fleetDoc(
        [entry('cmd'), entry('markup')],
        [
          'config:',
          '  json: config.sha',
          `  expected: "${CONFIG}"`,
          'zone:',
          `  regex: '"zone":"([^"]+)"'`,
          '  expected: eu-1'
        ]
      )
    )
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
    expect(names(run, 'stale')).toEqual(['cmd', 'markup'])
    // What the server said is kept, as data, in the report.
    expect(checksOf(run, 'cmd')?.config.reported).toBe(INJECTION)
    expect(checksOf(run, 'markup')?.zone.reported).toBe('<script>alert(1)</script>')
    // No line of the log is a command the action did not write itself.
    expect(run.stdout).not.toContain('##[')
    for (const line of run.stdout.split('\n').filter(l => /^\s*::/.test(l))) {
      expect(line).toMatch(/^::(group|endgroup|error|add-mask|debug)[ :]/)
      expect(line).not.toMatch(/^::(add-mask::x|error::pwned)/)
    }
    expect(summaryHtml(run.summary)).not.toMatch(INJECTED)
  })
})

describe('the contract for existing users', () => {
  test('a fleet without checks: no `checks` in the report, the output or the file', async () => {
    serve({ a: { config: DRIFT }, b: {} })
    const run = await check(fleetDoc([entry('a'), entry('b')], null))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    for (const t of report(run).targets) expect(Object.keys(t)).not.toContain('checks')
    const file = JSON.parse(run.files['report.json']) as { targets: object[] }
    for (const t of file.targets) expect(Object.keys(t)).not.toContain('checks')
    expect(run.outputs.report).not.toContain('"checks"')
  })
})
