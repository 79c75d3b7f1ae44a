// Issue 9: every reason comes with a machine-readable code, declared once in verdict/reason.ts.
// Each failure class, from the probe's errors through extraction, samples and the reports-file
// to the verdict, gets its code here; the few that only a server can produce (an HTTP status, a
// body over the limit as sent, the attempt's own deadline) are checked where the servers are, in
// __tests__/integration (http.test.ts, compression.test.ts). Codes never change what the prose
// says: the other suites keep checking the prose.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { RegexTimeout, type BuildPattern } from '../../src/common/regex.js'
import type { Extraction, KubeSpec } from '../../src/fleet/target.js'
import { codingsOf, readDecoded } from '../../src/probe/decode.js'
import { extractBuild, type ReadResponse } from '../../src/probe/extract.js'
import { describeError } from '../../src/probe/http.js'
import { redirectDecision } from '../../src/probe/redirect.js'
import { fanOut } from '../../src/discover/fan-out.js'
import { podObservation, podSlots, type Pod } from '../../src/discover/pods.js'
import { cancelledReport, newProgress, NOT_CHECKED } from '../../src/report/cancelled.js'
import { reportTarget } from '../../src/report/report-json.js'
import { observeReports } from '../../src/verdict/from-reports.js'
import { judge, type Reference } from '../../src/verdict/judge.js'
import { combine, type Observation, type Sample } from '../../src/verdict/observation.js'
import { REASON_CODES, type NoReportCode, type ReasonCode } from '../../src/verdict/reason.js'
import { ROOT } from '../helpers/run-action.js'
import { makeTarget, missing, reported } from './fixtures.js'

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

/** Every code a case below gave: at the end, each declared code must have been seen. */
const seen = new Set<ReasonCode>()
function expectCode(code: ReasonCode | null | undefined, expected: ReasonCode): void {
  expect(code).toBe(expected)
  seen.add(expected)
}

/** The code of an extraction, or undefined when it found a build. */
function extractionCode(
  body: string,
  extraction: Extraction,
  headers = {}
): ReasonCode | undefined {
  const r = extractBuild({ status: 200, headers, body } satisfies ReadResponse, extraction)
  return r.ok ? undefined : r.error.code
}

describe('asking: describeError', () => {
  test.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_CLOSED', 'reset'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
    ['EADDRNOTAVAIL', 'unreachable'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['EAI_AGAIN', 'dns'],
    ['ENOTFOUND', 'dns'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['UND_ERR_HEADERS_OVERFLOW', 'headers-too-large'],
    ['HPE_HEADER_OVERFLOW', 'headers-too-large'],
    ['HPE_INVALID_CONSTANT', 'invalid-response'],
    ['EWHATEVER', 'request-failed']
  ] as const)('%s: %s', (code, expected) => {
    expectCode(describeError({ code, message: 'x' }).code, expected)
  })

  test('a code found down the cause chain; no code at all is request-failed', () => {
    expectCode(
      describeError({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } }).code,
      'refused'
    )
    expectCode(describeError(new Error('odd')).code, 'request-failed')
    // A name Object.prototype has is no network error.
    expectCode(describeError({ code: 'constructor' }).code, 'request-failed')
  })
})

describe('redirects', () => {
  const from = new URL('https://api.example.com/version')

  test('another host: redirect-other-host', () => {
    const d = redirectDecision(from, 'https://lb.example.com/version', 302)
    expectCode(d.follow ? undefined : d.code, 'redirect-other-host')
  })

  test.each([
    ['no Location', undefined],
    ['an invalid URL', 'http://[zz'],
    ['a non-http(s) URL', 'file:///etc/passwd'],
    ['https to http', 'http://api.example.com/version']
  ])('%s: redirect-refused', (_, location) => {
    const d = redirectDecision(from, location, 302, 'any')
    expectCode(d.follow ? undefined : d.code, 'redirect-refused')
  })
})

