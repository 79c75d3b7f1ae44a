// Every bad fleet input: problems (returned, not thrown) whose messages name the input or file,
// the key path, the line where known, and what is expected.
import { describe, expect, test } from '@jest/globals'
import type { ConfigProblem, Source } from '../../src/common/errors.js'
import { parseFleet as parseFleetWith } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import { DEFAULTS_KEYS, TARGET_KEYS } from '../../src/fleet/schema.js'
import { loadRegexEngine } from '../../src/common/regex.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const regex = await loadRegexEngine()

const INPUT: Source = { label: 'input `targets`' }
const FILE: Source = { label: 'targets-file `ops/fleet.yml`', file: 'ops/fleet.yml' }

function problemsOf(
  text: string,
  source: Source = INPUT,
  env: Record<string, string> = {}
): ConfigProblem[] {
  const r = parseFleet(text, source, {
    timeoutMs: 10_000,
    headers: {},
    samples: 1,
    cacheBust: false,
    env,
    regex
  })
  if (r.ok) throw new Error('expected parseFleet to find a problem')
  return r.error
}

/** The messages, when exactly one problem is expected. */
function onlyProblem(text: string, source: Source = INPUT, env: Record<string, string> = {}) {
  const problems = problemsOf(text, source, env)
  expect(problems.map(p => p.message)).toHaveLength(1)
  return problems[0]
}

describe('unknown keys', () => {
  test('a near miss gets a did-you-mean, with the key path and its line', () => {
    const text =
      'targets:\n  - url: https://a.example/v\n  - url: https://b.example/v\n    timout: 5s\n'
    expect(onlyProblem(text, FILE)).toEqual({
      message:
        'targets-file `ops/fleet.yml`, line 4: targets[1].timout: unknown key "timout"; did you mean "timeout"?',
      file: 'ops/fleet.yml',
      line: 4
    })
  })

  test('the known keys', () => {
    expect(TARGET_KEYS.slice(0, 8)).toEqual([
      'name',
      'url',
      'expected',
      'json',
      'header',
      'regex',
      'headers',
      'timeout'
    ])
    expect(DEFAULTS_KEYS).not.toContain('url')
    expect(DEFAULTS_KEYS).not.toContain('name')
  })

  test('a key far from any lists the known keys', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    retries: 3\n'
    expect(onlyProblem(text).message).toBe(
      `input \`targets\`, line 3: targets[0].retries: unknown key "retries"; expected one of ${TARGET_KEYS.join(', ')}`
    )
  })

  test('in a bare list the path still reads targets[n]', () => {
    expect(
      onlyProblem('- https://a.example/v\n- url: https://b.example/v\n  nmae: b\n').message
    ).toBe('input `targets`, line 3: targets[1].nmae: unknown key "nmae"; did you mean "name"?')
  })

  test('in defaults', () => {
    const text = 'defaults:\n  jsn: a.b\ntargets:\n  - https://a.example/v\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 2: defaults.jsn: unknown key "jsn"; did you mean "json"?'
    )
  })

  test('at the top of the document', () => {
    const problems = problemsOf('target:\n  - https://a.example/v\n')
    expect(problems.map(p => p.message)).toEqual([
      'input `targets`, line 1: targets: is required; expected a list of targets',
      'input `targets`, line 1: target: unknown key "target"; did you mean "targets"?'
    ])
  })

  test("the line is the unknown key's, even when its value starts on a later line", () => {
    const text = 'targets:\n  - url: https://a.example/v\n    headres:\n      X-A: b\n'
    expect(onlyProblem(text)).toEqual({
      message:
        'input `targets`, line 3: targets[0].headres: unknown key "headres"; did you mean "headers"?',
      file: undefined,
      line: 3
    })
  })

  test('defaults may not carry a url or name', () => {
    const text = 'defaults:\n  url: https://x.example/\ntargets:\n  - https://a.example/v\n'
    expect(onlyProblem(text).message).toBe(
      `input \`targets\`, line 2: defaults.url: unknown key "url"; expected one of ${DEFAULTS_KEYS.join(', ')}`
    )
  })
})

