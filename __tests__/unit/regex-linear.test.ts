// Issue 8, "Green must never lie": a `regex` extraction cannot run past the target's deadline.
// Patterns are RE2 (re2js), which matches in linear time: a crafted body cannot make a pattern
// backtrack. RE2 has no backreferences or lookaround, so those are bad input naming the key and
// line; and since linear can still be slow, matching stops at the deadline.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Source } from '../../src/common/errors.js'
import { parseFleet as parseFleetWith, type FleetOptions } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import type { Extraction } from '../../src/fleet/target.js'
import type { ReadResponse } from '../../src/probe/extract.js'
import { extracted as extractBuild } from './fixtures.js'
import {
  loadRegexEngine,
  MAX_REGEX_LENGTH,
  needsRegexEngine,
  syntaxProblem,
  type BuildPattern
} from '../../src/common/regex.js'
import { ROOT } from '../helpers/run-action.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const regex = await loadRegexEngine()
const FILE: Source = { label: 'targets-file `fleet.yml`', file: 'fleet.yml' }
const OPTIONS: FleetOptions = {
  timeoutMs: 10_000,
  headers: {},
  samples: 1,
  cacheBust: false,
  env: {},
  regex
}
const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'

function compiled(pattern: string): BuildPattern {
  const r = regex(pattern)
  if (!r.ok) throw new Error(`${pattern}: ${r.error.problem ?? ''} ${r.error.expected}`)
  return r.value
}

function extract(pattern: string, body: string, deadline?: number) {
  const response: ReadResponse = { status: 200, headers: {}, body }
  const extraction: Extraction = { kind: 'regex', pattern: compiled(pattern) }
  return extractBuild(response, extraction, deadline)
}

function problemOf(text: string): string {
  const r = parseFleet(text, FILE, OPTIONS)
  if (r.ok) throw new Error('expected a problem')
  expect(r.error).toHaveLength(1)
  return r.error[0].message
}

describe('what a regex reads: group 1 if the pattern has one, else the whole match', () => {
  test.each([
    ['commit: ([0-9a-f]+)', `<p>commit: ${SHA}</p>`, SHA],
    ['[0-9a-f]{40}', `build ${SHA} ok`, SHA],
    // group 1 did not take part: the whole match, as RegExp gives it
    ['v\\d+(-rc)?', 'release v42 today', 'v42'],
    ['(?P<sha>[0-9a-f]{7,40})', `x ${SHA} y`, SHA],
    ['(?<sha>[0-9a-f]{7,40})', `x ${SHA} y`, SHA],
    ['(?i)BUILD=(\\w+)', 'build=abc1234', 'abc1234'],
    // the first match, leftmost
    ['sha=(\\w+)', 'sha=aaaaaaa sha=bbbbbbb', 'aaaaaaa'],
    // . does not cross lines; (?s) makes it
    ['(?s)start(.*)end', 'startabc1234\nend', 'abc1234']
  ])('%s', (pattern, body, build) => {
    expect(extract(pattern, body)).toEqual({ build })
  })

  test('no match says which pattern', () => {
    expect(extract('sha=(\\w+)', 'nothing here')).toEqual({
      reason: 'no match for regex /sha=(\\w+)/'
    })
  })

  test('agrees with RegExp on patterns both engines read alike', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,12}$/)
    fc.assert(
      fc.property(word, word, fc.string(), (key, value, noise) => {
        const body = `${noise.replace(/[a-z0-9=]/g, ' ')} ${key}=${value} `
        const pattern = `${key}=([a-z0-9]+)`
        const ours = compiled(pattern).exec(body)
        const theirs = new RegExp(pattern).exec(body)
        expect(ours?.[1]).toBe(theirs?.[1])
        expect(ours?.[0]).toBe(theirs?.[0])
      })
    )
  })

  test('the pattern keeps its source for reports', () => {
    expect(compiled('build=(\\w+)').source).toBe('build=(\\w+)')
  })
})