describe('decoding', () => {
  const signal = new AbortController().signal
  const decodeCode = async (body: Buffer, coding: 'gzip' | 'deflate', limit = 1024) => {
    const r = await readDecoded(Readable.from([body]), [coding], limit, signal)
    return r.ok ? undefined : r.error.code
  }

  test('an unknown or stacked-too-deep Content-Encoding: decode', () => {
    const unknown = codingsOf('compress')
    expectCode(unknown.ok ? undefined : unknown.error.code, 'decode')
    const deep = codingsOf('gzip, gzip, gzip, gzip')
    expectCode(deep.ok ? undefined : deep.error.code, 'decode')
  })

  test('a corrupt body: decode', async () => {
    expectCode(await decodeCode(Buffer.from('not gzip at all'), 'gzip'), 'decode')
  })

  test('over the limit once decoded, or as sent: too-large', async () => {
    expectCode(await decodeCode(zlib.gzipSync(Buffer.alloc(4096)), 'gzip'), 'too-large')
    // Empty gzip members decode to nothing: only the bytes as sent go over.
    const empty = Buffer.concat(Array.from({ length: 100 }, () => zlib.gzipSync(Buffer.alloc(0))))
    expectCode(await decodeCode(empty, 'gzip'), 'too-large')
  })
})

describe('extraction', () => {
  const json = (p: string): Extraction => ({ kind: 'json', path: p.split('.') })
  const AUTO: Extraction = { kind: 'auto' }
  const jsonType = { 'content-type': 'application/json' }

  const cases: [string, string, Extraction, Record<string, string>, ReasonCode][] = [
    ['no such header', '', { kind: 'header', name: 'X-Build' }, {}, 'no-build'],
    ['no regex match', 'nothing', { kind: 'regex', pattern: /sha=(\w+)/ }, {}, 'no-build'],
    ['no field at the path', '{"a": 1}', json('sha'), jsonType, 'no-build'],
    ['no well-known field', '{"status": "UP"}', AUTO, jsonType, 'no-build'],
    ['an empty body', '  ', AUTO, {}, 'no-build'],
    ['a body that is not JSON (json:)', '<html>', json('sha'), {}, 'not-json'],
    ['broken JSON (auto)', '{"sha": ', AUTO, jsonType, 'not-json'],
    ['a mapping at the path', '{"sha": {"id": 1}}', json('sha'), jsonType, 'not-a-build'],
    ['a list at the path', '{"sha": [1]}', json('sha'), jsonType, 'not-a-build'],
    ['a boolean at the path', '{"sha": true}', json('sha'), jsonType, 'not-a-build'],
    ['an HTML page', '<!doctype html><p>hi</p>', AUTO, {}, 'not-a-build'],
    ['more than one word', 'build abc1234', AUTO, {}, 'not-a-build'],
    [
      'a value over 256 characters',
      JSON.stringify({ sha: 'a'.repeat(257) }),
      AUTO,
      jsonType,
      'not-a-build'
    ],
    ['JSON null', '{"sha": null}', json('sha'), jsonType, 'placeholder'],
    ['"unknown"', '{"sha": "unknown"}', AUTO, jsonType, 'placeholder'],
    ["git's null commit as text", '0000000', AUTO, {}, 'placeholder'],
    [
      'a branch in a header',
      '',
      { kind: 'header', name: 'X-Build' },
      { 'x-build': 'main' },
      'placeholder'
    ],
    [
      'a number too deep to read exactly',
      `{"sha": 12345678901234567890, "junk": ${'['.repeat(600)}${']'.repeat(600)}}`,
      AUTO,
      jsonType,
      'inexact-number'
    ]
  ]
  test.each(
    cases.map(
      ([name, body, extraction, headers, code]) => [name, code, body, extraction, headers] as const
    )
  )('%s: %s', (_, expected, body, extraction, headers) => {
    expectCode(extractionCode(body, extraction, headers), expected)
  })

  test('a regex that runs past the deadline: regex-timeout', () => {
    const slow: BuildPattern = {
      source: '(a+)+$',
      exec: () => {
        throw new RegexTimeout()
      }
    }
    expectCode(extractionCode('aaaa', { kind: 'regex', pattern: slow }), 'regex-timeout')
  })

  test('a build is no failure', () => {
    expect(extractionCode(JSON.stringify({ sha: A }), AUTO, jsonType)).toBeUndefined()
  })
})

