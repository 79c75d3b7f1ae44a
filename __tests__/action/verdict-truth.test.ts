// Issue 8, "Green must never lie", through the whole action (in process, real loopback servers,
// the recording fake of the GitHub API): lookalike builds are stale, placeholders are missing
// and never a consensus, a version where a commit is expected is missing with a reason, a branch
// as `expected` is bad input, short hex gets a warning, and under consensus the commit status
// goes on the event's commit.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { fleet, runAction } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import {
  commands,
  expectBadInput,
  expectVerdict,
  names,
  OLD,
  pathOf,
  report,
  SHA
} from '../helpers/outcome.js'
import { RUN_URL, startFakeGitHub, type FakeGitHub } from '../github/fake-api.js'

const SHA256 = `${SHA}${'ab'.repeat(12)}`
const DEBIAN = '2.42.0+ds-5+deb12u1'
const TOKEN = 'ghs_test'

/** GET /<name>/version answers { sha: BUILDS[name] }; /<name>/header sends it as X-Build. */
const BUILDS: Record<string, string> = {
  ok: SHA,
  abbrev: SHA.slice(0, 12),
  l48: `${SHA}deadbeef`,
  l64: SHA256,
  decimal: '20240611',
  debian: DEBIAN,
  version: 'v1.2.3',
  old: OLD,
  short: 'abc12',
  null40: '0'.repeat(40),
  null64: '0'.repeat(64),
  null7: '0000000',
  template: '${GIT_SHA}',
  dollar: '$GIT_SHA',
  percent: '%GIT_SHA%',
  go: '{{.Commit}}',
  at: '@GIT_SHA@',
  dunder: '__GIT_SHA__',
  devel: '(devel)',
  head: 'HEAD',
  latest: 'latest'
}
const PLACEHOLDERS = [
  'null40',
  'null64',
  'null7',
  'template',
  'dollar',
  'percent',
  'go',
  'at',
  'dunder',
  'devel',
  'head',
  'latest'
]

let server: TestServer
let api: FakeGitHub
beforeAll(async () => {
  server = await startServer((req, res) => {
    const [, name, kind] = pathOf(req.url).split('/')
    const build = BUILDS[name]
    if (kind === 'header') {
      res.writeHead(200, { 'x-build': build, 'content-type': 'text/plain' })
      return res.end('ok')
    }
    json(res, { sha: build })
  })
  api = await startFakeGitHub()
})
afterAll(async () => {
  await server.close()
  await api.close()
})
beforeEach(() => api.reset())

const at = (name: string) => `${server.origin}/${name}/version`
const warnings = (stdout: string) => commands(stdout, 'warning').map(c => c.message)

describe('lookalike builds are stale', () => {
  test('48- and 64-character reports that start with the expected commit', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['ok', at('ok')],
          ['abbrev', at('abbrev')],
          ['l48', at('l48')],
          ['l64', at('l64')]
        ]),
        expected: SHA
      }
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(names(run, 'current')).toEqual(['ok', 'abbrev'])
    expect(names(run, 'stale')).toEqual(['l48', 'l64'])
    expect(report(run).targets.find(t => t.name === 'l48')?.reason).toBe(
      `reports ${SHA}deadbeef; expected ${SHA}`
    )
    // The headline does not say "runs 9f8e7d6" of a fleet "not on 9f8e7d6".
    expect(run.stdout).toContain(`l48 stale (runs ${SHA}deadbeef)`)
    expect(run.stdout).toContain(`l64 stale (runs ${SHA256})`)
  })

  test('a decimal build number is not its prefix', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['decimal', at('decimal')]]), expected: '2024061' }
    })
    expectVerdict(run, 'decimal', 'stale', 'reports 20240611; expected 2024061')
  })

  test('samples that see the build and its lookalike are mixed', async () => {
    let n = 0
    const flip = await startServer((_, res) => json(res, { sha: n++ % 2 ? `${SHA}deadbeef` : SHA }))
    try {
      const run = await runAction({
        inputs: { targets: fleet([['pool', `${flip.origin}/version`, 'samples: 2']]) }
      })
      expectVerdict(run, 'pool', 'mixed', `samples disagree: 1× ${SHA}deadbeef, 1× 9f8e7d6`)
    } finally {
      await flip.close()
    }
  })
})

