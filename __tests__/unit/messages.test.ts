// Issue 13, "messages that teach", the pure parts: counts in the number they take, YAML errors
// in plain words, one problem for one unset ${VAR}, a duplicate-name hint only where it applies,
// `commit-status` as people write it, and the scheduled run that falls back to GITHUB_SHA.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { ConfigProblem, Source } from '../../src/common/errors.js'
import { plural } from '../../src/common/plural.js'
import { commitStatusContext, DEFAULT_STATUS_CONTEXT } from '../../src/config/github-inputs.js'
import { planExpected, type ExpectedInputs } from '../../src/expected/resolve.js'
import { parseFleet as parseFleetWith } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import { explainYamlError } from '../../src/fleet/yaml-errors.js'
import { headline } from '../../src/report/headline.js'
import type { TargetVerdict, Verdict } from '../../src/verdict/judge.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const INPUT: Source = { label: 'input `targets`' }
const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'

function problemsOf(text: string, env: Record<string, string> = {}): ConfigProblem[] {
  const r = parseFleet(text, INPUT, {
    timeoutMs: 10_000,
    headers: {},
    samples: 1,
    cacheBust: false,
    env
  })
  if (r.ok) throw new Error('expected parseFleet to find a problem')
  return r.error
}
const messages = (text: string, env: Record<string, string> = {}) =>
  problemsOf(text, env).map(p => p.message)

describe('plural', () => {
  test('one is singular; everything else, zero included, is plural', () => {
    expect(plural(1, 'target')).toBe('1 target')
    expect(plural(0, 'target')).toBe('0 targets')
    expect(plural(2, 'attempt')).toBe('2 attempts')
    expect(plural(1, 'undeclared entry', 'undeclared entries')).toBe('1 undeclared entry')
    expect(plural(3, 'entry')).toBe('3 entries')
    expect(plural(2, 'retry')).toBe('2 retries')
    expect(plural(2, 'address')).toBe('2 addresses')
    expect(plural(2, 'day')).toBe('2 days')
  })

  test('property: the count comes first, as given, and only 1 takes the singular', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), n => {
        const text = plural(n, 'target')
        expect(text).toBe(n === 1 ? '1 target' : `${n} targets`)
      })
    )
  })

  test('the headline of a fleet of one says "1 target", never "All 1 targets"', () => {
    const t: TargetVerdict = {
      name: 'api',
      url: 'https://api.example/v',
      attempts: 1,
      ms: 3,
      status: 'current',
      reported: SHA,
      expected: SHA,
      reason: null,
      code: null
    }
    const v: Verdict = { expected: SHA, consensus: false, result: 'pass', targets: [t], groups: [] }
    expect(headline(v)).toBe('1 target on 9f8e7d6')
    const stale: Verdict = {
      ...v,
      result: 'fail',
      targets: [{ ...t, status: 'stale', reported: 'a'.repeat(40), reason: 'r', code: 'stale' }]
    }
    expect(headline(stale)).toBe('1 of 1 target not on 9f8e7d6: api stale (runs aaaaaaa)')
  })
})