describe('samples', () => {
  const ok = (build: string): Sample => ({ kind: 'reported', build, attempts: 1 })
  const failed: Sample = {
    kind: 'none',
    code: 'timeout',
    reason: 'timed out after 1s',
    attempts: 1
  }

  test('builds that differ: samples-disagree', () => {
    const c = combine([ok(A), ok(B)])
    expectCode(c.kind === 'mixed' ? c.code : undefined, 'samples-disagree')
  })

  test('a failed sample of several: samples-failed; of one: its own code', () => {
    const several = combine([ok(A), failed])
    expectCode(several.kind === 'none' ? several.code : undefined, 'samples-failed')
    const one = combine([failed])
    expectCode(one.kind === 'none' ? one.code : undefined, 'timeout')
  })
})

describe('the reports-file', () => {
  test('an absent entry: not-in-reports-file; null or a placeholder: placeholder', () => {
    const { observations } = observeReports(
      ['gone', 'null', 'unknown'].map(n => makeTarget(n)),
      [
        { name: 'null', build: null },
        { name: 'unknown', build: 'unknown' }
      ]
    )
    const codes = observations.map(o => (o.kind === 'none' ? o.code : undefined))
    expectCode(codes[0], 'not-in-reports-file')
    expectCode(codes[1], 'placeholder')
    expectCode(codes[2], 'placeholder')
  })

  test('an entry no target declares: undeclared', () => {
    const v = judge(
      [],
      { kind: 'build', build: A },
      { entries: [{ name: 'x', build: B }], allowed: false }
    )
    expectCode(v.targets[0].code, 'undeclared')
  })
})

describe('the verdict', () => {
  const build: Reference = { kind: 'build', build: A }

  test('current: no code and no reason', () => {
    const [t] = judge([reported('a', A)], build).targets
    expect(t).toMatchObject({ status: 'current', code: null, reason: null })
  })

  test('another build: stale', () => {
    const [t] = judge([reported('a', B)], build).targets
    expect(t.status).toBe('stale')
    expectCode(t.code, 'stale')
  })

  test('a version where a commit is expected: not-a-commit, with what it reported', () => {
    const [t] = judge([reported('a', 'v1.2.3')], build).targets
    expect(t).toMatchObject({ status: 'missing', reported: 'v1.2.3' })
    expectCode(t.code, 'not-a-commit')
  })

  test('a placeholder that reached the verdict: placeholder, nothing reported', () => {
    const [t] = judge([reported('a', 'unknown')], build).targets
    expect(t).toMatchObject({ status: 'missing', reported: null })
    expectCode(t.code, 'placeholder')
  })

  test('a tie under consensus: no-consensus, with no expected build', () => {
    const v = judge([reported('a', A), reported('b', B)], { kind: 'consensus' })
    for (const t of v.targets) {
      expect(t).toMatchObject({ status: 'stale', expected: null })
      expectCode(t.code, 'no-consensus')
    }
  })

  test('no report: the observation code passes through', () => {
    const [t] = judge([missing('a', 'HTTP 503', {}, 'http-status')], build).targets
    expect(t).toMatchObject({
      status: 'missing',
      reason: 'HTTP 503',
      code: 'http-status',
      reported: null
    })
  })

  test('a target the cancelled run never checked: cancelled', () => {
    const progress = { ...newProgress(), targets: [makeTarget('a')], round: 1 }
    const { verdict } = cancelledReport(progress, 'SIGTERM')
    expect(verdict.targets[0].reason).toBe(NOT_CHECKED)
    expectCode(verdict.targets[0].code, 'cancelled')
  })
})

