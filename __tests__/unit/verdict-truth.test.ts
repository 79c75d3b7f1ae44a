// Issue 8, "Green must never lie", in the pure modules: lookalike builds, placeholders, a version
// where a commit is expected, the hints for `expected`, and the commit status under consensus.
import { describe, expect, test } from '@jest/globals'
import { err, ok } from '../../src/common/result.js'
import { checkBuild, shortHexHint } from '../../src/build/build-id.js'
import { parseFleet as parseFleetWith } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import { observeReports } from '../../src/verdict/from-reports.js'
import type { Extraction } from '../../src/fleet/target.js'
import { statusDescription } from '../../src/github/commit-status.js'
import { statusCommit } from '../../src/github/status-and-comment.js'
import { combine } from '../../src/verdict/observation.js'
import type { ReadResponse } from '../../src/probe/extract.js'
import { isPlaceholder, placeholderReason } from '../../src/build/placeholders.js'
import { headline } from '../../src/report/headline.js'
import { groupBuilds, sameBuild, shortBuild } from '../../src/build/compare.js'
import { judge, type Verdict } from '../../src/verdict/judge.js'
import { extracted as extractBuild, makeTarget, missing, reported } from './fixtures.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const SHA256 = `${SHA}${'ab'.repeat(12)}`
const DEBIAN = '2.42.0+ds-5+deb12u1'
const NOT_A_COMMIT = (v: string) =>
  `reports ${v}, which is not a commit hash: point json/regex at the commit, or give this target its own expected`

const build = (b: string) => ({ kind: 'build' as const, build: b })
const consensus = { kind: 'consensus' as const }