describe('YAML errors in plain words', () => {
  test('a line without "- " in a list: what is wrong and what was expected, with its line', () => {
    const [p] = problemsOf('- name: a\n  url: https://a.example/v\n name: b\n')
    expect(p.line).toBe(3)
    expect(p.message).toBe(
      'input `targets`, line 3: YAML syntax error: a list item needs "- " in front, like the items above it; expected "- " here, or, if this line belongs to the item above, the same indentation as that item\'s keys'
    )
    expect(p.message).not.toContain('indicator')
  })

  test('keys out of line: indentation, said once, with the lines it upset', () => {
    const text =
      'targets:\n  - name: a\n    url: https://a.example/v\n  name: b\n  - url: https://b.example/v\n'
    const problems = problemsOf(text)
    // yaml reports four errors for this one mistake: one problem.
    expect(problems).toHaveLength(1)
    expect(problems[0].line).toBe(4)
    expect(problems[0].message).toBe(
      'input `targets`, line 4: YAML syntax error: this key is not lined up with the keys before it; expected the keys of one target (or of one mapping) at the same indentation, or "- " in front of a new item (YAML also complains about line 5, most likely because of this one: fix it first)'
    )
  })

  test.each([
    ['a tab', 'targets:\n\t- url: https://a.example/v\n', 'indented with a tab; expected spaces'],
    [
      'a duplicate key',
      '- url: https://a.example/v\n  url: https://b.example/v\n',
      'a key appears twice'
    ],
    [
      'a value with ": "',
      '- url: https://a.example/v\n  name: a: b\n',
      'expected the value in quotes'
    ],
    [
      'no space after a colon',
      'targets:\n  - url:https://a.example/v\n    name: a\n',
      'space after the colon'
    ],
    ['an unclosed quote', '- name: "a\n  url: https://a.example/v\n', 'never closes it'],
    ['an unclosed [', '- url: [\n', 'a [ is never closed by a ]'],
    ['a reserved first character', '- name: @a\n  url: https://a.example/v\n', 'starts with @'],
    [
      'two documents',
      '- url: https://a.example/v\n---\n- url: https://b.example/v\n',
      'more than one YAML document'
    ]
  ])('%s', (_, text, words) => {
    const [p] = problemsOf(text)
    expect(p.message).toContain(`YAML syntax error: `)
    expect(p.message).toContain(words)
  })

  test("a rare error keeps yaml's own words", () => {
    expect(
      explainYamlError({
        code: 'MULTIPLE_TAGS',
        message: 'A node can have at most one tag at line 1'
      })
    ).toBe('YAML syntax error: A node can have at most one tag')
  })

  test('the line is read, never quoted: a secret on it stays out of the message', () => {
    const [p] = problemsOf('- url: https://a.example/v\n  headers:\n\t  X-Key: s3cr3t-value\n')
    expect(p.message).toContain('tab')
    expect(p.message).not.toContain('s3cr3t')
  })
})

describe('one unset ${VAR}, one problem', () => {
  const hint =
    "expected it set in the environment (in a workflow, in the step's env:, such as TOKEN: ${{ secrets.TOKEN }})"

  test('in defaults headers, read for each of four targets: reported once', () => {
    const text =
      'defaults:\n  headers:\n    Authorization: Bearer ${TOKEN}\ntargets:\n  - https://a.example/v\n  - https://b.example/v\n  - https://c.example/v\n  - https://d.example/v\n'
    expect(messages(text)).toEqual([
      `input \`targets\`, line 3: defaults.headers.Authorization: environment variable TOKEN is not set or is empty; ${hint}`
    ])
  })

  test('in four entries: reported once, with the other places it is used', () => {
    const text = [1, 2, 3, 4, 5].map(n => `- url: https://h${n}.example/v?k=\${TOKEN}`).join('\n')
    const problems = problemsOf(text)
    expect(problems).toHaveLength(1)
    expect(problems[0].line).toBe(1)
    expect(problems[0].message).toBe(
      `input \`targets\`, line 1: targets[0].url: environment variable TOKEN is not set or is empty; ${hint}; it is used at 4 more places too: line 2 (targets[1].url), line 3 (targets[2].url), line 4 (targets[3].url), and 1 more`
    )
  })

  test('in a url and in a header of one entry: one problem, two places', () => {
    const text = '- url: https://${TOKEN}.example/v\n  headers:\n    X-Key: ${TOKEN}\n'
    expect(messages(text)).toEqual([
      `input \`targets\`, line 1: targets[0].url: environment variable TOKEN is not set or is empty; ${hint}`
    ])
  })

  test('two different variables are two problems', () => {
    const text = '- url: https://a.example/${A}\n- url: https://b.example/${B}\n'
    expect(messages(text).map(m => /variable (\w+)/.exec(m)?.[1])).toEqual(['A', 'B'])
  })

  test('a set variable is no problem at all', () => {
    const r = parseFleet('- url: https://a.example/${A}\n- url: https://b.example/${A}x\n', INPUT, {
      timeoutMs: 10_000,
      headers: {},
      samples: 1,
      cacheBust: false,
      env: { A: 'v' }
    })
    expect(r.ok).toBe(true)
  })
})

