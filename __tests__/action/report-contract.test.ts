// Issue 9: the `report` output and report-path follow one declared contract, `Report` and
// `ReportTarget` in src/report/report-json.ts. Every target carries `code` beside `reason`: null
// when current, a reason code otherwise. The checks below are typed against the declared type, so
// a field added to it without a check here, or a check for a field it does not have, does not
// compile; a run whose report has a field the type lacks, misses one, or orders them otherwise,
// fails.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Socket } from 'node:net'
import { fleet, runAction, type Run } from '../helpers/run-action.js'
import { closedPort, json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  OLD,
  report,
  SHA,
  type Report,
  type Status,
  type TargetReport
} from '../helpers/outcome.js'
import { CACHE_HEADERS } from '../../src/verdict/cache-evidence.js'
import { REASON_CODES } from '../../src/verdict/reason.js'

type Check = (v: unknown) => boolean
type OptionalKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never
}[keyof T]
/** A check for every field of T, optional exactly where T's field is. */
type Shape<T> = {
  [K in keyof T]-?: { optional: K extends OptionalKeys<T> ? true : false; check: Check }
}

const isString: Check = v => typeof v === 'string'
const isCount: Check = v => Number.isInteger(v) && (v as number) >= 0
const nullable =
  (check: Check): Check =>
  v =>
    v === null || check(v)
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const STATUSES = {
  current: true,
  stale: true,
  mixed: true,
  missing: true,
  undeclared: true
} satisfies Record<Status, true>
const field = (check: Check) => ({ optional: false as const, check })
const optional = (check: Check) => ({ optional: true as const, check })

/** The declared order of a target's fields (the JSON's order), with what each may hold. */
const TARGET: Shape<TargetReport> = {
  name: field(isString),
  // issue 10: instances of `addresses: all` and their group's own entry
  group: optional(isString),
  address: optional(isString),
  // issue 11: pods of a `kubernetes` target
  pod: optional(isString),
  node: optional(nullable(isString)),
  ready: optional(v => typeof v === 'boolean'),
  url: field(isString),
  finalUrl: optional(isString),
  status: field(v => Object.hasOwn(STATUSES, v as string)),
  reported: field(nullable(isString)),
  expected: field(nullable(isString)),
  reason: field(nullable(isString)),
  code: field(v => v === null || (REASON_CODES as readonly unknown[]).includes(v)),
  attempts: field(isCount),
  ms: field(isCount),
  builds: optional(v => Array.isArray(v) && v.length > 1 && v.every(isString)),
  cache: optional(
    v =>
      isRecord(v) &&
      Object.entries(v).every(
        ([k, x]) => (CACHE_HEADERS as readonly string[]).includes(k) && isString(x)
      )
  ),
  // issue 15: the target's checks, by name
  checks: optional(
    v =>
      isRecord(v) &&
      Object.values(v).every(
        c =>
          isRecord(c) &&
          Object.keys(c).join() === 'reported,expected,status' &&
          nullable(isString)(c.reported) &&
          nullable(isString)(c.expected) &&
          ['current', 'stale', 'mixed', 'missing'].includes(c.status as string)
      )
  )
}

const GROUP: Check = v =>
  isRecord(v) && isString(v.build) && Array.isArray(v.targets) && v.targets.every(isString)
const REPORT: Shape<Report> = {
  expected: field(nullable(isString)),
  result: field(v => v === 'pass' || v === 'fail'),
  targets: field(v => Array.isArray(v)),
  groups: optional(v => Array.isArray(v) && v.every(GROUP)),
  truncated: optional(isRecord)
}