describe('lookalike builds are not the build', () => {
  test.each([
    [`${SHA}deadbeef`, SHA, 'a full hash with more after it (48 characters)'],
    [SHA256, SHA, 'a 64-character hash whose first 40 are the commit'],
    [`${SHA256}00`, SHA256, 'a full SHA-256 hash with more after it'],
    [`${SHA}${'ab'.repeat(4)}`.slice(0, 41), SHA, '41 characters'],
    ['20240611', '2024061', 'a decimal build number and its prefix'],
    ['2024061123', '2024061', 'a longer decimal build number'],
    ['0123456789012', '0123456', 'plain numbers, however long the shorter'],
    [`${SHA}deadbeef`, SHA.slice(0, 7), 'an abbreviation of a lookalike'],
    [SHA.slice(0, 6), SHA, 'six characters are not an abbreviation']
  ])('%s is not %s (%s)', (a, b) => {
    expect(sameBuild(a, b)).toBe(false)
    expect(sameBuild(b, a)).toBe(false)
  })

  test.each([
    [SHA.slice(0, 7), SHA, 'a 7-character abbreviation of the full hash'],
    [SHA.slice(0, 7), SHA.slice(0, 12), 'a 7-character abbreviation of a 12-character one'],
    [SHA.slice(0, 39), SHA, 'the longest abbreviation'],
    [SHA.slice(0, 7), SHA256, 'an abbreviation of a SHA-256 commit'],
    [SHA.slice(0, 39), SHA256, 'a long abbreviation of a SHA-256 commit'],
    [
      '2024061',
      `2024061${'0'.repeat(33)}`,
      'a decimal abbreviation of a full hash that is all digits'
    ],
    [`sha1:${SHA.slice(0, 7).toUpperCase()}`, SHA, 'prefixed and upper case'],
    ['2024061', '2024061', 'equal build numbers']
  ])('%s is %s (%s)', (a, b) => {
    expect(sameBuild(a, b)).toBe(true)
    expect(sameBuild(b, a)).toBe(true)
  })

  test('judge: lookalikes of the expected build are stale, and the headline tells them apart', () => {
    const v = judge(
      [
        reported('ok', SHA),
        reported('abbrev', SHA.slice(0, 12)),
        reported('l48', `${SHA}deadbeef`),
        reported('l64', SHA256)
      ],
      build(SHA)
    )
    expect(v.targets.map(t => [t.name, t.status])).toEqual([
      ['ok', 'current'],
      ['abbrev', 'current'],
      ['l48', 'stale'],
      ['l64', 'stale']
    ])
    expect(v.targets[2].reason).toBe(`reports ${SHA}deadbeef; expected ${SHA}`)
    // Not "l64 stale (runs 9f8e7d6)" on a fleet "not on 9f8e7d6".
    expect(headline(v)).toBe(
      `2 of 4 targets not on 9f8e7d6: l48 stale (runs ${SHA}deadbeef), l64 stale (runs ${SHA256})`
    )
    expect(shortBuild(SHA256, SHA)).toBe(SHA256)
    expect(shortBuild(OLD, SHA)).toBe('1a2b3c4')
  })

  test('judge: a decimal prefix of a target’s own expected build number is stale', () => {
    const v = judge([reported('n', '20240611', { expected: '2024061' })], build(SHA))
    expect(v.targets[0]).toMatchObject({ status: 'stale', expected: '2024061' })
    expect(v.result).toBe('fail')
  })

  test('combine: a sample with the lookalike makes the target mixed, each shown whole', () => {
    const ok = (b: string) => ({ kind: 'reported' as const, build: b, attempts: 1 })
    expect(combine([ok(SHA), ok(`${SHA}deadbeef`)])).toEqual({
      kind: 'mixed',
      builds: [`${SHA}deadbeef`, SHA],
      code: 'samples-disagree',
      reason: `samples disagree: 1× ${SHA}deadbeef, 1× 9f8e7d6`
    })
    expect(combine([ok(SHA), ok(SHA256)])).toEqual({
      kind: 'mixed',
      builds: [SHA256, SHA],
      code: 'samples-disagree',
      reason: `samples disagree: 1× ${SHA256}, 1× ${SHA}`
    })
    expect(combine([ok('2024061'), ok('20240611')])).toMatchObject({
      builds: ['20240611', '2024061']
    })
    // An abbreviation still agrees with the full hash.
    expect(combine([ok(SHA.slice(0, 7)), ok(SHA)])).toEqual({ kind: 'reported', build: SHA })
  })

  test('consensus: the lookalike is its own group, off the agreed build', () => {
    const v = judge(
      [reported('a', SHA), reported('b', SHA), reported('c', `${SHA}deadbeef`)],
      consensus
    )
    expect(v.expected).toBe(SHA)
    expect(v.groups).toEqual([
      { build: SHA, targets: ['a', 'b'] },
      { build: `${SHA}deadbeef`, targets: ['c'] }
    ])
    expect(v.targets.map(t => t.status)).toEqual(['current', 'current', 'stale'])
  })

  test('groupBuilds: an abbreviation of several commits goes with one (on a tie the longest); commits stay apart', () => {
    const other = `${SHA.slice(0, 7)}${'0'.repeat(33)}`
    const builds = [SHA, other, SHA.slice(0, 7), SHA256]
    const groups = groupBuilds(builds)
    expect(groups).toHaveLength(3)
    // The longest it abbreviates, deterministically.
    expect(groups[0]).toEqual({ build: SHA256, members: [2, 3] })
    expect(groups.slice(1)).toEqual([
      { build: SHA, members: [0] },
      { build: other, members: [1] }
    ])
  })

  test('consensus: a lone lookalike does not take the abbreviations from the common build', () => {
    const v = judge(
      [
        reported('a', SHA),
        reported('b', SHA),
        reported('l64', SHA256),
        reported('x', SHA.slice(0, 7)),
        reported('y', SHA.slice(0, 7)),
        reported('z', SHA.slice(0, 7))
      ],
      consensus
    )
    expect(v.expected).toBe(SHA)
    expect(v.groups).toEqual([
      { build: SHA, targets: ['a', 'b', 'x', 'y', 'z'] },
      { build: SHA256, targets: ['l64'] }
    ])
    expect(v.targets.map(t => t.status)).toEqual([
      'current',
      'current',
      'stale',
      'current',
      'current',
      'current'
    ])
  })
})