describe('duplicate names', () => {
  test('two urls on one host without names: give one a name:', () => {
    const text = 'targets:\n  - url: https://h.example/a\n  - url: https://h.example/b\n'
    expect(onlyProblem(text, FILE)).toEqual({
      message:
        'targets-file `ops/fleet.yml`, line 3: targets[1].url: duplicate target name "h.example" (first at targets-file `ops/fleet.yml`, line 2); expected unique names: give one of them a name: (a target without one is named after its host)',
      file: 'ops/fleet.yml',
      line: 3
    })
  })

  test('a name a range produces clashes with a written name', () => {
    const text = [
      'targets:',
      '  - name: web-[1:3]',
      '    url: https://web-[1:3].example/v',
      '  - name: web-2',
      '    url: https://other.example/v',
      ''
    ].join('\n')
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 4: targets[1].name: duplicate target name "web-2" (first at input `targets`, line 2); expected unique names'
    )
  })

  test('a range in the url path only, without a name, says to put the range in the name', () => {
    const text = 'targets:\n  - url: https://h.example/node/[1:3]\n'
    const { message, line } = onlyProblem(text)
    expect(line).toBe(2)
    expect(message).toBe(
      'input `targets`, line 2: targets[0].url: duplicate target name "h.example" (first at input `targets`, line 2); expected unique names: repeat the url\'s range in the name, e.g. name: "h.example-[1:3]"'
    )
    expect(message).toContain('name:')
  })

  test('one URL per line: duplicates name the line', () => {
    expect(onlyProblem('https://h.example/a\nhttps://h.example/b\n')).toEqual({
      message:
        'input `targets`, line 2: url: duplicate target name "h.example" (first at input `targets`, line 1); expected unique names: one url a line names each target after its host; to check several urls on one host, list them as entries with a name each (- name: api-1, then url: on the next line)',
      file: undefined,
      line: 2
    })
  })

  test('the same name with different urls', () => {
    const text =
      '- {name: api, url: "https://a.example/v"}\n- {name: api, url: "https://b.example/v"}\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 2: targets[1].name: duplicate target name "api" (first at input `targets`, line 1); expected unique names'
    )
  })
})

describe('urls', () => {
  test.each([
    [
      'ftp://files.example/v',
      '"ftp://files.example/v" is not http(s); expected an http:// or https:// URL'
    ],
    [
      'file:///etc/passwd',
      '"file:///etc/passwd" is not http(s); expected an http:// or https:// URL'
    ],
    [
      'router-1.example/version',
      '"router-1.example/version" is not a URL; expected an http:// or https:// URL'
    ]
  ])('%j is refused', (url, why) => {
    expect(onlyProblem(`targets:\n  - name: a\n    url: ${url}\n`).message).toBe(
      `input \`targets\`, line 3: targets[0].url: ${why}`
    )
  })

  test('a bad url with credentials does not show the password', () => {
    const { message } = onlyProblem('targets:\n  - url: ftp://user:hunter2@files.example/v\n')
    expect(message).toBe(
      'input `targets`, line 2: targets[0].url: "ftp://***@files.example/v" is not http(s); expected an http:// or https:// URL'
    )
  })

  test('a url is required', () => {
    expect(onlyProblem('targets:\n  - name: a\n').message).toBe(
      'input `targets`, line 2: targets[0].url: is required; expected an http:// or https:// URL'
    )
  })

  test('an empty url', () => {
    expect(onlyProblem('targets:\n  - name: a\n    url: ""\n').message).toBe(
      'input `targets`, line 3: targets[0].url: expected an http:// or https:// URL'
    )
  })
})

describe('an empty fleet', () => {
  test.each([
    ['nothing', ''],
    ['blank lines', '\n   \n'],
    ['only comments', '# nothing yet\n'],
    ['an empty list', 'targets: []\n'],
    ['an empty bare list', '[]\n']
  ])('%s', (_, text) => {
    expect(problemsOf(text, FILE)).toEqual([
      {
        message:
          'targets-file `ops/fleet.yml`: the fleet is empty; expected at least one target with a url',
        file: 'ops/fleet.yml',
        line: undefined
      }
    ])
  })
})

