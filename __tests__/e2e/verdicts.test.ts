// Current, stale and missing targets, and how hashes compare.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { closedPort, json, startServer, text, type TestServer } from '../helpers/servers.js'
import {
  commands,
  errors,
  names,
  OLD,
  pathOf,
  report,
  SHA,
  SHORT,
  summaryRows
} from '../helpers/outcome.js'

let server: TestServer
let down: number

beforeAll(async () => {
  // /<build>/version reports <build>; /status/<code> answers that status; /hang never answers.
  server = await startServer((req, res) => {
    const [, first, second] = pathOf(req.url).split('/')
    if (first === 'status') return text(res, 'nope', Number(second))
    if (first === 'hang') return
    if (first === 'big') return text(res, 'a'.repeat(2 * 1024 * 1024))
    if (first === 'loop') {
      res.writeHead(302, { location: `/loop/${Number(second) + 1}` })
      return res.end()
    }
    json(res, { sha: decodeURIComponent(first) })
  })
  down = await closedPort()
})
afterAll(() => server.close())

const at = (build: string) => `${server.origin}/${encodeURIComponent(build)}/version`

function fleet(entries: [string, string][]): string {
  return entries.map(([name, url]) => `- name: ${name}\n  url: "${url}"`).join('\n')
}

describe('all current', () => {
  test('passes with exit 0, every output set and no error', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['a', at(SHA)],
          ['b', at(SHA)],
          ['c', at(SHA)]
        ])
      }
    })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(run.outputs.expected).toBe(SHA)
    expect(names(run, 'current')).toEqual(['a', 'b', 'c'])
    expect(names(run, 'stale')).toEqual([])
    expect(names(run, 'missing')).toEqual([])
    const r = report(run)
    expect(r.result).toBe('pass')
    expect(r.expected).toBe(SHA)
    expect(r.targets.map(t => [t.name, t.status, t.reported, t.reason])).toEqual([
      ['a', 'current', SHA, null],
      ['b', 'current', SHA, null],
      ['c', 'current', SHA, null]
    ])
    expect(run.summary).toContain('## fleet-check: ✅ pass')
    expect(run.summary).toContain('**All 3 targets current.**')
    expect(run.summary).toContain(`Expected build \`${SHORT}\`, from GITHUB_SHA of the push event.`)
    expect(run.summary).not.toContain('fail')
    expect(run.stdout).not.toContain('::error')
    expect(run.stdout).toContain(`All 3 targets on ${SHORT}`)
  })
})

describe('one stale', () => {
  let run: Awaited<ReturnType<typeof runAction>>
  beforeAll(async () => {
    run = await runAction({
      inputs: {
        targets: fleet([
          ['a', at(SHA)],
          ['b', at('1a2b3c4')],
          ['c', at(SHA)]
        ])
      }
    })
  })

  test('fails with a headline that names it', () => {
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    const headline = `1 of 3 targets not on ${SHORT}: b stale (runs 1a2b3c4)`
    expect(run.stdout.split('\n')).toContain(`::error::${headline}`)
    // The summary's headline is short: counts; the list below names the target.
    expect(run.summary).toContain('**1 target failing:** 1 stale; 2 current.')
  })

  test('outputs list it, in fleet order', () => {
    expect(names(run, 'stale')).toEqual(['b'])
    expect(names(run, 'current')).toEqual(['a', 'c'])
    expect(names(run, 'missing')).toEqual([])
    expect(run.outputs.expected).toBe(SHA)
  })

  test('the report shows what it runs and what it should', () => {
    const r = report(run)
    expect(r.result).toBe('fail')
    expect(r.expected).toBe(SHA)
    expect(r.targets.map(t => t.name)).toEqual(['a', 'b', 'c'])
    expect(r.targets[1]).toEqual({
      name: 'b',
      url: `${server.origin}/1a2b3c4/version`,
      status: 'stale',
      reported: '1a2b3c4',
      expected: SHA,
      reason: `reports 1a2b3c4; expected ${SHA}`,
      code: 'stale',
      attempts: 1,
      ms: expect.any(Number)
    })
  })

  test('an error annotation for it', () => {
    const annotations = commands(run.stdout, 'error').filter(c => c.properties.title)
    expect(annotations.map(c => [c.properties.title, c.message])).toEqual([
      ['fleet-check: b stale', `b at ${at('1a2b3c4')}: reports 1a2b3c4; expected ${SHA}`]
    ])
  })

  test('the summary lists failures first, with the short build and the URL', () => {
    expect(run.summary).toContain('## fleet-check: ❌ fail')
    const rows = summaryRows(run.summary)
    expect(rows.map(r => [r[0], r[1]])).toEqual([
      ['❌ stale', 'b'],
      ['✅ current', 'a'],
      ['✅ current', 'c']
    ])
    expect(rows[0][2]).toBe('1a2b3c4')
    // The expected build is at the top, once, not on every row.
    expect(rows[0][3]).toBe('')
    expect(rows[0][5]).toBe(at('1a2b3c4'))
  })
})

