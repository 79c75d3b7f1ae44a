// What a run leaves behind: report-path, the `report` output within GitHub's limits, the job
// summary, annotations.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import { commands, names, pathOf, report, SHA, type Report } from '../helpers/outcome.js'

/** a long hex build (so stale, not "no commit hash"): 5,000 stale targets cannot fit one output */
const LONG = `sha256:${'ab12'.repeat(16)}`

let server: TestServer
beforeAll(async () => {
  // /t-<n>/version: an odd n reports a stale build, an even n answers 404; /ok/* is current.
  server = await startServer((req, res) => {
    const url = pathOf(req.url)
    if (url.startsWith('/ok/')) return json(res, { sha: SHA })
    const m = /^\/t-(\d+)\//.exec(url)
    if (m && Number(m[1]) % 2 === 1) return json(res, { sha: `${LONG}f${m[1]}` })
    text(res, 'not found', 404)
  })
})
afterAll(() => server.close())

describe('report-path', () => {
  test('gets the whole report, the same as the `report` output when it fits', async () => {
    const run = await runAction({
      inputs: {
        targets: `- {name: a, url: "${server.origin}/ok/a"}\n- {name: b, url: "${server.origin}/t-1/version"}\n- {name: c, url: "${server.origin}/t-2/version"}`,
        'report-path': 'reports/fleet.json',
        retries: '0'
      },
      readFiles: ['reports/fleet.json']
    })
    expect(run.code).toBe(1)
    const written = JSON.parse(run.files['reports/fleet.json']) as Report
    expect(written).toEqual(report(run))
    expect(written.truncated).toBeUndefined()
    expect(written.expected).toBe(SHA)
    expect(written.result).toBe('fail')
    expect(written.targets.map(t => [t.name, t.status, t.reported, t.reason])).toEqual([
      ['a', 'current', SHA, null],
      ['b', 'stale', `${LONG}f1`, `reports ${LONG}f1; expected ${SHA}`],
      ['c', 'missing', null, 'HTTP 404']
    ])
    expect(run.stdout).toContain('Report written to ')
  })

  test('is written when the run passes too', async () => {
    const run = await runAction({
      inputs: { targets: `- {name: a, url: "${server.origin}/ok/a"}`, 'report-path': 'r.json' },
      readFiles: ['r.json']
    })
    expect(run.code).toBe(0)
    expect((JSON.parse(run.files['r.json']) as Report).result).toBe('pass')
  })
})

describe('the job summary', () => {
  test('summary: false writes none, and the verdict is the same', async () => {
    const run = await runAction({
      inputs: {
        targets: `- {name: b, url: "${server.origin}/t-1/version"}`,
        summary: 'false'
      }
    })
    expect(run.code).toBe(1)
    expect(run.summary).toBe('')
    expect(names(run, 'stale')).toEqual(['b'])
  })
})

describe('annotations', () => {
  // GitHub shows 10 error annotations a step; the headline (untitled) must be one of them.
  test('8 failing targets, one that counts the rest, and the headline: 10 in all', async () => {
    const run = await runAction({
      inputs: {
        targets: `- name: t-[1:13]\n  url: ${server.origin}/t-[1:13]/version\n- name: fine\n  url: ${server.origin}/ok/fine`,
        retries: '0'
      }
    })
    expect(run.code).toBe(1)
    const titled = commands(run.stdout, 'error').filter(c => c.properties.title)
    expect(titled.map(c => c.properties.title)).toEqual([
      ...Array.from(
        { length: 8 },
        (_, i) => `fleet-check: t-${i + 1} ${i % 2 === 0 ? 'stale' : 'missing'}`
      ),
      'fleet-check: more failing targets'
    ])
    expect(titled[8].message).toBe('and 5 more failing targets: see the job summary')
    expect(commands(run.stdout, 'error')).toHaveLength(10)
    const failed = commands(run.stdout, 'error').filter(c => !c.properties.title)
    expect(failed.map(c => c.message)).toEqual([
      '13 of 14 targets not on 9f8e7d6: t-1 stale (runs ' +
        `${LONG}f1), t-2 missing (HTTP 404), t-3 stale (runs ${LONG}f3), t-4 missing (HTTP 404), ` +
        `t-5 stale (runs ${LONG}f5), and 8 more`
    ])
  })
})

describe('a fleet of 5,000 where every target fails', () => {
  let run: Awaited<ReturnType<typeof runAction>>
  beforeAll(async () => {
    run = await runAction({
      inputs: {
        targets: `- name: t-[1:5000]\n  url: ${server.origin}/t-[1:5000]/version`,
        concurrency: '64',
        retries: '0',
        'report-path': 'report.json'
      },
      readFiles: ['report.json'],
      timeoutMs: 170_000
    })
  }, 180_000)

  test('fails and lists every target in the name outputs', () => {
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(names(run, 'stale')).toHaveLength(2500)
    expect(names(run, 'missing')).toHaveLength(2500)
    expect(names(run, 'stale').slice(0, 2)).toEqual(['t-1', 't-3'])
    expect(names(run, 'current')).toEqual([])
  })

  test('the `report` output stays under 1,000,000 bytes and says it was cut', () => {
    const bytes = Buffer.byteLength(run.outputs.report)
    expect(bytes).toBeLessThan(1_000_000)
    const r = report(run)
    expect(r.result).toBe('fail')
    expect(r.expected).toBe(SHA)
    expect(r.truncated).toBeDefined()
    const truncated = r.truncated as NonNullable<Report['truncated']>
    expect(truncated.omittedCurrent).toBe(0)
    expect(truncated.omittedFailing).toBeGreaterThan(0)
    expect(r.targets.length + truncated.omittedFailing).toBe(5000)
    expect(truncated.note).toContain('report-path gets the whole report')
    expect(r.targets.every(t => t.status !== 'current')).toBe(true)
    // The kept targets are whole, in fleet order.
    const numbers = r.targets.map(t => Number(t.name.slice(2)))
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
    expect(r.targets[0]).toMatchObject({ name: 't-1', status: 'stale', reported: `${LONG}f1` })
  })

  test('report-path has all 5,000', () => {
    const full = JSON.parse(run.files['report.json']) as Report
    expect(full.truncated).toBeUndefined()
    expect(full.targets).toHaveLength(5000)
    expect(full.targets.map(t => t.name)).toEqual(
      Array.from({ length: 5000 }, (_, i) => `t-${i + 1}`)
    )
    expect(full.targets.filter(t => t.status === 'missing')).toHaveLength(2500)
    expect(Buffer.byteLength(run.files['report.json'])).toBeGreaterThan(1_000_000)
  })

  test('the summary stays under 1 MiB and says it was cut', () => {
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    expect(run.summary).toContain('## fleet-check: ❌ fail')
    // 1,000 listed, as many of each status, and each list says how many more the report has.
    expect(run.summary).toContain('### ❌ Stale: 2500 targets on another build')
    expect(run.summary).toContain('### ⚠️ Missing: 2500 targets with no usable report')
    expect(
      run.summary.match(
        /^- … and 2000 more: the `report` output and `report-path` list every target\.$/gm
      )
    ).toHaveLength(2)
  })

  test('eight annotations, one that counts the rest, and the headline', () => {
    const titled = commands(run.stdout, 'error').filter(c => c.properties.title)
    expect(titled).toHaveLength(9)
    expect(titled[8].message).toBe('and 4992 more failing targets: see the job summary')
    expect(commands(run.stdout, 'error')).toHaveLength(10)
  })
})
