// Issue 15: each check read from the same response as the build (a JSON body parsed once), its
// reason naming it; samples combined per check; and values from a reports-file entry.
import { describe, expect, test } from '@jest/globals'
import { loadRegexEngine } from '../../src/common/regex.js'
import { parseReports } from '../../src/fleet/reports-file.js'
import type { Check, CheckExtraction } from '../../src/fleet/target.js'
import { extractBuild, type ParsedBody, type ReadResponse } from '../../src/probe/extract.js'
import { readChecks } from '../../src/probe/extract-checks.js'
import { observeReports } from '../../src/verdict/from-reports.js'
import { combine, type Sample } from '../../src/verdict/observation.js'
import { makeTarget } from './fixtures.js'

const regex = await loadRegexEngine()
const H = '3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a'

const check = (name: string, extraction: CheckExtraction): Check => ({
  name,
  extraction,
  expected: { kind: 'consensus' }
})
const json = (name: string, path: string) => check(name, { kind: 'json', path: path.split('.') })

function response(body: unknown, headers: Record<string, string> = {}): ReadResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  }
}

const read = (r: ReadResponse, ...checks: Check[]) => readChecks(r, checks, undefined, {})

describe('readChecks: the same answer as the build', () => {
  const body = {
    git: { commit: { id: H } },
    config: { sha: H.slice(0, 12), version: 42, big: 0 },
    flags: { power_peg: false, on: true, off: 'off', nothing: null, list: [1] },
    status: 'unknown'
  }

  test('strings, exact numbers and JSON booleans are values', () => {
    expect(
      read(
        // A number's digits as sent: JSON.stringify would round this one.
        response(JSON.stringify(body).replace('"big":0', '"big":12345678901234567890')),
        json('config', 'config.sha'),
        json('version', 'config.version'),
        json('big', 'config.big'),
        json('power-peg', 'flags.power_peg'),
        json('on', 'flags.on'),
        json('off', 'flags.off')
      )
    ).toEqual(
      [H.slice(0, 12), '42', '12345678901234567890', 'false', 'true', 'off'].map(value => ({
        kind: 'reported',
        value
      }))
    )
  })

  test('what cannot be read is missing, the reason naming the check', () => {
    expect(
      read(
        response(body),
        json('config', 'config.shaa'),
        json('nothing', 'flags.nothing'),
        json('list', 'flags.list'),
        json('status', 'status')
      )
    ).toEqual([
      {
        kind: 'none',
        reason:
          'no config at config.shaa: "config" has keys "sha", "version" and "big"; did you mean json: config.sha?'
      },
      { kind: 'none', reason: 'nothing: placeholder "null"' },
      { kind: 'none', reason: 'list: value at flags.list is a list, not a value' },
      { kind: 'none', reason: 'status: placeholder "unknown"' }
    ])
  })

  test('headers and regexes; a body that is no JSON for a json check', () => {
    const text: ReadResponse = {
      status: 200,
      headers: { 'x-schema-version': '42', 'x-config-hash': ' main ' },
      body: 'build=abc schema=7'
    }
    const pattern = regex('schema=(\\d+)')
    if (!pattern.ok) throw new Error('no pattern')
    expect(
      read(
        text,
        check('schema', { kind: 'header', name: 'X-Schema-Version' }),
        // A branch name is a value for a check (trimmed as a build is).
        check('config', { kind: 'header', name: 'X-Config-Hash' }),
        check('region', { kind: 'header', name: 'X-Schema-Versio' }),
        check('schema-body', { kind: 'regex', pattern: pattern.value }),
        json('config-sha', 'config.sha')
      )
    ).toEqual([
      { kind: 'reported', value: '42' },
      { kind: 'reported', value: 'main' },
      {
        kind: 'none',
        reason: 'region: no header X-Schema-Versio; did you mean header: x-schema-version?'
      },
      { kind: 'reported', value: '7' },
      {
        kind: 'none',
        reason:
          'config-sha: body is not JSON (json: config.sha): it is text; use regex: to read the build out of it'
      }
    ])
  })

  test('a value longer than 256 characters is no value', () => {
    expect(read(response({ c: 'x'.repeat(257) }), json('c', 'c'))).toEqual([
      { kind: 'none', reason: 'c: reported value is longer than 256 characters' }
    ])
  })

  test('the JSON body is parsed once for the build and its checks', () => {
    const r = response({ git: { commit: { id: H } }, config: { sha: 'a1' } })
    const body: ParsedBody = {}
    const build = extractBuild(r, { kind: 'json', path: ['git', 'commit', 'id'] }, undefined, body)
    expect(build).toEqual({ ok: true, value: H })
    expect(body.json?.ok).toBe(true)
    // The checks read the parse the build made (not the text, changed here to tell them apart).
    r.body = '{"config": {"sha": "other"}}'
    expect(readChecks(r, [json('config', 'config.sha')], undefined, body)).toEqual([
      { kind: 'reported', value: 'a1' }
    ])
  })
})