describe('property: every verdict explains itself with a code', () => {
  const COMPARED = new Set([
    'not-a-commit',
    'stale',
    'no-consensus',
    'samples-disagree',
    'undeclared'
  ])
  const NO_REPORT = REASON_CODES.filter(c => !COMPARED.has(c)) as NoReportCode[]
  const builds = fc.constantFrom(A, B, A.slice(0, 7), B.toUpperCase(), 'v1.2.3', '42', 'unknown')
  const observation: fc.Arbitrary<Observation> = fc
    .record({
      name: fc.string({ minLength: 1, maxLength: 4 }),
      expected: fc.option(fc.constantFrom(A, B, 'v1.2.3'), { nil: undefined }),
      finalUrl: fc.option(fc.constant('http://lb.example/version'), { nil: undefined }),
      outcome: fc.oneof(
        fc.record({ kind: fc.constant('reported' as const), build: builds }),
        fc.record({
          kind: fc.constant('none' as const),
          code: fc.constantFrom(...NO_REPORT),
          reason: fc.string({ minLength: 1 })
        }),
        fc.record({
          kind: fc.constant('mixed' as const),
          builds: fc.constant<string[]>([A, B]),
          code: fc.constant('samples-disagree' as const),
          reason: fc.constant('samples disagree: 1× 9f8e7d6, 1× 1a2b3c4')
        })
      )
    })
    .map(({ name, expected, finalUrl, outcome }): Observation => ({
      target: makeTarget(name, expected === undefined ? {} : { expected }),
      ...outcome,
      ...(finalUrl ? { finalUrl } : {}),
      attempts: 1,
      ms: 3
    }))
  const expectedBuild: fc.Arbitrary<Reference> = fc.oneof(
    fc.constantFrom(A, 'v1.2.3').map(b => ({ kind: 'build' as const, build: b })),
    fc.constant({ kind: 'consensus' as const })
  )

  test('a code exactly when not current, one that fits the status; the report keeps both', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 8 }), expectedBuild, (observations, e) => {
        const v = judge(observations, e)
        v.targets.forEach((t, i) => {
          const o = observations[i]
          expect(t.code === null).toBe(t.status === 'current')
          expect(t.reason === null).toBe(t.status === 'current')
          if (t.code !== null) expect(REASON_CODES).toContain(t.code)
          if (t.status === 'stale') expect(['stale', 'no-consensus']).toContain(t.code)
          if (t.status === 'mixed') expect(t.code).toBe('samples-disagree')
          if (t.status === 'missing') {
            // No report; or a report that is no commit, which is then shown.
            if (t.code !== 'not-a-commit') expect(COMPARED.has(t.code)).toBe(false)
            expect(t.reported !== null).toBe(t.code === 'not-a-commit')
          }
          if (o.kind === 'none') expect(t).toMatchObject({ code: o.code, reason: o.reason })
          // The report: every field, in the documented order, code right after reason.
          const r = reportTarget(t)
          expect(Object.keys(r)).toEqual([
            'name',
            'url',
            ...(o.finalUrl ? ['finalUrl'] : []),
            'status',
            'reported',
            'expected',
            'reason',
            'code',
            'attempts',
            'ms',
            ...(t.status === 'mixed' ? ['builds'] : [])
          ])
          expect(r).toEqual(t)
        })
      }),
      { numRuns: 300 }
    )
  })
})

describe('instances behind one name (addresses: all): the group’s own entry', () => {
  test.each([
    [['10.0.0.1'], 'count-short', 'missing'],
    [['10.0.0.1', '10.0.0.2', '10.0.0.3'], 'count-over', 'undeclared']
  ] as const)('%j with count 2: %s', (addresses, code, status) => {
    const api = makeTarget('api', { addresses: 'all', count: 2 })
    const fan = fanOut([api], new Map([['api.example.com', { ok: true, value: [...addresses] }]]))
    if (!fan.ok) throw new Error(fan.error)
    const v = judge(fan.value.outcomes, { kind: 'build', build: A })
    expect(v.targets[0].status).toBe(status)
    expectCode(v.targets[0].code, code)
  })
})