describe('what RE2 does not support is bad input, naming the key and the line', () => {
  const dialect = 'expected an RE2 regular expression (RE2 has no backreferences or lookaround)'
  test.each([
    ['(a)\\1', 'uses a backreference, which RE2 does not support'],
    ['(?<n>a)\\k<n>', 'uses a backreference, which RE2 does not support'],
    ['build(?=:)', 'uses lookahead or lookbehind, which RE2 does not support'],
    ['build(?!x)', 'uses lookahead or lookbehind, which RE2 does not support'],
    ['(?<=v)\\d+', 'uses lookahead or lookbehind, which RE2 does not support'],
    ['(?<!v)\\d+', 'uses lookahead or lookbehind, which RE2 does not support']
  ])('%s', (pattern, problem) => {
    const text = `targets:\n  - url: https://a.example/v\n    regex: '${pattern}'\n`
    expect(problemOf(text)).toBe(
      `targets-file \`fleet.yml\`, line 3: targets[0].regex: ${JSON.stringify(pattern)} ${problem}; ${dialect}`
    )
  })

  test('other syntax errors quote what RE2 says', () => {
    const text = `targets:\n  - url: https://a.example/v\n    regex: 'commit ([0-9a-f]+'\n`
    expect(problemOf(text)).toBe(
      'targets-file `fleet.yml`, line 3: targets[0].regex: "commit ([0-9a-f]+" is not valid; expected a regular expression that compiles (RE2 syntax: missing closing ): `commit ([0-9a-f]+`)'
    )
  })

  test('in defaults, once, at its own line', () => {
    const text = `defaults:\n  regex: '(?=x)'\ntargets:\n  - https://a.example/v\n  - https://b.example/v\n`
    expect(problemOf(text)).toMatch(
      /^targets-file `fleet\.yml`, line 2: defaults\.regex: "\(\?=x\)" uses lookahead/
    )
  })

  test(`a pattern longer than ${MAX_REGEX_LENGTH} characters`, () => {
    const long = 'a'.repeat(MAX_REGEX_LENGTH + 1)
    const text = `targets:\n  - url: https://a.example/v\n    regex: ${long}\n`
    expect(problemOf(text)).toMatch(
      new RegExp(
        `line 3: targets\\[0\\]\\.regex: "a+\\.\\.\\." is ${MAX_REGEX_LENGTH + 1} characters long; expected a regular expression of at most ${MAX_REGEX_LENGTH} characters$`
      )
    )
    expect(regex('a'.repeat(MAX_REGEX_LENGTH)).ok).toBe(true)
  })

  test('an empty pattern (which once fell back to auto-detection unnoticed)', () => {
    const text = `targets:\n  - url: https://a.example/v\n    regex: ''\n`
    expect(problemOf(text)).toBe(
      'targets-file `fleet.yml`, line 3: targets[0].regex: "" is empty; expected a regular expression such as "commit: ([0-9a-f]+)"'
    )
  })

  test('RE2 syntax messages are mapped without losing what RE2 said', () => {
    expect(syntaxProblem('error parsing regexp: invalid repeat count: `{1001}`')).toEqual({
      expected: 'a regular expression that compiles (RE2 syntax: invalid repeat count: `{1001}`)'
    })
  })
})

