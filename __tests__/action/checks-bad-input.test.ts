// Issue 15: bad `checks` in a fleet file stop the run before any request. Each message names the
// file and line, the key, and says what is expected; the run fails and nothing says pass.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, type Run } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { commands, expectBadInput, SHA } from '../helpers/outcome.js'

let fleet: TestServer
beforeAll(async () => {
  fleet = await startFleet({ a: SHA })
})
afterAll(() => fleet.close())

const FILE = 'targets-file `fleet.yml`'

/** A fleet file: `defaults` lines (if any), then one target with further lines. */
function fleetFile(defaults: string[], target: string[] = []): string {
  return [
    ...(defaults.length ? ['defaults:', ...defaults.map(l => `  ${l}`)] : []),
    'targets:',
    '  - name: a',
    `    url: "${fleet.origin}/a/version"`,
    ...target.map(l => `    ${l}`)
  ].join('\n')
}

/** 1-based number of the first line that contains `text`. */
function lineOf(doc: string, text: string): number {
  const i = doc.split('\n').findIndex(l => l.includes(text))
  if (i < 0) throw new Error(`no line with ${text} in\n${doc}`)
  return i + 1
}

/** Runs a fleet file that is bad input: no request may be made. */
async function badRun(doc: string, env: Record<string, string> = {}): Promise<Run> {
  const before = fleet.requests.length
  const run = await runAction({
    inputs: { 'targets-file': 'fleet.yml', retries: '0' },
    files: { 'fleet.yml': doc },
    env
  })
  expect(fleet.requests.length).toBe(before)
  return run
}

interface Case {
  /** the fleet file */
  doc: string
  /** the lines the message may name (the key's, or its check's), as text on them */
  lines: string[]
  /** the key the message names: the message reads `<file>, line N: <key>…` */
  key: string
  /** what else the message says (what is expected, the value quoted) */
  says: (string | RegExp)[]
}

/**
 * Bad input (exit 1, `result` fail and no other output, no "pass" anywhere), with one message
 * that names the file, one of the lines, the key, and says the rest; its annotation has the
 * file and line.
 */
function expectProblem(run: Run, c: Case): void {
  expectBadInput(run)
  const lines = c.lines.map(t => lineOf(c.doc, t))
  const found = commands(run.stdout, 'error').filter(e =>
    lines.some(n => e.message.startsWith(`${FILE}, line ${n}: ${c.key}`))
  )
  expect({
    messages: commands(run.stdout, 'error').map(e => e.message),
    found: found.length
  }).toMatchObject({ found: 1 })
  const [problem] = found
  for (const s of c.says) {
    if (typeof s === 'string') expect(problem.message).toContain(s)
    else expect(problem.message).toMatch(s)
  }
  expect(problem.properties.file).toBe('fleet.yml')
  expect(lines.map(String)).toContain(problem.properties.line)
  expect(run.summary).toContain(`line ${problem.properties.line}: ${c.key}`)
}

const CONFIG = ['json: config.sha', 'expected: "9c1b2d3"']
/** One target's `checks:` with one check named `name` of these lines. */
const targetCheck = (name: string, lines: string[]) => [
  'checks:',
  `  ${name}:`,
  ...lines.map(l => `    ${l}`)
]

/** "exactly one of json, header, regex", however the list is joined (or "… of them") */
const EXACTLY_ONE = /(?=.*\bexactly one of\b)(?=.*\bjson, header,? (and |or )?regex\b)/

describe('inside a check', () => {
  test('an unknown key: quoted, with the keys a check takes', async () => {
    const doc = fleetFile([], targetCheck('config', [...CONFIG, 'colour: red']))
    expectProblem(await badRun(doc), {
      doc,
      lines: ['colour: red'],
      key: 'targets[0].checks.config.colour',
      says: [
        'unknown key "colour"',
        /expected one of (?=.*\bjson\b)(?=.*\bheader\b)(?=.*\bregex\b)(?=.*\bexpected\b)/
      ]
    })
  })

  test('an unknown key in defaults that is a typo: did you mean', async () => {
    const doc = fleetFile([
      'checks:',
      '  schema:',
      '    hedaer: X-Schema-Version',
      '    expected: "42"'
    ])
    expectProblem(await badRun(doc), {
      doc,
      lines: ['hedaer:'],
      key: 'defaults.checks.schema.hedaer',
      says: ['unknown key "hedaer"; did you mean "header"?']
    })
  })

  test('no `expected`: what it may be (a value or consensus)', async () => {
    const doc = fleetFile([], targetCheck('config', ['json: config.sha']))
    expectProblem(await badRun(doc), {
      doc,
      lines: ['config:', 'json: config.sha'],
      key: 'targets[0].checks.config',
      says: [/\bexpected\b.*\bconsensus\b/]
    })
  })

  test('two extraction modes', async () => {
    const doc = fleetFile([], targetCheck('config', [...CONFIG, 'header: X-Config']))
    expectProblem(await badRun(doc), {
      doc,
      lines: ['config:', 'json: config.sha', 'header: X-Config'],
      key: 'targets[0].checks.config',
      says: [/\bjson\b.*\bheader\b/, EXACTLY_ONE]
    })
  })

  test('no extraction mode', async () => {
    const doc = fleetFile([], targetCheck('config', ['expected: "9c1b2d3"']))
    expectProblem(await badRun(doc), {
      doc,
      lines: ['config:', 'expected: "9c1b2d3"'],
      key: 'targets[0].checks.config',
      says: [EXACTLY_ONE]
    })
  })

  test('a mode with a bad value, by the build’s own validators', async () => {
    const doc = fleetFile([], targetCheck('config', ['regex: "config ([0-9a-f]+"', 'expected: x1']))
    expectProblem(await badRun(doc), {
      doc,
      lines: ['regex:'],
      key: 'targets[0].checks.config.regex',
      says: ['"config ([0-9a-f]+" is not valid; expected a regular expression that compiles']
    })
    const header = fleetFile([], targetCheck('config', ['header: "X Config"', 'expected: x1']))
    expectProblem(await badRun(header), {
      doc: header,
      lines: ['header:'],
      key: 'targets[0].checks.config.header',
      says: ['"X Config" is not valid; expected a header name']
    })
  })
})