describe('placeholders are missing and never a consensus', () => {
  test('null commits and unexpanded variables under consensus: all missing, the run fails', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet(PLACEHOLDERS.map(name => [name, at(name)])),
        expected: 'consensus'
      }
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    const r = report(run)
    expect(r.expected).toBeNull()
    expect(r.groups ?? []).toEqual([])
    for (const t of r.targets) {
      expect(t.status).toBe('missing')
      expect(t.reported).toBeNull()
      expect(t.reason).toContain(`placeholder ${JSON.stringify(BUILDS[t.name])}`)
    }
    expect(r.targets.find(t => t.name === 'null40')?.reason).toBe(
      `placeholder "${'0'.repeat(40)}" (git's null commit)`
    )
    expect(r.targets.find(t => t.name === 'template')?.reason).toBe(
      'placeholder "${GIT_SHA}" (an unexpanded template variable)'
    )
  })

  test('beside two real reports, null commits do not outvote them', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['null40', at('null40')],
          ['null64', at('null64')],
          ['null7', at('null7')],
          ['a', at('old')],
          ['b', at('old')]
        ]),
        expected: 'consensus'
      }
    })
    expect(run.code).toBe(1)
    expect(report(run).expected).toBe(OLD)
    expect(names(run, 'missing')).toEqual(['null40', 'null64', 'null7'])
    expect(names(run, 'current')).toEqual(['a', 'b'])
  })

  test('in a header too', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['null40', `${server.origin}/null40/header`, 'header: X-Build']])
      }
    })
    expectVerdict(run, 'null40', 'missing', `placeholder "${'0'.repeat(40)}" (git's null commit)`)
  })

  test('in the reports-file', async () => {
    const run = await runAction({
      inputs: {
        targets: '- name: a\n- name: b\n- name: c',
        'reports-file': 'reports.json',
        expected: 'consensus'
      },
      files: {
        'reports.json': JSON.stringify({ a: '0'.repeat(40), b: '0'.repeat(40), c: '{{.Commit}}' })
      }
    })
    expect(run.code).toBe(1)
    expect(names(run, 'missing')).toEqual(['a', 'b', 'c'])
    expect(report(run).targets.map(t => t.reason)).toEqual([
      `placeholder "${'0'.repeat(40)}" (git's null commit)`,
      `placeholder "${'0'.repeat(40)}" (git's null commit)`,
      'placeholder "{{.Commit}}" (an unexpanded template variable)'
    ])
  })
})

describe('a version where a commit is expected', () => {
  test('a Debian package version is missing, with a reason to act on', async () => {
    const run = await runAction({ inputs: { targets: fleet([['debian', at('debian')]]) } })
    const t = expectVerdict(
      run,
      'debian',
      'missing',
      `reports ${DEBIAN}, which is not a commit hash: point json/regex at the commit, or give this target its own expected`
    )
    expect(t.reported).toBe(DEBIAN)
    expect(t.expected).toBe(SHA)
  })

  test('under consensus, versions are compared as they are, unless a target expects a hash', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['a', at('debian')],
          ['b', at('debian')],
          ['c', at('version')],
          ['own', at('debian'), `expected: "${SHA.slice(0, 7)}"`]
        ]),
        expected: 'consensus'
      }
    })
    expect(run.code).toBe(1)
    expect(names(run, 'current')).toEqual(['a', 'b'])
    expect(names(run, 'stale')).toEqual(['c'])
    expect(names(run, 'missing')).toEqual(['own'])
  })
})