describe('ranges', () => {
  test.each(['[1-8]', '[1:]', '[:8]', '[a:b]'])('malformed %s in a url', range => {
    expect(onlyProblem(`targets:\n  - url: https://r-${range}.example/v\n`).message).toBe(
      `input \`targets\`, line 2: targets[0].url: malformed range "${range}"; expected [start:end] with whole numbers, such as [1:8] or [01:16] (write a literal bracket in a url as %5B or %5D)`
    )
  })

  test('malformed in a name', () => {
    const text = 'targets:\n  - name: r-[1-8]\n    url: https://r-[1:8].example/v\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 2: targets[0].name: malformed range "[1-8]"; expected [start:end] with whole numbers, such as [1:8] or [01:16]'
    )
  })

  test('a range that counts down', () => {
    expect(onlyProblem('targets:\n  - url: https://r-[8:1].example/v\n').message).toBe(
      'input `targets`, line 2: targets[0].url: range [8:1] counts down; expected [start:end] with start <= end'
    )
  })

  test('one range of more than 10,000 targets', () => {
    expect(onlyProblem('targets:\n  - url: https://r-[1:10001].example/v\n').message).toBe(
      'input `targets`, line 2: targets[0].url: range [1:10001] makes 10001 targets; at most 10000 are allowed'
    )
  })

  test('ranges that add up to more than 10,000 targets', () => {
    const text =
      'targets:\n  - url: https://a-[1:5000].example/v\n  - url: https://b-[1:5001].example/v\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 3: targets[1].url: the fleet has more than 10000 targets; expected at most 10000'
    )
  })

  test('a range in the name that is not in the url', () => {
    const text = 'targets:\n  - name: r-[1:3]\n    url: https://r.example/v\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 2: targets[0].name: range [1:3] is not in the url; expected the url to carry the same range'
    )
  })

  test('two different ranges in one url', () => {
    expect(onlyProblem('targets:\n  - url: https://r-[1:3].example/[1:2]\n').message).toBe(
      'input `targets`, line 2: targets[0].url: has 2 different ranges; expected at most one range per target'
    )
  })
})

describe('values of the wrong type', () => {
  test('a list where text is expected', () => {
    expect(onlyProblem('targets:\n  - url: https://a.example/v\n    name: [a, b]\n').message).toBe(
      'input `targets`, line 3: targets[0].name: expected text, got a list'
    )
  })

  test('a mapping where text is expected', () => {
    const text = 'targets:\n  - url:\n      host: a.example\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 3: targets[0].url: expected text, got a mapping'
    )
  })

  test('a mapping where a list is expected', () => {
    expect(onlyProblem('targets:\n  a: https://a.example/v\n', FILE)).toEqual({
      message:
        'targets-file `ops/fleet.yml`, line 2: targets: expected a list of targets, got a mapping',
      file: 'ops/fleet.yml',
      line: 2
    })
  })

  test('a list where a mapping is expected', () => {
    const text = 'defaults:\n  - json: a\ntargets:\n  - https://a.example/v\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 2: defaults: expected defaults (a mapping of keys), got a list'
    )
  })

  test('a target that is a list', () => {
    expect(onlyProblem('targets:\n  - [https://a.example/v]\n').message).toBe(
      'input `targets`, line 2: targets[0]: expected a target (a mapping of keys), got a list'
    )
  })

  test('headers that are a list', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    headers:\n      - X-A\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 4: targets[0].headers: expected a mapping of header names to values, got a list'
    )
  })

  test('a bad timeout', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    timeout: soon\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 3: targets[0].timeout: "soon" is not valid; expected a duration above 0 and at most 10m, such as "500ms", "10s", "1m30s" or a number of seconds'
    )
  })

  test('a placeholder as expected build', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    expected: unknown\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 3: targets[0].expected: "unknown" is not valid; expected a build id such as a commit hash: one word of at most 128 characters, not a placeholder'
    )
  })

  test('a bad json path', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    json: git..id\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 3: targets[0].json: "git..id" is not valid; expected a dotted path such as "git.commit.id" or "builds.0.sha"'
    )
  })
})

describe('extraction', () => {
  test('a regex that does not compile', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    regex: "build=("\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 3: targets[0].regex: "build=(" is not valid; expected a regular expression that compiles (RE2 syntax: missing closing ): `build=(`)'
    )
  })

  test('json and header both set', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    json: a.b\n    header: X-Build\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 4: targets[0].header: sets json and header; expected at most one of json, header, regex'
    )
  })

  test('json and regex both set in defaults', () => {
    const text = 'defaults:\n  regex: "(x)"\n  json: a\ntargets:\n  - https://a.example/v\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 2: defaults.regex: sets json and regex; expected at most one of json, header, regex'
    )
  })
})