describe('matching stays within the deadline', () => {
  const MiB = 1024 * 1024

  test('(a+)+b on 1 MiB of a…c finishes (a backtracking engine would not, in any lifetime)', () => {
    const body = 'a'.repeat(MiB - 1) + 'c'
    expect(extract('(a+)+b', body, performance.now() + 60_000)).toEqual({
      reason: 'no match for regex /(a+)+b/'
    })
  })

  test.each([
    ['(a|a)*b', 'a'.repeat(MiB)],
    // the literal each needs is in the body, so the engine cannot skip the work
    ['(x+x+)+y', 'x'.repeat(MiB) + '!y'],
    ['(.*a){12}b', 'a'.repeat(64 * 1024) + '\nb'],
    ['^(\\w+\\s?)*$', 'word '.repeat(100_000) + '!']
  ])('%s on a crafted body finishes', (pattern, body) => {
    expect(extract(pattern, body, performance.now() + 60_000)).toEqual({
      reason: `no match for regex /${pattern}/`
    })
  })

  test('a pattern that is linear but slow on a large body stops at the deadline', () => {
    // re2js takes about 30 s here (a thousand NFA threads over a million characters).
    const body = 'a'.repeat(MiB) + 'x'
    const started = performance.now()
    const found = extract('([a-z]{1000})x', body, started + 300)
    expect(found).toEqual({
      reason:
        "regex /([a-z]{1000})x/ ran past the target's timeout while matching the body; expected a pattern that matches faster (a literal prefix helps)"
    })
    // stopped near the deadline, far from the 30 s it would take
    expect(Math.round(performance.now() - started)).toBeLessThan(10_000)
  })

  test('a pattern cut short at its deadline still matches correctly afterwards', () => {
    const pattern = compiled('([a-z]{1000})x')
    expect(() => pattern.exec('a'.repeat(MiB) + 'x', performance.now() + 50)).toThrow(
      'regex matching ran past the deadline'
    )
    const small = 'z'.repeat(1000) + 'x'
    expect(pattern.exec(small, performance.now() + 60_000)).toEqual([small, 'z'.repeat(1000)])
    expect(pattern.exec('zz', performance.now() + 60_000)).toBeNull()
  })

  test('a deadline already past still lets a small match finish (the clock is read every 256 characters)', () => {
    expect(extract('sha=(\\w+)', `sha=${SHA}`, performance.now() - 1)).toEqual({ build: SHA })
  })
})

describe('re2js is loaded only for a fleet that may use regex', () => {
  test('the key spelled out, or a backslash (an escaped key such as "\\x72egex"), needs the engine', () => {
    expect(needsRegexEngine('targets:\n  - url: https://a.example/v\n    regex: x\n')).toBe(true)
    expect(needsRegexEngine('{"targets": [{"url": "https://a", "rege\\u0078": "x"}]}')).toBe(true)
    expect(needsRegexEngine('targets:\n  - url: https://a.example/v\n    json: sha\n')).toBe(false)
    expect(needsRegexEngine('https://a.example/v\nhttps://b.example/v\n')).toBe(false)
  })

  test('a fleet whose text does not need the engine never has a regex key', () => {
    // Any fleet text without "regex" and without a backslash parses without the engine.
    const key = fc.constantFrom('json', 'header', 'expected', 'name')
    fc.assert(
      fc.property(key, fc.stringMatching(/^[a-z0-9.]{1,20}$/), (k, v) => {
        const text = `targets:\n  - url: https://a.example/v\n    ${k}: "${v}"\n`
        fc.pre(!needsRegexEngine(text))
        // Problems are returned; only a regex key without the engine would throw.
        parseFleet(text, FILE, { ...OPTIONS, regex: undefined })
      })
    )
  })

  test('an escaped regex key is compiled with the engine like any other', () => {
    const text = '{"targets": [{"url": "https://a.example/v", "rege\\u0078": "(?=x)"}]}'
    expect(needsRegexEngine(text)).toBe(true)
    expect(problemOf(text)).toContain('targets[0].regex: "(?=x)" uses lookahead')
  })

  test('re2js is imported lazily (ncc makes a separate chunk), and nowhere statically', () => {
    const src = path.join(ROOT, 'src')
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(f =>
      f.endsWith('.ts')
    )
    const sources = files.map(f => readFileSync(path.join(src, f), 'utf8'))
    for (const source of sources) expect(source).not.toMatch(/^import (?!type )[^\n]*'re2js'/m)
    expect(sources.filter(s => s.includes("await import('re2js')"))).toHaveLength(1)
  })
})
