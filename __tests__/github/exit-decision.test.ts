// The verdict alone decides the exit code, in main.ts, right after the results are published:
// the headline comes after the table and the target annotations, and before any GitHub
// reporting, as the runner's log has always shown it.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { fleetYaml, forbidden, startFakeGitHub, type FakeGitHub } from './fake-api.js'
import { commands, OLD, SHA } from '../helpers/outcome.js'

const TOKEN = 'ghs_test'

let api: FakeGitHub
let fleet: TestServer
beforeAll(async () => {
  api = await startFakeGitHub()
  fleet = await startFleet({ a: SHA, b: SHA, old: OLD })
})
afterAll(async () => {
  await api.close()
  await fleet.close()
})
beforeEach(() => api.reset())

function check(targets: string[]) {
  return runAction({
    inputs: {
      targets: fleetYaml(fleet.origin, targets),
      'github-token': TOKEN,
      'commit-status': 'fleet',
      retries: '0'
    },
    env: api.env()
  })
}

/** Where a line containing `text` first appears in the log (-1 when it does not). */
const lineOf = (log: string, text: string) => log.split('\n').findIndex(l => l.includes(text))

describe('the exit decision', () => {
  test('a failing fleet: the headline fails the step after the annotations, before the status', async () => {
    const run = await check(['a', 'old'])
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    const errors = commands(run.stdout, 'error')
    expect(errors.map(e => e.properties.title ?? null)).toEqual(['fleet-check: old stale', null])
    expect(errors[1].message).toMatch(/^1 of 2 targets not on 9f8e7d6: old stale/)
    const table = lineOf(run.stdout, '✗ old  stale')
    const annotation = lineOf(run.stdout, errors[0].line)
    const headline = lineOf(run.stdout, errors[1].line)
    const status = lineOf(run.stdout, 'Commit status "fleet" set to failure')
    expect([table, annotation, headline, status].every(i => i >= 0)).toBe(true)
    expect(table).toBeLessThan(annotation)
    expect(annotation).toBeLessThan(headline)
    expect(headline).toBeLessThan(status)
  })

  test('a passing fleet: the headline is a log line before the status, and the step passes', async () => {
    const run = await check(['a', 'b'])
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(commands(run.stdout, 'error')).toEqual([])
    const headline = lineOf(run.stdout, 'All 2 targets on 9f8e7d6')
    const status = lineOf(run.stdout, 'Commit status "fleet" set to success')
    expect(headline).toBeGreaterThanOrEqual(0)
    expect(headline).toBeLessThan(status)
  })

  test('a reporting problem after the decision leaves a pass a pass', async () => {
    api.always('createStatus', forbidden())
    const run = await check(['a', 'b'])
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(commands(run.stdout, 'error')).toEqual([])
    expect(commands(run.stdout, 'warning').map(w => w.message)).toEqual([
      expect.stringContaining('fleet-check could not post the commit status (HTTP 403')
    ])
  })
})
