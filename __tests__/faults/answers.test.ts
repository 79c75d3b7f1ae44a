// Answers that are no report, and transient ones that become one: each with its verdict, its
// reason and a bound on the run.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, fleet } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  expectVerdict,
  expectWithin,
  names,
  pathOf,
  report,
  SHA,
  OVERHEAD_MS
} from '../helpers/outcome.js'

/** Requests per path, and when each came. */
const seen = new Map<string, number[]>()
let server: TestServer

const PLACEHOLDERS = [
  'unknown',
  'dev',
  'local',
  'local-dev',
  'n/a',
  'na',
  'none',
  'null',
  'nil',
  'undefined',
  'empty',
  '-',
  ''
]

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = pathOf(req.url)
    const times = seen.get(path) ?? []
    times.push(performance.now())
    seen.set(path, times)
    const n = times.length
    const [, first, second] = path.split('/')
    switch (first) {
      case 'flaky':
        // 503 twice, then the right build
        return n <= 2 ? text(res, 'warming up', 503) : json(res, { sha: SHA })
      case 'busy':
        if (n === 1) {
          res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' })
          return res.end('slow down')
        }
        return json(res, { sha: SHA })
      case 'down':
        return text(res, 'down', 503)
      case 'broken-json':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        return res.end('{"sha": "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",')
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end('<!DOCTYPE html>\n<html><body><h1>Welcome to nginx!</h1></body></html>\n')
      case 'json-placeholder':
        return json(res, { sha: decodeURIComponent(second) })
      case 'text-placeholder':
        return text(res, `${decodeURIComponent(second)}\n`)
    }
    text(res, 'not found', 404)
  })
})
afterAll(() => server.close())

describe('transient answers', () => {
  test('503 twice, then the right build: current after 3 attempts', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['flaky', `${server.origin}/flaky`]]) } // retries: 2 by default
    })
    const t = expectVerdict(run, 'flaky', 'current', null)
    expect(t.attempts).toBe(3)
    expect(t.reported).toBe(SHA)
    expect(seen.get('/flaky')).toHaveLength(3)
    // backoffs of at most 1 s and 2 s
    expectWithin(run, 3_000 + OVERHEAD_MS)
  })

  test('503 every time: missing with HTTP 503 after retries + 1 attempts', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['down', `${server.origin}/down`]]), retries: '1' }
    })
    const t = expectVerdict(run, 'down', 'missing', 'HTTP 503')
    expect(t.attempts).toBe(2)
    expectWithin(run, 1_000 + OVERHEAD_MS)
  })

  test('429 with Retry-After: 1, then the right build: current, after waiting 1 s', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['busy', `${server.origin}/busy`]]), retries: '1' }
    })
    const t = expectVerdict(run, 'busy', 'current', null)
    expect(t.attempts).toBe(2)
    const [first, second] = seen.get('/busy') ?? []
    // Retry-After wins over the backoff (250 to 500 ms for a first retry), as the server saw.
    expect(second - first).toBeGreaterThanOrEqual(950)
    expectWithin(run, 1_000 + OVERHEAD_MS)
  })
})

describe('answers that are no report', () => {
  test('invalid JSON under a JSON content type is missing, not retried', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['broken', `${server.origin}/broken-json`]]) }
    })
    const t = expectVerdict(run, 'broken', 'missing', 'invalid JSON body')
    expect(t.attempts).toBe(1)
    expect(t.reported).toBeNull()
    expectWithin(run, OVERHEAD_MS)
  })

  test('an HTML page with status 200 is missing', async () => {
    const run = await runAction({ inputs: { targets: fleet([['page', `${server.origin}/html`]]) } })
    const t = expectVerdict(run, 'page', 'missing', /^body is an HTML page, not a build; /)
    expect(t.attempts).toBe(1)
    expect(t.reported).toBeNull()
    expectWithin(run, OVERHEAD_MS)
  })

  test('each placeholder value, in JSON and as text, in any case, is missing', async () => {
    const cases: [string, string, string][] = []
    PLACEHOLDERS.forEach((p, i) => {
      cases.push([`json-${i}`, `/json-placeholder/${encodeURIComponent(p)}`, p])
      // An empty text body is "empty body"; the JSON case covers the empty string.
      if (p !== '') cases.push([`text-${i}`, `/text-placeholder/${encodeURIComponent(p)}`, p])
      if (p.toUpperCase() !== p)
        cases.push([
          `upper-${i}`,
          `/json-placeholder/${encodeURIComponent(p.toUpperCase())}`,
          p.toUpperCase()
        ])
    })
    const run = await runAction({
      inputs: {
        targets: fleet([
          ...cases.map(([name, path]): [string, string] => [name, `${server.origin}${path}`]),
          ['ok', `${server.origin}/json-placeholder/${SHA}`]
        ])
      }
    })
    expect(run.code).toBe(1)
    expect(names(run, 'current')).toEqual(['ok'])
    expect(names(run, 'missing')).toEqual(cases.map(c => c[0]))
    const byName = new Map(report(run).targets.map(t => [t.name, t]))
    for (const [name, , value] of cases) {
      expect([name, byName.get(name)?.reason, byName.get(name)?.reported]).toEqual([
        name,
        `placeholder ${JSON.stringify(value)}`,
        null
      ])
    }
    expect(cases.length).toBeGreaterThanOrEqual(PLACEHOLDERS.length * 2)
    expectWithin(run, OVERHEAD_MS)
  })
})
