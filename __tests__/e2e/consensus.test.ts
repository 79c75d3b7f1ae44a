// `expected: consensus`: every target must report one same build, whatever it is.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { closedPort, json, startServer, type TestServer } from '../helpers/servers.js'
import { errors, names, OLD, pathOf, report, SHA, summaryRows } from '../helpers/outcome.js'

const NEW = 'abcdef0123456789abcdef0123456789abcdef01'

let server: TestServer
let down: number
beforeAll(async () => {
  // /<anything>/<build>/version reports <build>
  server = await startServer((req, res) =>
    json(res, { sha: decodeURIComponent(pathOf(req.url).split('/')[2] ?? '') })
  )
  down = await closedPort()
})
afterAll(() => server.close())

/** name -> build; `null` is a target where nothing listens */
function fleet(builds: [string, string | null][]): string {
  return builds
    .map(([name, build]) =>
      build === null
        ? `- {name: ${name}, url: "http://127.0.0.1:${down}/version"}`
        : `- {name: ${name}, url: "${server.origin}/${name}/${build}/version"}`
    )
    .join('\n')
}

async function consensus(builds: [string, string | null][]) {
  return runAction({ inputs: { targets: fleet(builds), expected: 'consensus', retries: '0' } })
}

describe('consensus', () => {
  test('all agree: passes, and `expected` is the build they agree on', async () => {
    const run = await consensus([
      ['a', NEW],
      ['b', NEW],
      ['c', NEW]
    ])
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(run.outputs.expected).toBe(NEW)
    expect(names(run, 'current')).toEqual(['a', 'b', 'c'])
    expect(run.stdout).toContain('Expected build: the one most targets report (consensus)')
    expect(run.stdout).not.toContain('::error')
    expect(run.summary).toContain('## fleet-check: ✅ pass')
    expect(run.summary).toContain(
      '**All 3 targets current.**\\\nExpected build `abcdef0`, from consensus: the build most targets report.'
    )
    expect(report(run).groups).toEqual([{ build: NEW, targets: ['a', 'b', 'c'] }])
  })

  test('abbreviated and upper-case forms of one hash agree', async () => {
    const run = await consensus([
      ['a', NEW],
      ['b', NEW.slice(0, 7)],
      ['c', NEW.toUpperCase()]
    ])
    expect(run.code).toBe(0)
    expect(run.outputs.expected.toLowerCase()).toBe(NEW)
    expect(report(run).groups).toHaveLength(1)
  })

  test('7 against 1: the one is stale', async () => {
    const routers: [string, string][] = Array.from({ length: 8 }, (_, i) => [
      `router-${i + 1}`,
      i === 7 ? OLD : NEW
    ])
    const run = await consensus(routers)
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.outputs.expected).toBe(NEW)
    expect(names(run, 'stale')).toEqual(['router-8'])
    expect(names(run, 'current')).toEqual(routers.slice(0, 7).map(([n]) => n))
    expect(errors(run)).toContain('1 of 8 targets not on abcdef0: router-8 stale (runs 1a2b3c4)')
    const t = report(run).targets[7]
    expect([t.status, t.reported, t.expected, t.reason]).toEqual([
      'stale',
      OLD,
      NEW,
      `reports ${OLD}; most targets report ${NEW}`
    ])
    expect(report(run).groups).toEqual([
      { build: NEW, targets: routers.slice(0, 7).map(([n]) => n) },
      { build: OLD, targets: ['router-8'] }
    ])
  })

  test('a 2-2 tie: all four are stale and the summary lists both groups', async () => {
    const run = await consensus([
      ['a', NEW],
      ['b', OLD],
      ['c', NEW],
      ['d', OLD]
    ])
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.outputs.expected).toBe('')
    expect(names(run, 'stale')).toEqual(['a', 'b', 'c', 'd'])
    expect(names(run, 'current')).toEqual([])
    expect(errors(run)).toContain('No consensus among 4 targets: 2 on abcdef0, 2 on 1a2b3c4')
    const r = report(run)
    expect(r.expected).toBeNull()
    expect(r.targets.map(t => [t.status, t.reason])).toEqual(
      Array(4).fill(['stale', 'no majority: 2 builds tie at 2 targets each'])
    )
    expect(r.groups).toEqual([
      { build: NEW, targets: ['a', 'c'] },
      { build: OLD, targets: ['b', 'd'] }
    ])
    expect(run.summary).toContain('No expected build: no build has a majority.\\\n')
    expect(run.summary).toContain('Builds reported: `abcdef0` by 2, `1a2b3c4` by 2.')
    expect(summaryRows(run.summary).map(r => [r[0], r[1], r[2]])).toEqual([
      ['❌ stale', 'a', 'abcdef0'],
      ['❌ stale', 'b', '1a2b3c4'],
      ['❌ stale', 'c', 'abcdef0'],
      ['❌ stale', 'd', '1a2b3c4']
    ])
  })

  test('a missing target fails the consensus', async () => {
    const run = await consensus([
      ['a', NEW],
      ['b', NEW],
      ['c', NEW],
      ['d', null]
    ])
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.outputs.expected).toBe(NEW)
    expect(names(run, 'missing')).toEqual(['d'])
    expect(names(run, 'current')).toEqual(['a', 'b', 'c'])
    expect(errors(run)).toContain('1 of 4 targets not on abcdef0: d missing (connection refused)')
  })

  test('a fleet with nothing reported fails', async () => {
    const run = await consensus([
      ['a', null],
      ['b', null]
    ])
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(names(run, 'missing')).toEqual(['a', 'b'])
  })

  test('`consensus` is case-insensitive; a target with its own expected build keeps it', async () => {
    const run = await runAction({
      inputs: {
        targets: `${fleet([
          ['a', NEW],
          ['b', NEW]
        ])}\n- {name: pinned, url: "${server.origin}/pinned/${SHA}/version", expected: "${SHA}"}`,
        expected: 'Consensus'
      }
    })
    expect(run.code).toBe(0)
    expect(run.outputs.expected).toBe(NEW)
    expect(report(run).targets.map(t => [t.name, t.status, t.expected])).toEqual([
      ['a', 'current', NEW],
      ['b', 'current', NEW],
      ['pinned', 'current', SHA]
    ])
  })
})