/** What in `value` does not fit `shape`: missing, unknown, wrong or out-of-order fields. */
function misfits<T>(value: unknown, shape: Shape<T>, where: string): string[] {
  if (!isRecord(value)) return [`${where}: not an object`]
  const declared = Object.keys(shape) as (keyof T & string)[]
  const problems: string[] = []
  for (const key of declared) {
    const rule = shape[key]
    if (!(key in value)) {
      if (!rule.optional) problems.push(`${where}.${key}: missing`)
    } else if (!rule.check(value[key])) {
      problems.push(`${where}.${key}: ${JSON.stringify(value[key])} does not fit`)
    }
  }
  for (const key of Object.keys(value)) {
    if (!(declared as string[]).includes(key)) problems.push(`${where}.${key}: not declared`)
  }
  const order = declared.filter(k => k in value)
  if (problems.length === 0 && Object.keys(value).join() !== order.join()) {
    problems.push(`${where}: fields in the order ${Object.keys(value).join()}, not ${order.join()}`)
  }
  return problems
}

/** Every misfit of a whole report, and its targets: `code` null exactly when current. */
function reportMisfits(value: unknown): string[] {
  const problems = misfits(value, REPORT, 'report')
  if (!isRecord(value) || !Array.isArray(value.targets)) return problems
  value.targets.forEach((t: unknown, i) => {
    problems.push(...misfits(t, TARGET, `targets[${i}]`))
    if (isRecord(t) && (t.code === null) !== (t.status === 'current'))
      problems.push(`targets[${i}]: code ${JSON.stringify(t.code)} with status ${String(t.status)}`)
    if (isRecord(t) && (t.reason === null) !== (t.status === 'current'))
      problems.push(
        `targets[${i}]: reason ${JSON.stringify(t.reason)} with status ${String(t.status)}`
      )
  })
  return problems
}

/** Both reports of a run fit the contract, and report-path is the `report` output, whole. */
function expectContract(run: Run): Report {
  expect(reportMisfits(JSON.parse(run.outputs.report))).toEqual([])
  if (run.files['report.json'] !== undefined) {
    expect(run.files['report.json']).toBe(
      JSON.stringify(JSON.parse(run.outputs.report), null, 2) + '\n'
    )
  }
  return report(run)
}

const byName = (r: Report) => new Map(r.targets.map(t => [t.name, t]))

let server: TestServer
let refused: number
beforeAll(async () => {
  // /pool answers OLD and SHA by turns, per connection: two samples disagree.
  const turn = new WeakMap<Socket, number>()
  let next = 0
  server = await startServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (path === '/ok') return json(res, { sha: SHA })
    if (path === '/old') {
      res.setHeader('age', '120')
      return json(res, { sha: OLD })
    }
    if (path === '/version') return json(res, { sha: 'v1.2.3' })
    if (path === '/unknown') return json(res, { sha: 'unknown' })
    if (path === '/away') {
      res.writeHead(302, { location: `http://localhost:${server.port}/ok` })
      return res.end()
    }
    if (path === '/pool') {
      if (!turn.has(req.socket)) turn.set(req.socket, next++)
      return json(res, { sha: (turn.get(req.socket) as number) % 2 ? SHA : OLD })
    }
    text(res, 'unavailable', 503)
  })
  refused = await closedPort()
})
afterAll(async () => {
  await server.close()
})