describe('placeholders', () => {
  const placeholders: [string, string][] = [
    ['0'.repeat(40), "git's null commit"],
    ['0'.repeat(64), "git's null commit"],
    ['0000000', "git's null commit"],
    [`sha1:${'0'.repeat(40)}`, "git's null commit"],
    ['${GIT_SHA}', 'an unexpanded template variable'],
    ['$GIT_SHA', 'an unexpanded template variable'],
    ['%GIT_SHA%', 'an unexpanded template variable'],
    ['{{.Commit}}', 'an unexpanded template variable'],
    ['{{ .Commit }}', 'an unexpanded template variable'],
    ['@GIT_SHA@', 'an unexpanded template variable'],
    ['__GIT_SHA__', 'an unexpanded template variable'],
    ['$(Build.SourceVersion)', 'an unexpanded template variable'],
    ['#{Octopus.Release.Number}', 'an unexpanded template variable'],
    ['build-${GIT_SHA}', 'an unexpanded template variable'],
    ['HEAD', 'a branch or ref name, not a build'],
    ['main', 'a branch or ref name, not a build'],
    ['refs/heads/main', 'a branch or ref name, not a build']
  ]

  test.each(placeholders)('%j is a placeholder, and the reason names it (%s)', (value, kind) => {
    expect(isPlaceholder(value)).toBe(true)
    expect(placeholderReason(value)).toBe(`placeholder ${JSON.stringify(value)} (${kind})`)
  })

  test.each(['(devel)', 'latest', 'LATEST', 'unknown'])('%j is a placeholder', value => {
    expect(placeholderReason(value)).toBe(`placeholder ${JSON.stringify(value)}`)
  })

  test.each([
    '000000', // six zeros: a build number, not an abbreviation
    '0000001',
    '10000000',
    SHA,
    'v1.2.3',
    '$',
    '100%',
    'a@b',
    'build_42_',
    '__init',
    'headless',
    'mainline',
    'refs/tags/v1.2.3',
    'latest-1',
    'devel'
  ])('%j is a build', value => {
    expect(isPlaceholder(value)).toBe(false)
  })

  const res = (body: string, headers: ReadResponse['headers'] = {}): ReadResponse => ({
    status: 200,
    headers,
    body
  })
  const modes: [string, (v: string) => [ReadResponse, Extraction]][] = [
    [
      'auto JSON',
      v => [
        res(JSON.stringify({ sha: v }), { 'content-type': 'application/json' }),
        { kind: 'auto' }
      ]
    ],
    ['auto text', v => [res(`${v}\n`), { kind: 'auto' }]],
    [
      'json',
      v => [res(JSON.stringify({ git: { commit: v } })), { kind: 'json', path: ['git', 'commit'] }]
    ],
    ['header', v => [res('', { 'x-build': v }), { kind: 'header', name: 'X-Build' }]],
    ['regex', v => [res(`<p>build ${v}</p>`), { kind: 'regex', pattern: /build (.+?)<\/p>/ }]]
  ]

  test.each(modes)('%s: every placeholder is no report, with a reason naming it', (_, make) => {
    for (const [value] of placeholders) {
      // A text body with a space is no single word, one with a brace is read as JSON: both are
      // missing for that reason instead.
      if (_ === 'auto text' && /\s|^[{[]/.test(value)) continue
      const [response, extraction] = make(value)
      expect(extractBuild(response, extraction)).toEqual({ reason: placeholderReason(value) })
    }
  })

  test('the reports-file: placeholders are missing, with the reason', () => {
    const targets = placeholders.map((_, i) => makeTarget(`t${i}`))
    const { observations } = observeReports(
      targets,
      placeholders.map(([value], i) => ({ name: `t${i}`, build: value }))
    )
    expect(observations).toMatchObject(
      placeholders.map(([value]) => ({
        kind: 'none',
        code: 'placeholder',
        reason: placeholderReason(value)
      }))
    )
    const v = judge(observations, consensus)
    expect(v.targets.every(t => t.status === 'missing')).toBe(true)
  })

  test('null commits never form a consensus, even if one reaches the verdict', () => {
    const nulls = [1, 2, 3].map(i => reported(`n${i}`, '0'.repeat(40)))
    const v = judge(nulls, consensus)
    expect(v.result).toBe('fail')
    expect(v.expected).toBeNull()
    expect(v.groups).toEqual([])
    expect(v.targets.map(t => [t.status, t.reported, t.reason])).toEqual(
      nulls.map(() => ['missing', null, `placeholder "${'0'.repeat(40)}" (git's null commit)`])
    )
    // Beside real builds, they do not count towards the majority either.
    const mixed = judge([...nulls, reported('a', OLD), reported('b', OLD)], consensus)
    expect(mixed.expected).toBe(OLD)
    expect(mixed.groups).toEqual([{ build: OLD, targets: ['a', 'b'] }])
    expect(mixed.targets.map(t => t.status)).toEqual([
      'missing',
      'missing',
      'missing',
      'current',
      'current'
    ])
  })

  test.each(['0'.repeat(40), '${GIT_SHA}', '(devel)', 'latest', '{{.Commit}}'])(
    '`expected` given as %j is bad input',
    value => {
      expect(checkBuild(value)).toEqual(
        err({
          expected:
            'a build id such as a commit hash: one word of at most 128 characters, not a placeholder'
        })
      )
    }
  )
})

describe('a version where a commit is expected', () => {
  test.each([DEBIAN, 'v1.2.3', 'release-42', '42'])(
    'a report of %j with a commit expected is missing, with the reason',
    value => {
      const v = judge([reported('deb', value)], build(SHA))
      expect(v.targets[0]).toMatchObject({
        status: 'missing',
        reported: value,
        expected: SHA,
        reason: NOT_A_COMMIT(value)
      })
      expect(v.result).toBe('fail')
      expect(headline(v)).toBe(`1 of 1 target not on 9f8e7d6: deb missing (${NOT_A_COMMIT(value)})`)
    }
  )

  test.each([SHA.slice(0, 7), SHA256, `sha256:${SHA256}`, OLD.slice(0, 12)])(
    'any commit hash as the expected build (%s) asks for a hash',
    expected => {
      expect(judge([reported('deb', DEBIAN)], build(expected)).targets[0].status).toBe('missing')
    }
  )

  test('a short hex report says that abbreviations need 7 characters', () => {
    const v = judge([reported('six', SHA.slice(0, 6))], build(SHA))
    expect(v.targets[0]).toMatchObject({
      status: 'missing',
      reason: `reports ${SHA.slice(0, 6)}, which is not a commit hash (6 hex characters; an abbreviation needs at least 7): point json/regex at the commit, or give this target its own expected`
    })
  })

  test('hash-shaped reports (hex of 7 or more) are compared: stale, not missing', () => {
    for (const value of [OLD, OLD.slice(0, 7), `${SHA}deadbeef`, '20240611']) {
      expect(judge([reported('x', value)], build(SHA)).targets[0].status).toBe('stale')
    }
  })

  test.each([
    ['v1.2.4', 'v1.2.3', 'a version expected'],
    ['v1.2.4', '2024061', 'a build number expected (digits are not a commit)'],
    [DEBIAN, `${SHA}a`, '41 hex characters are no commit']
  ])('%j against %j is stale (%s)', (value, expected) => {
    expect(judge([reported('x', value)], build(expected)).targets[0].status).toBe('stale')
  })

  test('under consensus no hash is expected: versions agree, or are stale', () => {
    const v = judge(
      [reported('a', DEBIAN), reported('b', DEBIAN), reported('c', 'v1.2.3')],
      consensus
    )
    expect(v.targets.map(t => t.status)).toEqual(['current', 'current', 'stale'])
    expect(v.targets[2].reason).toBe(`reports v1.2.3; most targets report ${DEBIAN}`)
  })

  test('under consensus, a target with its own hash `expected` still asks for a hash', () => {
    const v = judge(
      [
        reported('a', DEBIAN),
        reported('b', DEBIAN),
        reported('own', DEBIAN, { expected: SHA.slice(0, 7) })
      ],
      consensus
    )
    expect(v.targets.map(t => t.status)).toEqual(['current', 'current', 'missing'])
    expect(v.targets[2].reason).toBe(NOT_A_COMMIT(DEBIAN))
  })
})

describe('hints for `expected`', () => {
  test.each([
    'main',
    'master',
    'develop',
    'HEAD',
    'trunk',
    'Main',
    'release/1.2',
    'refs/heads/x',
    'origin/main',
    'HEAD~1',
    'feature/login'
  ])('%j looks like a branch name', value => {
    expect(checkBuild(value)).toEqual(
      err({
        problem: 'looks like a branch name',
        expected: 'a commit hash or a build id (fleet-check compares builds, not branches)'
      })
    )
  })

  test.each(['v1.2.3', 'refs/tags/v1.2.3', 'mainline', 'release-1.2', SHA, '4512'])(
    '%j is a build',
    value => {
      expect(checkBuild(value)).toEqual(ok(value))
    }
  )

  test('a branch as a target’s own `expected` in the fleet file is bad input at its line', () => {
    const text = `targets:\n  - url: https://a.example.com/version\n    expected: main\n`
    const r = parseFleet(
      text,
      { label: 'targets-file `fleet.yml`', file: 'fleet.yml' },
      {
        timeoutMs: 10_000,
        headers: {},
        samples: 1,
        cacheBust: false,
        env: {}
      }
    )
    if (r.ok) throw new Error('expected a problem')
    const [problem] = r.error
    expect(problem.message).toBe(
      'targets-file `fleet.yml`, line 3: targets[0].expected: "main" looks like a branch name; expected a commit hash or a build id (fleet-check compares builds, not branches)'
    )
  })

  test.each(['a', 'abc', 'abc12', 'ABC123', 'sha1:abc123', 'f00d'])(
    '%j, short hex, gets a hint',
    value => {
      expect(shortHexHint(value)).toMatch(
        /^is [1-6] hex characters?: it only matches a report of exactly that text; an abbreviated commit hash needs at least 7 characters to match a full one$/
      )
    }
  )

  test.each(['1', '12345', '123456', 'abc1234', SHA, 'v1.2', 'xyz'])('%j gets no hint', value => {
    expect(shortHexHint(value)).toBeUndefined()
  })
})

describe('the commit status under consensus', () => {
  const agreed = (builds: string[]): Verdict =>
    judge(
      builds.map((b, i) => reported(`t${i}`, b)),
      consensus
    )

  test('goes on the event commit, not on the commit the servers agree on', () => {
    const v = agreed([OLD, OLD, OLD])
    expect(v.expected).toBe(OLD)
    expect(statusCommit(v, SHA)).toBe(SHA)
    expect(statusCommit(v, SHA.toUpperCase())).toBe(SHA)
  })

  test('without an event commit (or a full one), no status', () => {
    const v = agreed([OLD, OLD])
    expect(statusCommit(v, undefined)).toBeUndefined()
    expect(statusCommit(v, SHA.slice(0, 7))).toBeUndefined()
    expect(statusCommit(v, 'main')).toBeUndefined()
    expect(statusCommit(v, '0'.repeat(40))).toBeUndefined()
  })

  test('a consensus failure (no majority) goes on the event commit too', () => {
    const v = agreed([OLD, SHA])
    expect(v.result).toBe('fail')
    expect(statusCommit(v, SHA)).toBe(SHA)
  })

  test('outside consensus, today’s rule', () => {
    const on = (expected: string, eventSha?: string) =>
      statusCommit(judge([reported('a', expected)], build(expected)), eventSha)
    expect(on(OLD, SHA)).toBe(OLD) // a full expected hash
    expect(on(`sha1:${OLD.toUpperCase()}`, SHA)).toBe(OLD) // posted as bare hex
    expect(on('v1.2.3', SHA)).toBe(SHA) // a build that is no hash: the event commit
    expect(on(SHA.slice(0, 7), SHA)).toBe(SHA) // an abbreviation of the event commit
    expect(on(OLD.slice(0, 7), SHA)).toBeUndefined() // an abbreviation of another commit
    expect(on(SHA256, SHA)).toBeUndefined() // a SHA-256 commit that starts like the event's
    expect(on('v1.2.3', undefined)).toBeUndefined()
  })

  test('the description names the agreed build; a failure says what is off', () => {
    const names = (n: number) => Array.from({ length: n }, () => OLD)
    expect(statusDescription(agreed(names(8)))).toBe('8 of 8 targets agree on 1a2b3c4')
    const failing = judge(
      [
        reported('a', OLD),
        reported('b', OLD),
        reported('c', SHA),
        missing('d', 'connection refused')
      ],
      consensus
    )
    expect(failing.result).toBe('fail')
    expect(statusDescription(failing)).toBe('1 stale, 1 missing; 2 of 4 targets agree on 1a2b3c4')
    const tie = agreed([OLD, SHA])
    expect(statusDescription(tie)).toBe('2 stale; no build has a majority of 2 targets')
  })

  test('a long or odd agreed build stays one short line', () => {
    const odd = `v1\n${'x'.repeat(200)}`
    const v = agreed([odd, odd])
    const description = statusDescription(v)
    expect(description).not.toContain('\n')
    expect(description.length).toBeLessThanOrEqual(140)
    expect(description.startsWith('2 of 2 targets agree on v1\\u000a')).toBe(true)
  })
})