describe('samples, per check', () => {
  const checks = [json('config', 'config.sha'), json('flag', 'flag')]
  const sample = (build: string, ...values: (string | null)[]): Sample => ({
    kind: 'reported',
    build,
    attempts: 1,
    checks: values.map(v =>
      v === null
        ? { kind: 'none', reason: 'no config at config.sha' }
        : { kind: 'reported', value: v }
    )
  })

  test('one sample: its values as they are', () => {
    expect(combine([sample(H, 'a', 'on')], checks).checks).toEqual([
      { kind: 'reported', value: 'a' },
      { kind: 'reported', value: 'on' }
    ])
  })

  test('samples agreeing on the build and disagreeing on a check: that check mixed', () => {
    const c = combine([sample(H, 'a', 'on'), sample(H, 'b', 'on'), sample(H, 'a', 'on')], checks)
    expect(c).toMatchObject({ kind: 'reported', build: H })
    expect(c.checks).toEqual([
      { kind: 'mixed', values: ['a', 'b'], reason: 'samples disagree on config: 2× a, 1× b' },
      { kind: 'reported', value: 'on' }
    ])
  })

  test('a hash and its abbreviation agree; a sample without a value makes the check missing', () => {
    const c = combine([sample(H, H.slice(0, 7), 'on'), sample(H, H, null)], checks)
    expect(c.checks).toEqual([
      { kind: 'reported', value: H },
      { kind: 'none', reason: '1 of 2 samples: no config at config.sha' }
    ])
  })

  test('samples that got no answer carry no checks; none at all means no checks', () => {
    const failed: Sample = {
      kind: 'none',
      code: 'refused',
      reason: 'connection refused',
      attempts: 3
    }
    expect('checks' in combine([failed, failed], checks)).toBe(false)
    expect(combine([sample(H, 'a', 'on'), failed], checks).checks).toEqual([
      { kind: 'reported', value: 'a' },
      { kind: 'reported', value: 'on' }
    ])
  })

  test('a fleet without checks: combine adds nothing', () => {
    const plain: Sample = { kind: 'reported', build: H, attempts: 1 }
    expect(combine([plain])).toEqual({ kind: 'reported', build: H })
    expect(combine([plain, plain])).toEqual({ kind: 'reported', build: H })
  })
})

describe('a reports-file with checks', () => {
  const file = (data: unknown) => parseReports(JSON.stringify(data), 'builds.json')

  test('the list form may carry checks: text, numbers, booleans and null', () => {
    const r = parseReports(
      '[{"name": "r1", "build": "9f8e7d6", "checks": {"config": "3f2a1b9", "schema": 42, "big": 12345678901234567890, "flag": false, "gone": null}}, {"name": "r2", "build": "9f8e7d6"}]',
      'builds.json'
    )
    if (!r.ok) throw new Error(r.error[0].message)
    expect(r.value[0].checks).toEqual(
      new Map<string, string | null>([
        ['config', '3f2a1b9'],
        ['schema', '42'],
        ['big', '12345678901234567890'],
        ['flag', 'false'],
        ['gone', null]
      ])
    )
    expect('checks' in r.value[1]).toBe(false)
  })

  test('checks that are not a mapping, or a value that is not text, are bad input', () => {
    const bad = file([
      { name: 'r1', build: 'a', checks: ['config'] },
      { name: 'r2', build: 'a', checks: { config: { sha: 'x' } } }
    ])
    expect(bad.ok ? [] : bad.error.map(p => p.message)).toEqual([
      'reports-file "builds.json": [0]: the checks of "r1" are not a mapping; expected {"config": "3f2a1b9", …}',
      'reports-file "builds.json": [1]: the check "config" of "r2" is not text; expected a string (or null)'
    ])
  })

  test("each target's checks from its entry; absent, null or a placeholder are missing", () => {
    const checks = [json('config', 'c'), json('flag', 'f'), json('schema', 's'), json('gone', 'g')]
    const entries = [
      {
        name: 'r1',
        build: '9f8e7d6',
        checks: new Map<string, string | null>([
          ['config', '3f2a1b9'],
          ['flag', null],
          ['schema', 'unknown']
        ])
      },
      { name: 'r2', build: '9f8e7d6' }
    ]
    const { observations } = observeReports(
      ['r1', 'r2', 'r3'].map(n => makeTarget(n, { checks })),
      entries
    )
    expect(observations[0].checks).toEqual([
      { kind: 'reported', value: '3f2a1b9' },
      { kind: 'none', reason: 'flag: placeholder "null"' },
      { kind: 'none', reason: 'schema: placeholder "unknown"' },
      { kind: 'none', reason: 'no gone in the reports-file entry' }
    ])
    expect(observations[1].checks?.[0]).toEqual({
      kind: 'none',
      reason:
        'no config in the reports-file entry (only the list form, [{"name": …, "build": …, "checks": {…}}], carries checks)'
    })
    // No entry: the build says so, and the checks have nothing to be read from.
    expect(observations[2]).toMatchObject({ kind: 'none', code: 'not-in-reports-file' })
    expect('checks' in observations[2]).toBe(false)
  })
})
