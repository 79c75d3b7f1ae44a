import { describe, expect, test } from '@jest/globals'
import type { Extraction } from '../../src/fleet/target.js'
import { WELL_KNOWN_FIELDS, type ReadResponse } from '../../src/probe/extract.js'
import { extracted as extractBuild } from './fixtures.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const AUTO: Extraction = { kind: 'auto' }

function res(body: string, headers: ReadResponse['headers'] = {}): ReadResponse {
  return { status: 200, headers, body }
}
function json(value: unknown, contentType = 'application/json'): ReadResponse {
  return res(JSON.stringify(value), { 'content-type': contentType })
}
const path = (p: string): Extraction => ({ kind: 'json', path: p.split('.') })
const TEXT_BODY =
  'body is not a single word of at most 128 characters: it is text (such as a /metrics page), not a build; use regex: to read the build out of it'

describe('json: a dotted path', () => {
  test('nested objects', () => {
    expect(extractBuild(json({ build: { sha: SHA } }), path('build.sha'))).toEqual({ build: SHA })
  })

  test('numeric segments index arrays', () => {
    const body = json({ builds: [{ sha: 'aaaaaaa' }, { sha: 'bbbbbbb' }] })
    expect(extractBuild(body, path('builds.1.sha'))).toEqual({ build: 'bbbbbbb' })
    expect(extractBuild(json(['x1y2z3w']), path('0'))).toEqual({ build: 'x1y2z3w' })
  })

  test('a numeric key of an object is a key, not an index', () => {
    expect(extractBuild(json({ '0': 'abc1234' }), path('0'))).toEqual({ build: 'abc1234' })
  })

  test('a number is read as text', () => {
    expect(extractBuild(json({ build: { number: 4512 } }), path('build.number'))).toEqual({
      build: '4512'
    })
  })

  test('the value is trimmed', () => {
    expect(extractBuild(json({ sha: `  ${SHA}\n` }), path('sha'))).toEqual({ build: SHA })
  })

  test('a missing path: no hash at build.sha', () => {
    expect(extractBuild(json({ build: { id: 1 } }), path('build.sha'))).toEqual({
      reason: 'no hash at build.sha: "build" has one key, "id"'
    })
    expect(extractBuild(json({}), path('build.sha'))).toEqual({
      reason: 'no hash at build.sha: the body is an empty mapping'
    })
    expect(extractBuild(json({ builds: [] }), path('builds.0.sha'))).toEqual({
      reason: 'no hash at builds.0.sha: "builds" is an empty list'
    })
  })

  test('inherited properties are not found', () => {
    expect(extractBuild(json({}), path('constructor'))).toEqual({
      reason: 'no hash at constructor: the body is an empty mapping'
    })
    expect(extractBuild(json({ a: 'x' }), path('a.length'))).toEqual({
      reason: 'no hash at a.length: "a" is a string, not a mapping'
    })
  })

  test('a mapping or list is not a build', () => {
    expect(extractBuild(json({ build: { sha: 'x' } }), path('build'))).toEqual({
      reason: 'value at build is a mapping, not a build'
    })
    expect(extractBuild(json({ build: ['x'] }), path('build'))).toEqual({
      reason: 'value at build is a list, not a build'
    })
    expect(extractBuild(json({ ok: true }), path('ok'))).toEqual({
      reason: 'value at ok is a boolean, not a build'
    })
  })

  test('a body that is not JSON', () => {
    expect(extractBuild(res('<html>oops</html>'), path('build.sha'))).toEqual({
      reason:
        'body is not JSON (json: build.sha): it is an HTML page; expected the URL of the endpoint that reports the build'
    })
  })

  test('JSON null is a placeholder', () => {
    expect(extractBuild(json({ sha: null }), path('sha'))).toEqual({ reason: 'placeholder "null"' })
  })

  test('a value longer than 256 characters is refused', () => {
    expect(extractBuild(json({ sha: 'a'.repeat(257) }), path('sha'))).toEqual({
      reason: 'reported value is longer than 256 characters (json: sha)'
    })
    expect(extractBuild(json({ sha: 'a'.repeat(256) }), path('sha'))).toEqual({
      build: 'a'.repeat(256)
    })
  })
})