describe('a fleet with every status: each target carries its code', () => {
  let run: Run
  let targets: Map<string, TargetReport>
  beforeAll(async () => {
    run = await runAction({
      inputs: {
        targets: fleet([
          ['current', `${server.origin}/ok`],
          ['stale', `${server.origin}/old`],
          ['mixed', `${server.origin}/pool`, 'samples: 2'],
          ['refused', `http://127.0.0.1:${refused}/version`],
          ['status', `${server.origin}/down`],
          ['version', `${server.origin}/version`],
          ['placeholder', `${server.origin}/unknown`],
          ['away', `${server.origin}/away`]
        ]),
        expected: SHA,
        retries: '0',
        'report-path': 'report.json'
      },
      readFiles: ['report.json']
    })
    targets = byName(expectContract(run))
  })

  test('the run fails, and both reports fit the declared contract', () => {
    expect(run.code).toBe(1)
    expect(targets.size).toBe(8)
  })

  test('current: code null, like its reason', () => {
    expect(targets.get('current')).toMatchObject({
      status: 'current',
      reported: SHA,
      reason: null,
      code: null
    })
  })

  test('stale: code stale, with the cache headers it came with', () => {
    expect(targets.get('stale')).toMatchObject({
      status: 'stale',
      reported: OLD,
      expected: SHA,
      reason: `reports ${OLD}; expected ${SHA}; served from a cache (Age: 120)`,
      code: 'stale',
      cache: { age: '120' }
    })
  })

  test('mixed: code samples-disagree, with its builds', () => {
    expect(targets.get('mixed')).toMatchObject({
      status: 'mixed',
      reported: null,
      code: 'samples-disagree',
      builds: expect.arrayContaining([SHA, OLD])
    })
  })

  test('missing: a code for each kind of failure', () => {
    const missing = [...targets.values()].filter(t => t.status === 'missing')
    expect(Object.fromEntries(missing.map(t => [t.name, [t.code, t.reported, t.reason]]))).toEqual({
      refused: ['refused', null, 'connection refused'],
      status: ['http-status', null, 'HTTP 503'],
      version: [
        'not-a-commit',
        'v1.2.3',
        'reports v1.2.3, which is not a commit hash: point json/regex at the commit, or give this target its own expected'
      ],
      placeholder: ['placeholder', null, 'placeholder "unknown"'],
      away: [
        'redirect-other-host',
        null,
        `redirected to localhost:${server.port}: its answer does not show what this server runs`
      ]
    })
    expect(targets.get('away')?.finalUrl).toBe(`http://localhost:${server.port}/ok`)
  })

  test('without `code`, each target has the fields and order it had before', () => {
    const before = ['name', 'url', 'status', 'reported', 'expected', 'reason', 'attempts', 'ms']
    const keys = (name: string) =>
      Object.keys(targets.get(name) ?? {}).filter(k => k !== 'code' && k !== 'finalUrl')
    expect(keys('current')).toEqual(before)
    expect(keys('stale')).toEqual([...before, 'cache'])
    expect(keys('mixed')).toEqual([...before, 'builds'])
    expect(Object.keys(targets.get('away') ?? {}).slice(0, 4)).toEqual([
      'name',
      'url',
      'finalUrl',
      'status'
    ])
  })
})

test('a consensus without a majority: every target stale with code no-consensus', async () => {
  const run = await runAction({
    inputs: {
      targets: fleet([
        ['a', `${server.origin}/ok`],
        ['b', `${server.origin}/old`]
      ]),
      expected: 'consensus',
      retries: '0'
    }
  })
  const r = expectContract(run)
  expect(r.expected).toBeNull()
  expect(r.groups).toHaveLength(2)
  expect(r.targets.map(t => [t.status, t.expected, t.code])).toEqual([
    ['stale', null, 'no-consensus'],
    ['stale', null, 'no-consensus']
  ])
})

test('a reports-file: not-in-reports-file for a declared target, undeclared for an extra entry', async () => {
  const run = await runAction({
    inputs: {
      targets: fleet([
        ['web', `${server.origin}/ok`],
        ['db', `${server.origin}/ok`]
      ]),
      expected: SHA,
      'reports-file': 'reports.json'
    },
    files: { 'reports.json': JSON.stringify({ web: SHA, ghost: OLD }) }
  })
  const targets = byName(expectContract(run))
  expect(targets.get('web')).toMatchObject({ status: 'current', code: null })
  expect(targets.get('db')).toMatchObject({
    status: 'missing',
    reason: 'not in the reports-file',
    code: 'not-in-reports-file'
  })
  expect(targets.get('ghost')).toMatchObject({
    status: 'undeclared',
    url: '',
    reported: OLD,
    code: 'undeclared'
  })
})