describe('a duplicate name: advice only where it applies', () => {
  const expectHint = (text: string, hint: string) =>
    expect(messages(text)[0]).toMatch(new RegExp(`expected unique names${hint}$`))

  test('one url a line: no "add name:" (none can be written there), the list form instead', () => {
    const [m] = messages('https://h.example/a\nhttps://h.example/b\n')
    expect(m).not.toContain('add name')
    expect(m).toContain('one url a line names each target after its host')
    expect(m).toContain('list them as entries with a name each')
  })

  test('names written twice: no advice to add a name they already have', () => {
    expectHint(
      '- {name: api, url: "https://a.example/v"}\n- {name: api, url: "https://b.example/v"}\n',
      ''
    )
  })

  test('list entries without names: give one a name', () => {
    const [m] = messages('- url: https://h.example/a\n- url: https://h.example/b\n')
    expect(m).toMatch(
      /expected unique names: give one of them a name: \(a target without one is named after its host\)$/
    )
  })

  test('the same url twice: say so', () => {
    const [m] = messages('- url: https://h.example/a\n- url: https://h.example/a\n')
    expect(m).toMatch(/: "https:\/\/h.example\/a" is listed twice; expected each url once$/)
  })

  test('a url range the name does not repeat: repeat it, after the name given', () => {
    const [m] = messages('- name: web\n  url: https://h.example/[1:3]\n')
    expect(m).toMatch(/repeat the url's range in the name, e.g. name: "web-\[1:3\]"$/)
  })
})

describe('commit-status as people write it', () => {
  test.each([
    ['', undefined],
    ['false', undefined],
    ['False', undefined],
    [' FALSE ', undefined],
    ['true', DEFAULT_STATUS_CONTEXT],
    ['TRUE', DEFAULT_STATUS_CONTEXT],
    ['fleet / production', 'fleet / production'],
    ['falsey', 'falsey']
  ])('%j: %j', (given, context) => {
    expect(commitStatusContext(given)).toBe(context)
  })

  test('the default context name is fleet-check', () => {
    expect(DEFAULT_STATUS_CONTEXT).toBe('fleet-check')
  })
})

describe('a scheduled run that falls back to GITHUB_SHA', () => {
  const inputs = (over: Partial<ExpectedInputs>): ExpectedInputs => ({
    expected: '',
    environment: '',
    eventName: 'schedule',
    payload: {},
    sha: SHA,
    ...over
  })

  test('gets a notice naming the fallback and what a drift check wants', () => {
    const r = planExpected(inputs({}))
    expect(r.ok && r.value.expected).toEqual({
      kind: 'build',
      build: SHA,
      source: 'GITHUB_SHA of the schedule event'
    })
    const notice = r.ok ? r.value.notice : undefined
    expect(notice).toContain('the commit the schedule ran on')
    expect(notice).toContain('`expected-environment`')
    expect(notice).toContain('consensus')
  })

  test.each([
    ['schedule with expected set', { expected: SHA }],
    ['schedule with consensus', { expected: 'consensus' }],
    ['schedule with expected-environment', { environment: 'production' }],
    ['workflow_dispatch (a ref the person chose)', { eventName: 'workflow_dispatch' }],
    ['push', { eventName: 'push' }]
  ])('none for %s', (_, over) => {
    const r = planExpected(inputs(over))
    expect(r.ok).toBe(true)
    expect(r.ok && r.value.notice).toBeFalsy()
  })
})