describe('the pods of a kubernetes target (issue 11)', () => {
  const spec = {
    selector: 'app=api',
    port: 'http',
    path: '/v',
    via: 'proxy',
    report: 'http'
  } as const
  const running = (extra: Partial<Pod['status']> = {}): Pod => ({
    metadata: { name: 'api-0' },
    spec: { containers: [{ name: 'app', ports: [{ name: 'web', containerPort: 8080 }] }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], ...extra }
  })
  const slot = (pod: Pod, kubernetes: KubeSpec = spec) =>
    podSlots(makeTarget('api', { kubernetes }), {
      server: 'https://k8s.example',
      namespace: 'prod',
      pods: [pod],
      headers: {}
    })[0]
  const known = (s: ReturnType<typeof slot>) => ('known' in s ? s.known : undefined)
  const codeOf = (o: Observation | undefined) => (o?.kind === 'none' ? o.code : undefined)

  test('not Ready: not-ready', () => {
    const pod = running({ phase: 'Pending', conditions: [] })
    expectCode(codeOf(known(slot(pod))), 'not-ready')
  })
  test('no container port of the name: no-port', () => {
    expectCode(codeOf(known(slot(running()))), 'no-port')
  })
  test('report: image, no digest yet: no-digest', () => {
    const pod = running({ containerStatuses: [{ name: 'app', imageID: '' }] })
    expectCode(codeOf(known(slot(pod, { ...spec, report: 'image' }))), 'no-digest')
  })
  test('403 through the API server proxy: kube-api', () => {
    const s = slot(running(), { ...spec, port: 8080 })
    if (!('ask' in s)) throw new Error('expected a pod to ask')
    const o = podObservation({
      target: s.ask,
      kind: 'none',
      code: 'http-status',
      reason: 'HTTP 403',
      attempts: 1,
      ms: 1
    })
    expectCode(codeOf(o), 'kube-api')
  })
})

describe('checks (issue 15): the target code comes from a check when the build is fine', () => {
  const build: Reference = { kind: 'build', build: A }
  const config = makeTarget('a', {
    checks: [
      {
        name: 'config',
        extraction: { kind: 'json', path: ['config'] },
        expected: { kind: 'value', value: '9c1b2d3' }
      }
    ]
  })
  const withCheck = (checks: Observation['checks']): Observation => ({
    ...reported('a', A),
    target: config,
    checks
  })

  test('another value: check-stale', () => {
    const [t] = judge([withCheck([{ kind: 'reported', value: '3f2a1b9' }])], build).targets
    expectCode(t.code, 'check-stale')
  })
  test('no value: check-missing', () => {
    const [t] = judge([withCheck([{ kind: 'none', reason: 'no config at config' }])], build).targets
    expectCode(t.code, 'check-missing')
  })
  test('samples that disagree on the value: check-mixed', () => {
    const mixed = { kind: 'mixed' as const, values: ['a', 'b'], reason: 'samples disagree' }
    const [t] = judge([withCheck([mixed])], build).targets
    expectCode(t.code, 'check-mixed')
  })
})

/** The codes only a server produces: checked in the integration tests named at the top. */
const WITH_A_SERVER: ReasonCode[] = ['http-status']

test('every declared code is produced by some case', () => {
  // Last in this file: jest runs a file's tests in order.
  const missed = REASON_CODES.filter(c => !seen.has(c) && !WITH_A_SERVER.includes(c))
  expect(missed).toEqual([])
  expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length)
})

test('the README names every code, where it documents the report', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const paragraph = readme.slice(readme.indexOf('`code` says'), readme.indexOf('## The fleet file'))
  expect(REASON_CODES.filter(c => !paragraph.includes(`\`${c}\``))).toEqual([])
})