describe('missing', () => {
  test('a refused connection is missing with its reason', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['up', at(SHA)],
          ['down', `http://127.0.0.1:${down}/version`]
        ]),
        retries: '0',
        timeout: '2s'
      }
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(names(run, 'missing')).toEqual(['down'])
    expect(names(run, 'current')).toEqual(['up'])
    const t = report(run).targets[1]
    expect([t.status, t.reported, t.reason, t.attempts]).toEqual([
      'missing',
      null,
      'connection refused',
      1
    ])
    expect(errors(run)).toContain(
      `1 of 2 targets not on ${SHORT}: down missing (connection refused)`
    )
    expect(summaryRows(run.summary)[0].slice(0, 2)).toEqual(['⚠️ missing', 'down'])
  })

  test('a transient failure is retried `retries` times', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['down', `http://127.0.0.1:${down}/version`]]), retries: '1' }
    })
    expect(run.code).toBe(1)
    const t = report(run).targets[0]
    expect([t.status, t.reason, t.attempts]).toEqual(['missing', 'connection refused', 2])
  })

  test('a non-2xx answer is missing with the status', async () => {
    const before = server.requests.length
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['gone', `${server.origin}/status/404`],
          ['sick', `${server.origin}/status/503`]
        ]),
        retries: '0'
      }
    })
    expect(run.code).toBe(1)
    expect(names(run, 'missing')).toEqual(['gone', 'sick'])
    expect(report(run).targets.map(t => t.reason)).toEqual(['HTTP 404', 'HTTP 503'])
    expect(server.requests.length - before).toBe(2)
  })

  test('a body over 1 MiB and a redirect loop are missing', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['big', `${server.origin}/big`],
          ['loop', `${server.origin}/loop/0`]
        ]),
        retries: '0'
      }
    })
    expect(run.code).toBe(1)
    expect(names(run, 'missing')).toEqual(['big', 'loop'])
    expect(report(run).targets.map(t => t.reason)).toEqual([
      'body larger than 1 MiB',
      'too many redirects (5)'
    ])
  })

  test('a server that never answers times out', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['slow', `${server.origin}/hang`]]),
        retries: '0',
        timeout: '300ms'
      }
    })
    expect(run.code).toBe(1)
    expect(names(run, 'missing')).toEqual(['slow'])
    expect(report(run).targets[0].reason).toBe('timed out after 300ms')
  })
})

describe('comparing hashes', () => {
  test('7-character and upper-case forms of the expected hash are current', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['abbrev', at(SHORT)],
          ['upper', at(SHA.toUpperCase())],
          ['upper-abbrev', at(SHA.slice(0, 10).toUpperCase())],
          ['prefixed', at(`sha1:${SHA}`)]
        ])
      }
    })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(names(run, 'current')).toEqual(['abbrev', 'upper', 'upper-abbrev', 'prefixed'])
  })

  test('a 6-character abbreviation is not enough', async () => {
    const run = await runAction({ inputs: { targets: fleet([['six', at(SHA.slice(0, 6))]]) } })
    expect(run.code).toBe(1)
    // Too short to name a commit: no report of one (issue 8), rather than another build.
    expect(names(run, 'missing')).toEqual(['six'])
    expect(report(run).targets[0].reason).toBe(
      `reports ${SHA.slice(0, 6)}, which is not a commit hash (6 hex characters; an abbreviation needs at least 7): point json/regex at the commit, or give this target its own expected`
    )
  })

  test('an abbreviated `expected` matches the full hash a server reports', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['full', at(OLD)]]), expected: OLD.slice(0, 7).toUpperCase() }
    })
    expect(run.code).toBe(0)
    expect(run.outputs.expected).toBe(OLD.slice(0, 7).toUpperCase())
  })

  test('builds that are not hashes must be equal', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['same', at('v1.2.3')],
          ['other', at('V1.2.3')]
        ]),
        expected: 'v1.2.3'
      }
    })
    expect(run.code).toBe(1)
    expect(names(run, 'current')).toEqual(['same'])
    expect(names(run, 'stale')).toEqual(['other'])
  })

  test('a target with its own expected build is compared with it', async () => {
    const run = await runAction({
      inputs: {
        targets: `- {name: main, url: "${at(SHA)}"}\n- {name: canary, url: "${at(OLD)}", expected: "${OLD.slice(0, 7)}"}`
      }
    })
    expect(run.code).toBe(0)
    expect(report(run).targets.map(t => [t.name, t.status, t.expected])).toEqual([
      ['main', 'current', SHA],
      ['canary', 'current', OLD.slice(0, 7)]
    ])
  })
})

describe('requests', () => {
  test('GET with Cache-Control: no-cache, at most `concurrency` at once', async () => {
    let inFlight = 0
    let most = 0
    const slow = await startServer((_req, res) => {
      inFlight++
      most = Math.max(most, inFlight)
      setTimeout(() => {
        inFlight--
        json(res, { sha: SHA })
      }, 150)
    })
    try {
      const run = await runAction({
        inputs: {
          targets: `- name: n-[1:6]\n  url: ${slow.origin}/n-[1:6]/version`,
          concurrency: '2'
        }
      })
      expect(run.code).toBe(0)
      expect(run.stdout).toContain('Checking 6 targets (at most 2 at once, 2 retries)')
      expect(slow.requests).toHaveLength(6)
      for (const r of slow.requests) {
        expect(r.method).toBe('GET')
        expect(r.headers['cache-control']).toBe('no-cache')
      }
      expect(most).toBe(2)
    } finally {
      await slow.close()
    }
  })
})