describe('hints for `expected`', () => {
  test.each(['main', 'HEAD', 'release/1.2', 'refs/heads/x', 'origin/main'])(
    '`expected: %s` is bad input, before any request',
    async value => {
      const before = server.requests.length
      const run = await runAction({
        inputs: { targets: fleet([['ok', at('ok')]]), expected: value }
      })
      expectBadInput(
        run,
        `input \`expected\`: ${JSON.stringify(value)} looks like a branch name; fleet-check compares builds: give a commit hash (such as \${{ github.sha }}) or a build id, or leave it empty to use the event's commit`
      )
      expect(server.requests.length).toBe(before)
    }
  )

  test("a branch as a target's own `expected` is bad input, at its key", async () => {
    const run = await runAction({
      inputs: { targets: fleet([['ok', at('ok'), 'expected: master']]) }
    })
    expectBadInput(
      run,
      'targets[0].expected: "master" looks like a branch name; expected a commit hash or a build id (fleet-check compares builds, not branches)'
    )
  })

  test.each(['0000000000000000000000000000000000000000', '${GIT_SHA}', '(devel)'])(
    '`expected: %s` (a placeholder) is bad input',
    async value => {
      const run = await runAction({
        inputs: { targets: fleet([['ok', at('ok')]]), expected: value }
      })
      expectBadInput(run, `input \`expected\`: ${JSON.stringify(value)} is not valid`)
    }
  )

  test('short hex gets a warning, and still matches exactly that report', async () => {
    const run = await runAction({
      inputs: { targets: fleet([['short', at('short')]]), expected: 'abc12' }
    })
    expect(run.code).toBe(0)
    expect(names(run, 'current')).toEqual(['short'])
    expect(warnings(run.stdout)).toEqual([
      'input `expected`: "abc12" is 5 hex characters: it only matches a report of exactly that text; an abbreviated commit hash needs at least 7 characters to match a full one'
    ])
    // Seven characters are an abbreviation: no warning, and the full hash matches.
    const seven = await runAction({
      inputs: { targets: fleet([['ok', at('ok')]]), expected: SHA.slice(0, 7) }
    })
    expect(seven.code).toBe(0)
    expect(warnings(seven.stdout)).toEqual([])
  })

  test("a target's own short hex `expected`: one warning per value, naming a target", async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([
          ['s1', at('ok'), 'expected: cafe'],
          ['s2', at('ok'), 'expected: cafe'],
          ['n', at('ok'), 'expected: "12345"']
        ])
      }
    })
    expect(run.code).toBe(1)
    expect(warnings(run.stdout)).toEqual([
      'input `targets`: `expected` "cafe" (target "s1" and 1 more) is 4 hex characters: it only matches a report of exactly that text; an abbreviated commit hash needs at least 7 characters to match a full one'
    ])
  })
})

describe('the commit status under consensus', () => {
  const github = { expected: 'consensus', 'github-token': TOKEN, 'commit-status': 'fleet' }
  const on = (...builds: string[]) => fleet(builds.map((b, i) => [`t${i}`, at(b)]))

  test("goes on the event's commit, naming the build the servers agree on", async () => {
    const run = await runAction({
      inputs: { ...github, targets: on('old', 'old', 'old') },
      env: api.env()
    })
    expect(run.code).toBe(0)
    expect(api.statuses).toEqual([
      {
        sha: SHA,
        state: 'success',
        context: 'fleet',
        description: '3 of 3 targets agree on 1a2b3c4',
        target_url: RUN_URL
      }
    ])
  })

  test('a consensus failure is a failure status on the event commit', async () => {
    const run = await runAction({
      inputs: { ...github, targets: on('old', 'old', 'ok', 'null40') },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(api.statuses.map(s => [s.sha, s.state, s.description])).toEqual([
      [SHA, 'failure', '1 stale, 1 missing; 2 of 4 targets agree on 1a2b3c4']
    ])
  })

  test('null commits everywhere: no consensus, a failure status', async () => {
    const run = await runAction({
      inputs: { ...github, targets: on('null40', 'null40') },
      env: api.env()
    })
    expect(run.code).toBe(1)
    expect(api.statuses.map(s => [s.sha, s.state])).toEqual([[SHA, 'failure']])
  })

  test('with no event commit: a warning, and no status', async () => {
    const run = await runAction({
      inputs: { ...github, targets: on('old', 'old') },
      env: api.env({ GITHUB_SHA: '', GITHUB_EVENT_NAME: 'schedule' })
    })
    expect(run.code).toBe(0)
    expect(api.statuses).toEqual([])
    expect(warnings(run.stdout).join('\n')).toContain('commit-status: no event commit to post on')
  })
})