describe('header', () => {
  const byHeader: Extraction = { kind: 'header', name: 'X-Build-Sha' }

  test('the named header, matched case-insensitively (headers arrive lower-cased)', () => {
    expect(extractBuild(res('', { 'x-build-sha': SHA }), byHeader)).toEqual({ build: SHA })
  })

  test('the first of repeated headers', () => {
    expect(extractBuild(res('', { 'x-build-sha': ['aaaaaaa', 'bbbbbbb'] }), byHeader)).toEqual({
      build: 'aaaaaaa'
    })
  })

  test('an absent header', () => {
    expect(extractBuild(res(SHA, { 'x-other': SHA }), byHeader)).toEqual({
      reason: 'no header X-Build-Sha'
    })
  })

  test('an empty header value is a placeholder', () => {
    expect(extractBuild(res('', { 'x-build-sha': '' }), byHeader)).toEqual({
      reason: 'placeholder ""'
    })
  })
})

describe('regex', () => {
  test('the first capture group', () => {
    const r: Extraction = { kind: 'regex', pattern: /commit: ([0-9a-f]+)/ }
    expect(extractBuild(res(`build 42\ncommit: ${SHA}\n`), r)).toEqual({ build: SHA })
  })

  test('the whole match when there is no group', () => {
    const r: Extraction = { kind: 'regex', pattern: /[0-9a-f]{40}/ }
    expect(extractBuild(res(`<p>running ${SHA}</p>`), r)).toEqual({ build: SHA })
  })

  test('the whole match when an optional group did not take part', () => {
    const r: Extraction = { kind: 'regex', pattern: /v\d+(-rc)?/ }
    expect(extractBuild(res('release v42 ok'), r)).toEqual({ build: 'v42' })
  })

  test('no match', () => {
    const r: Extraction = { kind: 'regex', pattern: /sha=(\w+)/ }
    expect(extractBuild(res('nothing here'), r)).toEqual({
      reason: 'no match for regex /sha=(\\w+)/'
    })
  })

  test('a matched placeholder', () => {
    const r: Extraction = { kind: 'regex', pattern: /sha=(\S+)/ }
    expect(extractBuild(res('sha=unknown'), r)).toEqual({ reason: 'placeholder "unknown"' })
  })
})

describe('auto: JSON bodies', () => {
  test('the list of well-known fields', () => {
    expect(WELL_KNOWN_FIELDS).toEqual([
      'sha',
      'commit',
      'commit_sha',
      'commitSha',
      'git_sha',
      'gitSha',
      'gitCommit',
      'git.commit.id',
      'revision',
      'build_hash',
      'buildHash',
      'releaseId',
      'version'
    ])
  })

  test.each(WELL_KNOWN_FIELDS.map(f => [f]))('%s alone is found', field => {
    const body: Record<string, unknown> = {}
    const keys = field.split('.')
    let at = body
    keys.slice(0, -1).forEach(k => (at = (at[k] = {}) as Record<string, unknown>))
    at[keys[keys.length - 1]] = SHA
    expect(extractBuild(json(body), AUTO)).toEqual({ build: SHA })
  })

  test('fields are tried in order: the first present wins', () => {
    const body = { version: '1.4.2', revision: 'rrrrrrr', commit_sha: 'ccccccc', extra: 'x' }
    expect(extractBuild(json(body), AUTO)).toEqual({ build: 'ccccccc' })
    expect(extractBuild(json({ version: '1.4.2', buildHash: 'bbbbbbb' }), AUTO)).toEqual({
      build: 'bbbbbbb'
    })
  })

  test('Spring Boot actuator /info', () => {
    const body = {
      app: { name: 'router' },
      git: { branch: 'main', commit: { id: '4f2a9c1', time: '2025-01-01T00:00:00Z' } },
      build: { version: '1.0.0' }
    }
    expect(extractBuild(json(body, 'application/vnd.spring-boot.actuator.v3+json'), AUTO)).toEqual({
      build: '4f2a9c1'
    })
  })

  test('Kubernetes /version', () => {
    const body = {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.2',
      gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d',
      gitTreeState: 'clean',
      buildDate: '2024-10-22T20:28:14Z',
      goVersion: 'go1.22.8',
      compiler: 'gc',
      platform: 'linux/amd64'
    }
    expect(extractBuild(json(body), AUTO)).toEqual({
      build: '5864a4677267e6adeae276ad85882a8714d69d9d'
    })
  })

  test('a field that is an object is skipped for the next one', () => {
    expect(extractBuild(json({ commit: { message: 'x' }, revision: 'abc1234' }), AUTO)).toEqual({
      build: 'abc1234'
    })
  })

  test('JSON detected from the body without a content type', () => {
    expect(
      extractBuild(res(`  {"sha": "${SHA}"}\n`, { 'content-type': 'text/plain' }), AUTO)
    ).toEqual({
      build: SHA
    })
  })

  test('no well-known field', () => {
    expect(extractBuild(json({ status: 'UP' }), AUTO)).toEqual({
      reason: `no build field in JSON (looked for ${WELL_KNOWN_FIELDS.join(', ')}): the body has one key, "status"; expected json: with the path to the build`
    })
  })

  test('invalid JSON under a json content type', () => {
    expect(
      extractBuild(res('{"sha": ', { 'content-type': 'application/json; charset=utf-8' }), AUTO)
    ).toEqual({
      reason: 'invalid JSON body'
    })
    expect(extractBuild(res('abc1234', { 'content-type': 'application/json' }), AUTO)).toEqual({
      reason: 'invalid JSON body'
    })
  })

  test('a JSON string body', () => {
    expect(extractBuild(json('abc1234'), AUTO)).toEqual({
      reason: `no build field in JSON (looked for ${WELL_KNOWN_FIELDS.join(', ')}): the body is a string, not a mapping`
    })
  })
})

