// Issue 15: `checks` in the fleet file. Each check compiled once per entry, defaults merged with
// a target's own by name (override, null drop), carried by every target of a range; and every
// bad input named by file, line and key, saying what is expected.
import { describe, expect, test } from '@jest/globals'
import type { ConfigProblem, Source } from '../../src/common/errors.js'
import { loadRegexEngine } from '../../src/common/regex.js'
import { parseFleet as parseFleetWith, type Fleet } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import type { Check } from '../../src/fleet/target.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const regex = await loadRegexEngine()
const FILE: Source = { label: 'targets-file `fleet.yml`', file: 'fleet.yml' }

function parse(
  text: string,
  env: Record<string, string> = {},
  urlOptional = false
): ReturnType<typeof parseFleet> {
  return parseFleet(text, FILE, {
    timeoutMs: 10_000,
    headers: {},
    samples: 1,
    cacheBust: false,
    env,
    regex,
    urlOptional
  })
}

function fleet(text: string, env: Record<string, string> = {}, urlOptional = false): Fleet {
  const r = parse(text, env, urlOptional)
  if (!r.ok) throw new Error(r.error.map(p => p.message).join('\n'))
  return r.value
}

function problems(text: string, env: Record<string, string> = {}): ConfigProblem[] {
  const r = parse(text, env)
  if (r.ok) throw new Error('expected a problem')
  return r.error
}

/** A check as a test reads it: name, how it is read, what it must be. */
function brief(c: Check): string {
  const how =
    c.extraction.kind === 'json'
      ? `json ${c.extraction.path.join('.')}`
      : c.extraction.kind === 'header'
        ? `header ${c.extraction.name}`
        : `regex ${c.extraction.pattern.source}`
  return `${c.name}: ${how} = ${c.expected.kind === 'value' ? c.expected.value : 'consensus'}`
}

const KNIGHT = `
defaults:
  json: git.commit.id
  checks:
    config:
      json: config.sha
      expected: \${CONFIG_SHA}
    schema:
      header: X-Schema-Version
      expected: "42"
    power-peg:
      json: flags.power_peg
      expected: "off"
targets:
  - name: router-[1:3]
    url: https://router-[1:3].example.com/actuator/info
  - name: canary
    url: https://canary.example.com/actuator/info
    checks:
      schema: { regex: 'schema=(\\d+)', expected: Consensus }
      power-peg: null
      region: { header: X-Region, expected: eu-west-1 }
`

describe('checks in the fleet file', () => {
  test('defaults apply to every target of a range, ${VAR} read, in declaration order', () => {
    const { targets, secrets } = fleet(KNIGHT, { CONFIG_SHA: '9c1b2d3' })
    expect(targets.slice(0, 3).map(t => t.checks?.map(brief))).toEqual(
      Array(3).fill([
        'config: json config.sha = 9c1b2d3',
        'schema: header X-Schema-Version = 42',
        'power-peg: json flags.power_peg = off'
      ])
    )
    // Every target of the range shares the entry's checks, compiled once.
    expect(targets[1].checks).toBe(targets[0].checks)
    // Decision: a check's expected value is no secret (reasons show it).
    expect(secrets).not.toContain('9c1b2d3')
  })

  test("a target's check replaces the default's in its place, null drops one, new ones follow", () => {
    const canary = fleet(KNIGHT, { CONFIG_SHA: '9c1b2d3' }).targets[3]
    expect(canary.checks?.map(brief)).toEqual([
      'config: json config.sha = 9c1b2d3',
      'schema: regex schema=(\\d+) = consensus',
      'region: header X-Region = eu-west-1'
    ])
  })

  test('dropping every check leaves the target without checks at all', () => {
    const text =
      'defaults:\n  checks: { a: { json: a, expected: x } }\ntargets:\n  - url: https://a.example.com/\n    checks: { a: ~ }\n'
    expect('checks' in fleet(text).targets[0]).toBe(false)
  })

  test('a fleet without checks: targets have no checks key (nothing to do per request)', () => {
    const { targets } = fleet(
      'targets:\n  - https://a.example.com/\n  - url: https://b.example.com/\n    checks: {}\n'
    )
    expect(targets.map(t => 'checks' in t)).toEqual([false, false])
  })

  test('names such as constructor are checks like any other; a branch name is a value', () => {
    const t = fleet(
      'targets:\n  - url: https://a.example.com/\n    checks:\n      constructor: { json: a, expected: main }\n      prototype: { json: b, expected: "on " }\n'
    ).targets[0]
    expect(t.checks?.map(brief)).toEqual(['constructor: json a = main', 'prototype: json b = on'])
  })

  test('a name-only target (reports-file) carries its checks', () => {
    const t = fleet(
      'defaults:\n  checks: { config: { json: c, expected: consensus } }\ntargets:\n  - name: r-[1:2]\n',
      {},
      true
    ).targets
    expect(t.map(x => x.checks?.map(brief))).toEqual([
      ['config: json c = consensus'],
      ['config: json c = consensus']
    ])
  })

  test('kubernetes: an http target carries its checks; report: image takes none', () => {
    const ok = fleet(
      'targets:\n  - name: api\n    kubernetes: { selector: app=api, port: 80 }\n    checks: { config: { header: X-Config, expected: consensus } }\n'
    ).targets[0]
    expect(ok.checks?.map(brief)).toEqual(['config: header X-Config = consensus'])
    const image = problems(
      'defaults:\n  checks: { config: { header: X-Config, expected: consensus } }\ntargets:\n  - name: img\n    kubernetes: { selector: app=img, report: image }\n'
    )
    expect(image.map(p => p.message)).toEqual([
      "targets-file `fleet.yml`, line 5: targets[0].kubernetes: checks are read from a pod's answer, but report: image takes the running image digest and asks no pod; expected no checks (drop those of defaults with <name>: null) or report: http"
    ])
    // Dropped, they are fine.
    const dropped = fleet(
      'defaults:\n  checks: { config: { header: X-Config, expected: consensus } }\ntargets:\n  - name: img\n    kubernetes: { selector: app=img, report: image }\n    checks: { config: null }\n'
    ).targets[0]
    expect('checks' in dropped).toBe(false)
  })
})