describe('an expected value', () => {
  test.each([
    ['a placeholder', 'expected: unknown', '"unknown"'],
    ['empty', 'expected: ""', '""'],
    ['over 128 characters', `expected: "${'a'.repeat(129)}"`, `"${'a'.repeat(40)}`],
    ['more than one line', 'expected: "a\\nb"', '"a\\nb"']
  ])('%s', async (_, line, quoted) => {
    const doc = fleetFile([], targetCheck('config', ['json: config.sha', line]))
    expectProblem(await badRun(doc), {
      doc,
      lines: ['expected:'],
      key: 'targets[0].checks.config.expected',
      says: [quoted, /expected /]
    })
  })

  test('a ${VAR} that is not set names the variable', async () => {
    const doc = fleetFile(
      [],
      targetCheck('config', ['json: config.sha', 'expected: ${CONFIG_SHA}'])
    )
    const run = await badRun(doc, { CONFIG_SHA: '' })
    expectBadInput(run, 'environment variable CONFIG_SHA is not set or is empty')
  })
})

describe('names', () => {
  test.each([
    ['a space', 'my config'],
    ['an underscore', 'my_config'],
    ['a dot', 'config.sha'],
    ['over 40 characters', 'c'.repeat(41)]
  ])('with %s: quoted, and what a name may be', async (_, name) => {
    const doc = fleetFile([], targetCheck(name, CONFIG))
    expectProblem(await badRun(doc), {
      doc,
      lines: [`${name}:`],
      key: 'targets[0].checks',
      says: [JSON.stringify(name), /letters, digits and dashes/]
    })
  })

  test('`build` is the build: reserved', async () => {
    const doc = fleetFile(['checks:', '  build:', '    json: build.sha', '    expected: "9c1b2d3"'])
    expectProblem(await badRun(doc), {
      doc,
      lines: ['build:'],
      key: 'defaults.checks',
      says: ['"build"', /\b(reserved|is the build)\b/, /expected another name/]
    })
  })
})

describe('the shape of checks', () => {
  test('`null` in defaults: only a target drops a default check', async () => {
    const doc = fleetFile(['checks:', '  config: null'])
    expectProblem(await badRun(doc), {
      doc,
      lines: ['config: null'],
      key: 'defaults.checks.config',
      says: [/\bnull\b/, /expected /]
    })
  })

  test('a check that is a list', async () => {
    const doc = fleetFile([], ['checks:', '  config: [json, config.sha]'])
    expectProblem(await badRun(doc), {
      doc,
      lines: ['config: [json'],
      key: 'targets[0].checks.config',
      says: [/got a list/, /expected /]
    })
  })

  test('a check that is text', async () => {
    const doc = fleetFile([], ['checks:', '  config: config.sha'])
    expectProblem(await badRun(doc), {
      doc,
      lines: ['config: config.sha'],
      key: 'targets[0].checks.config',
      says: [/got (the )?text\b/, /expected /]
    })
  })

  test('`checks` that is a list', async () => {
    const doc = fleetFile([], ['checks:', '  - config'])
    expectProblem(await badRun(doc), {
      doc,
      lines: ['checks:', '- config'],
      key: 'targets[0].checks',
      says: [/got a list/, /expected /]
    })
  })

  test('several bad checks, in two targets: each one reported, the run fails once', async () => {
    const doc = [
      'targets:',
      '  - name: a',
      `    url: "${fleet.origin}/a/version"`,
      '    checks:',
      '      my_flag:',
      ...CONFIG.map(l => `        ${l}`),
      '      schema:',
      '        expected: "42"',
      '  - name: b',
      `    url: "${fleet.origin}/b/version"`,
      '    checks:',
      '      config: [json, config.sha]'
    ].join('\n')
    const run = await badRun(doc)
    const messages = expectBadInput(run).join('\n')
    expect(messages).toContain('"my_flag"')
    expect(messages).toContain('targets[0].checks.schema')
    expect(messages).toContain('targets[1].checks.config')
  })
})