describe('auto: text bodies', () => {
  test('the trimmed body when it is one token', () => {
    expect(extractBuild(res(`${SHA}\n`, { 'content-type': 'text/plain' }), AUTO)).toEqual({
      build: SHA
    })
    expect(extractBuild(res('  v1.2.3-rc.1  '), AUTO)).toEqual({ build: 'v1.2.3-rc.1' })
  })

  test('a token of 128 characters is read; 129 is not', () => {
    expect(extractBuild(res('a'.repeat(128)), AUTO)).toEqual({ build: 'a'.repeat(128) })
    expect(extractBuild(res('a'.repeat(129)), AUTO)).toEqual({
      reason: TEXT_BODY
    })
  })

  test('more than one word', () => {
    expect(extractBuild(res('build abc1234'), AUTO)).toEqual({
      reason: TEXT_BODY
    })
  })

  test.each([
    '<!DOCTYPE html><html><body>It works</body></html>',
    '<html><head></head></html>',
    '<?xml version="1.0"?><x/>',
    '<div>maintenance</div>',
    '\n  <!doctype html>\n<title>Login</title>'
  ])('an HTML page is no build: %j', body => {
    expect(extractBuild(res(body, { 'content-type': 'text/html' }), AUTO)).toEqual({
      reason:
        'body is an HTML page, not a build; expected the URL of the endpoint that reports the build (or regex: to read it out of the page)'
    })
  })

  test('an empty body', () => {
    expect(extractBuild(res(''), AUTO)).toEqual({ reason: 'empty body' })
    expect(extractBuild(res(' \n '), AUTO)).toEqual({ reason: 'empty body' })
  })
})

describe('placeholders are no report', () => {
  const values = ['unknown', 'dev', 'local', 'local-dev', 'n/a', 'none', 'null', 'undefined', '']

  test.each(values)('%j in a well-known JSON field', value => {
    expect(extractBuild(json({ sha: value }), AUTO)).toEqual({
      reason: `placeholder ${JSON.stringify(value)}`
    })
  })

  test.each(values.filter(v => v !== ''))('%j as a text body', value => {
    expect(extractBuild(res(`${value}\n`), AUTO)).toEqual({ reason: `placeholder "${value}"` })
  })

  test.each(values)('%j at a json path', value => {
    expect(extractBuild(json({ build: { sha: value } }), path('build.sha'))).toEqual({
      reason: `placeholder ${JSON.stringify(value)}`
    })
  })

  test.each(values)('%j in a header', value => {
    const byHeader: Extraction = { kind: 'header', name: 'X-Build' }
    expect(extractBuild(res('', { 'x-build': value }), byHeader)).toEqual({
      reason: `placeholder ${JSON.stringify(value)}`
    })
  })

  test('case and spaces do not hide a placeholder; the reason shows it trimmed', () => {
    expect(extractBuild(json({ sha: '  Unknown ' }), AUTO)).toEqual({
      reason: 'placeholder "Unknown"'
    })
  })

  test('JSON null in a well-known field stops the search', () => {
    expect(extractBuild(json({ sha: null, commit: SHA }), AUTO)).toEqual({
      reason: 'placeholder "null"'
    })
  })

  test('a placeholder in an earlier field is the answer, not a later real hash', () => {
    expect(extractBuild(json({ sha: 'unknown', version: '1.0.0' }), AUTO)).toEqual({
      reason: 'placeholder "unknown"'
    })
  })
})

test('broken JSON is not a build, even without a JSON content type', () => {
  expect(extractBuild(res('{"sha":"abc"', { 'content-type': 'text/plain' }), AUTO)).toEqual({
    reason: 'invalid JSON body'
  })
})