describe('bad checks: file, line, key and what is expected', () => {
  const messages = (text: string, env: Record<string, string> = {}) =>
    problems(text, env).map(p => p.message)
  const target = (checks: string) =>
    `targets:\n  - url: https://a.example.com/\n    checks:\n${checks}`

  test('an unknown key inside a check: its line, with a did-you-mean', () => {
    expect(
      messages(target('      config:\n        jsn: config.sha\n        expected: x\n'))
    ).toEqual([
      'targets-file `fleet.yml`, line 5: targets[0].checks.config.jsn: unknown key "jsn"; did you mean "json"?'
    ])
  })

  test('a check without expected', () => {
    expect(messages(target('      config:\n        json: config.sha\n'))).toEqual([
      'targets-file `fleet.yml`, line 5: targets[0].checks.config.expected: is required; expected a value the check must report, or consensus'
    ])
  })

  test('two extraction modes, and none', () => {
    expect(
      messages(target('      config:\n        json: c\n        header: X-C\n        expected: x\n'))
    ).toEqual([
      'targets-file `fleet.yml`, line 6: targets[0].checks.config.header: sets json and header; expected exactly one of json, header, regex'
    ])
    expect(messages(target('      config:\n        expected: x\n'))).toEqual([
      'targets-file `fleet.yml`, line 5: targets[0].checks.config: sets none of json, header, regex; expected exactly one of them (how the check reads its value from the answer)'
    ])
  })

  test('a bad name, at the line of the name', () => {
    expect(messages(target('      config.sha:\n        json: c\n        expected: x\n'))).toEqual([
      'targets-file `fleet.yml`, line 4: targets[0].checks.config.sha: "config.sha" is not a valid check name; expected letters, digits and dashes, at most 40 characters, such as "config" or "power-peg"'
    ])
    expect(messages(target('      BUILD: { json: c, expected: x }\n'))).toEqual([
      'targets-file `fleet.yml`, line 4: targets[0].checks.BUILD: "BUILD" is the build itself; expected another name (json, header or regex at the top level read the build)'
    ])
  })

  test('null in defaults, and a drop of a check defaults does not have', () => {
    expect(
      messages('defaults:\n  checks:\n    config: null\ntargets: [https://a.example.com/]\n')
    ).toEqual([
      'targets-file `fleet.yml`, line 3: defaults.checks.config: null drops a check of defaults in a target; in defaults, expected a check (a mapping with json, header or regex, and expected)'
    ])
    expect(
      messages(
        'defaults:\n  checks: { config: { json: c, expected: x } }\ntargets:\n  - url: https://a.example.com/\n    checks:\n      confg: null\n'
      )
    ).toEqual([
      'targets-file `fleet.yml`, line 6: targets[0].checks.confg: null drops a check of defaults, and defaults has no check "confg"; expected one of "config"'
    ])
  })

  test('a check that is not a mapping, and checks that are not one', () => {
    expect(messages(target('      config: config.sha\n'))).toEqual([
      'targets-file `fleet.yml`, line 4: targets[0].checks.config: expected a check (a mapping with json, header or regex, and expected), got the text "config.sha"'
    ])
    expect(messages('targets:\n  - url: https://a.example.com/\n    checks: [config]\n')).toEqual([
      'targets-file `fleet.yml`, line 3: targets[0].checks: expected a mapping of check names to checks, such as config: { json: config.sha, expected: consensus }, got a list'
    ])
  })

  test('expected values: blank, a placeholder, too long, and once ${VAR} is read', () => {
    expect(messages(target("      a: { json: a, expected: '' }\n"))[0]).toContain(
      'targets[0].checks.a.expected: "" is not valid; expected the value the check must report'
    )
    expect(messages(target('      a: { json: a, expected: unknown }\n'))[0]).toContain(
      '"unknown" is a placeholder; expected'
    )
    expect(messages(target(`      a: { json: a, expected: ${'v'.repeat(129)} }\n`))[0]).toContain(
      'is longer than 128 characters'
    )
    // A placeholder the variable makes; its value is not quoted (it may be a secret elsewhere).
    const [placeholder] = messages(target('      a: { json: a, expected: "${A}" }\n'), {
      A: 'undefined'
    })
    expect(placeholder).toBe(
      'targets-file `fleet.yml`, line 4: targets[0].checks.a.expected: "${A}" is not valid once its variables are read: the value is a placeholder; expected the value the check must report (one line of at most 128 characters, not a placeholder such as "unknown"), or consensus'
    )
    expect(messages(target('      a: { json: a, expected: "${UNSET}" }\n'))[0]).toContain(
      'targets[0].checks.a.expected: environment variable UNSET is not set or is empty'
    )
  })

  test('a regex that does not compile names the check', () => {
    expect(messages(target("      a: { regex: '(?=x)', expected: x }\n"))[0]).toMatch(
      /^targets-file `fleet\.yml`, line 4: targets\[0\]\.checks\.a\.regex: "\(\?=x\)"/
    )
  })

  test('every bad check of an entry is reported, not just the first', () => {
    expect(
      messages(target('      a: { json: a }\n      b: { json: b, header: X-B, expected: x }\n'))
    ).toHaveLength(2)
  })
})
