// Issue 13: every extraction failure says what was found and what to try. The keys where a JSON
// path stopped (a few, cut short, quoted: server text), a did-you-mean for a mistyped key, a
// well-known field one level down, `regex:` for a text body such as /metrics.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { Extraction } from '../../src/fleet/target.js'
import type { ReadResponse } from '../../src/probe/extract.js'
import { deeperField, pathStopped } from '../../src/probe/extraction-hints.js'
import { WELL_KNOWN_FIELDS } from '../../src/probe/extract.js'
import { extracted } from './fixtures.js'

const res = (body: string, headers: ReadResponse['headers'] = {}): ReadResponse => ({
  status: 200,
  headers,
  body
})
const json = (value: unknown) => res(JSON.stringify(value), { 'content-type': 'application/json' })
const path = (p: string): Extraction => ({ kind: 'json', path: p.split('.') })
const AUTO: Extraction = { kind: 'auto' }
const reasonOf = (r: ReadResponse, e: Extraction) => {
  const out = extracted(r, e)
  if ('build' in out) throw new Error(`expected no build, got ${out.build}`)
  return out.reason
}

const METRICS = [
  '# HELP node_exporter_build_info A metric with a constant 1 value.',
  '# TYPE node_exporter_build_info gauge',
  'node_exporter_build_info{branch="HEAD",revision="1a2b3c4d",version="1.5.0"} 1',
  ''
].join('\n')

describe('json: the keys found where the path stopped', () => {
  test('a mapping without the key: its keys', () => {
    expect(reasonOf(json({ build: { commit: 'x', time: 'y' } }), path('build.sha'))).toBe(
      'no hash at build.sha: "build" has keys "commit" and "time"'
    )
  })

  test('a mistyped key: did you mean, with the whole path', () => {
    expect(reasonOf(json({ build: { sha: 'x' } }), path('bulid.sha'))).toBe(
      'no hash at bulid.sha: the body has one key, "build"; did you mean json: build.sha?'
    )
    expect(reasonOf(json({ sha: 'x', build: {} }), path('SHA'))).toContain(
      'did you mean json: sha?'
    )
  })

  test('a list: how long it is, and what index reads it', () => {
    expect(reasonOf(json({ builds: [{}, {}] }), path('builds.sha'))).toBe(
      'no hash at builds.sha: "builds" is a list of 2; expected a number from 0 to 1 after it'
    )
    expect(reasonOf(json({ builds: [] }), path('builds.0.sha'))).toBe(
      'no hash at builds.0.sha: "builds" is an empty list'
    )
  })

  test('a value where a mapping was needed', () => {
    expect(reasonOf(json({ build: 42 }), path('build.sha'))).toBe(
      'no hash at build.sha: "build" is a number, not a mapping'
    )
  })

  test('at most five keys are listed, then a count', () => {
    const body = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(k => [k, 1]))
    expect(reasonOf(json(body), path('zzzzzzzz'))).toBe(
      'no hash at zzzzzzzz: the body has keys "a", "b", "c", "d", "e" and 2 more'
    )
  })

  test('a long or hostile key is cut and quoted; no suggestion is made from it', () => {
    const key = `${'k'.repeat(60)}\n::error::pwned`
    const reason = reasonOf(json({ [key]: 1 }), path('sha'))
    expect(reason).toBe(
      `no hash at sha: the body has one key, ${JSON.stringify(`${'k'.repeat(39)}…`)}`
    )
    expect(reason).not.toContain('\n')
    expect(reason).not.toContain('did you mean')
  })

  test('property: whatever the body, a reason lists at most 5 keys, each at most 40 characters, on one line', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 80 }), fc.jsonValue(), { maxKeys: 30 }),
        fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        (body, keys) => {
          const stopped = pathStopped(body, keys)
          if (stopped === undefined) return
          expect(stopped).not.toMatch(/[\n\r]/)
          const quoted = [...stopped.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(
            m => JSON.parse(`"${m[1]}"`) as string
          )
          // the path the user wrote is quoted too, once, before the keys
          expect(quoted.length).toBeLessThanOrEqual(6)
          for (const k of quoted.slice(stopped.startsWith('the body') ? 0 : 1))
            expect(k.length).toBeLessThanOrEqual(40)
        }
      )
    )
  })
})

describe('auto: what a body without a well-known field has', () => {
  test('a JSON body: its keys, and a well-known field one level down as a json: path', () => {
    expect(reasonOf(json({ build: { commit: 'abc1234', time: 'now' }, status: 'UP' }), AUTO)).toBe(
      `no build field in JSON (looked for ${WELL_KNOWN_FIELDS.join(', ')}): the body has keys "build" and "status"; to read build.commit, set json: build.commit`
    )
  })

  test('a JSON body with nothing like a build: its keys, and json: to name the path', () => {
    expect(reasonOf(json({ status: 'UP', uptime: 3 }), AUTO)).toMatch(
      /: the body has keys "status" and "uptime"; expected json: with the path to the build$/
    )
  })

  test('the search for a deeper field is bounded', () => {
    const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, { x: 1 }]))
    expect(deeperField({ ...wide, z: { sha: 'abc' } }, WELL_KNOWN_FIELDS)).toBeUndefined()
    expect(deeperField({ a: { b: { sha: 'abc' } } }, WELL_KNOWN_FIELDS)).toBe('a.b.sha')
  })
})

describe('a body that is not JSON', () => {
  test('a /metrics page with json: configured: text, so regex: reads it', () => {
    expect(
      reasonOf(res(METRICS, { 'content-type': 'text/plain; version=0.0.4' }), path('revision'))
    ).toBe(
      'body is not JSON (json: revision): it is text ("text/plain"); use regex: to read the build out of it'
    )
  })

  test('a /metrics page with nothing configured: regex: again', () => {
    expect(reasonOf(res(METRICS, { 'content-type': 'text/plain' }), AUTO)).toBe(
      'body is not a single word of at most 128 characters: it is text (such as a /metrics page), not a build; use regex: to read the build out of it'
    )
  })

  test('an HTML page: probably the wrong URL', () => {
    expect(
      reasonOf(res('<!doctype html><p>login</p>', { 'content-type': 'text/html' }), path('sha'))
    ).toBe(
      'body is not JSON (json: sha): it is an HTML page; expected the URL of the endpoint that reports the build'
    )
  })
})

describe('header: a near miss', () => {
  test('did you mean the header the answer has', () => {
    const r = res('', { 'x-build-sha': 'abc', 'content-type': 'text/plain' })
    expect(reasonOf(r, { kind: 'header', name: 'X-Build-Id' })).toBe(
      'no header X-Build-Id; did you mean header: x-build-sha?'
    )
  })

  test('nothing close: no guess', () => {
    const r = res('', { 'content-type': 'text/plain' })
    expect(reasonOf(r, { kind: 'header', name: 'X-Build-Sha' })).toBe('no header X-Build-Sha')
  })
})