describe('YAML syntax errors', () => {
  test('name the line', () => {
    const text =
      'targets:\n  - url: https://a.example/v\n    name: a: b\n  - url: https://b.example/v\n'
    const problems = problemsOf(text, FILE)
    expect(problems[0].message).toMatch(
      /^targets-file `ops\/fleet.yml`, line 3: YAML syntax error: /
    )
    expect(problems[0].line).toBe(3)
    expect(problems[0].file).toBe('ops/fleet.yml')
  })

  test('an unclosed bracket names a line of the file', () => {
    const text = 'targets:\n  - url: https://a.example/v\n  - url: [\n'
    const [first] = problemsOf(text)
    expect(first.message).toMatch(
      /^input `targets`, line [34]: YAML syntax error: a \[ is never closed by a \]/
    )
    expect([3, 4]).toContain(first.line)
  })

  test('a tab indentation error', () => {
    const text = 'targets:\n  - url: https://a.example/v\n\t- url: https://b.example/v\n'
    const [first] = problemsOf(text)
    expect(first.message).toMatch(/^input `targets`, line 3: YAML syntax error: /)
    expect(first.line).toBe(3)
  })

  test('a duplicate key', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    url: https://b.example/v\n'
    const [first] = problemsOf(text)
    expect(first.message).toMatch(
      /^input `targets`, line 3: YAML syntax error: a key appears twice in one mapping/
    )
  })
})

const SET_IT = (name: string) =>
  `; expected it set in the environment (in a workflow, in the step's env:, such as ${name}: \${{ secrets.${name} }})`

describe('environment variables', () => {
  test('an unset ${VAR} in a url', () => {
    const text = 'targets:\n  - url: https://${FLEET_HOST}/v\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 2: targets[0].url: environment variable FLEET_HOST is not set or is empty' +
        SET_IT('FLEET_HOST')
    )
  })

  test('an unset ${VAR} in a target header', () => {
    const text =
      'targets:\n  - url: https://a.example/v\n    headers:\n      X-Api-Key: ${FLEET_API_KEY}\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 4: targets[0].headers.X-Api-Key: environment variable FLEET_API_KEY is not set or is empty' +
        SET_IT('FLEET_API_KEY')
    )
  })

  test('an empty ${VAR} in defaults headers', () => {
    const text =
      'defaults:\n  headers:\n    X-Api-Key: ${FLEET_API_KEY}\ntargets:\n  - https://a.example/v\n'
    expect(onlyProblem(text, INPUT, { FLEET_API_KEY: '' }).message).toBe(
      'input `targets`, line 3: defaults.headers.X-Api-Key: environment variable FLEET_API_KEY is not set or is empty' +
        SET_IT('FLEET_API_KEY')
    )
  })
})

describe('header values are never quoted', () => {
  test.each([
    [
      'an empty value',
      'targets:\n  - url: https://a.example/v\n    headers:\n      X-Api-Key: ""\n'
    ],
    [
      'a value on two lines',
      'targets:\n  - url: https://a.example/v\n    headers:\n      X-Api-Key: "hunter2\\nmore"\n'
    ],
    [
      'a bad name next to a secret',
      'targets:\n  - url: https://a.example/v\n    headers:\n      X Api: hunter2\n      X-Api-Key: "hunter2\\n"\n'
    ],
    [
      'headers written as text',
      'targets:\n  - url: https://a.example/v\n    headers: "X-Api-Key: hunter2"\n'
    ],
    [
      'defaults headers written as text',
      'defaults:\n  headers: "X-Api-Key: hunter2"\ntargets:\n  - https://a.example/v\n'
    ],
    [
      'a value that is a list',
      'targets:\n  - url: https://a.example/v\n    headers:\n      X-Api-Key: [hunter2]\n'
    ]
  ])('%s', (_, text) => {
    for (const p of problemsOf(text)) {
      expect(p.message).toMatch(/^input `targets`, line \d+: (targets\[0\]|defaults)\.headers/)
      expect(p.message).not.toContain('hunter2')
    }
  })

  test('the header is named and what is expected is said', () => {
    const text =
      'targets:\n  - url: https://a.example/v\n    headers:\n      X-Api-Key: "hunter2\\nx"\n'
    expect(onlyProblem(text).message).toBe(
      'input `targets`, line 4: targets[0].headers.X-Api-Key: expected a non-empty value on one line'
    )
  })
})

test('problems are collected, not just the first', () => {
  const text = [
    'targets:',
    '  - url: https://a.example/v',
    '    timout: 5s',
    '  - url: ftp://b.example/v',
    '  - name: [x]',
    '    url: https://c.example/v',
    ''
  ].join('\n')
  expect(problemsOf(text).map(p => p.line)).toEqual([3, 4, 5])
})
