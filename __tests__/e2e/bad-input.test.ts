// Bad input stops the run before any request: exit 1, `result` fail, and a message that names
// the input or key (and line, in a file), quotes the value unless it may be a secret, and says
// what is expected. Every input of action.yml that can be wrong has a case here or in the suite
// of its feature (see the last test).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT, runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { commands, expectBadInput, SHA } from '../helpers/outcome.js'

let fleet: TestServer
beforeAll(async () => {
  fleet = await startFleet({ a: SHA, b: SHA })
})
afterAll(() => fleet.close())

const url = (name = 'a') => `${fleet.origin}/${name}/version`
const good = () => `- {name: a, url: "${url()}"}`

/** Runs the action and checks it was bad input that made no request. */
async function badRun(options: Parameters<typeof runAction>[0]) {
  const before = fleet.requests.length
  const run = await runAction(options)
  expect(fleet.requests.length).toBe(before)
  return run
}

/** The error annotations' file and line properties. */
function positions(run: Awaited<ReturnType<typeof runAction>>) {
  return commands(run.stdout, 'error').map(c => [c.properties.file, c.properties.line])
}

interface Case {
  inputs?: Record<string, string>
  files?: Record<string, string>
  /** the fleet file, written as fleet.yml and named by `targets-file` */
  fleetFile?: (url: string) => string
  /** the fleet inline, instead of the one good target */
  targets?: (url: string) => string
  /** in the messages and the summary */
  says: string[]
  /** [file, line] of the annotations, when a file is named */
  at?: [string | undefined, string | undefined][]
}

/** A case of the tables below, run: the fleet inline or as fleet.yml, and the extra inputs. */
async function caseRun(c: Case) {
  const files = { ...c.files }
  const inputs: Record<string, string> = {}
  if (c.fleetFile) {
    files['fleet.yml'] = c.fleetFile(url())
    inputs['targets-file'] = 'fleet.yml'
  } else {
    inputs.targets = c.targets ? c.targets(url()) : good()
  }
  return badRun({ inputs: { ...inputs, ...c.inputs }, files })
}

describe('targets and targets-file', () => {
  test('both set', async () => {
    const run = await badRun({
      inputs: { targets: good(), 'targets-file': 'fleet.yml' },
      files: { 'fleet.yml': `targets:\n  - url: "${url()}"\n` }
    })
    expectBadInput(
      run,
      'inputs `targets` and `targets-file` are both set; expected exactly one of them'
    )
  })

  test('neither set', async () => {
    const run = await badRun({ inputs: { expected: SHA } })
    expectBadInput(
      run,
      'neither `targets` nor `targets-file` is set; expected exactly one of them (the fleet to check)'
    )
  })

  test('a `targets` input of blank lines is neither', async () => {
    const run = await badRun({ inputs: { targets: '\n  \n' } })
    expectBadInput(run, 'neither `targets` nor `targets-file` is set')
  })

  test('a targets-file that does not exist', async () => {
    const run = await badRun({ inputs: { 'targets-file': 'deploy/fleet.yml' } })
    expectBadInput(
      run,
      'input `targets-file`: cannot read "deploy/fleet.yml" (no such file at ',
      'deploy/fleet.yml); expected a fleet file (YAML or JSON), relative to the workspace'
    )
  })
})

describe('fleet syntax and keys', () => {
  test('a YAML syntax error in a file names the file and line', async () => {
    const run = await badRun({
      inputs: { 'targets-file': 'fleet.yml' },
      files: {
        'fleet.yml': `defaults:\n  timeout: 5s\ntargets:\n  - url: "${url()}"\n    name: a\n   oops: [1\n`
      }
    })
    const messages = expectBadInput(run, 'targets-file `fleet.yml`, line 6: YAML syntax error: ')
    expect(messages[0]).toMatch(/^targets-file `fleet\.yml`, line 6: YAML syntax error: \S/)
    expect(positions(run)[0]).toEqual(['fleet.yml', '6'])
  })

  test('a YAML syntax error in the input names the input and line', async () => {
    const run = await badRun({
      inputs: { targets: `targets:\n  - url: "${url()}"\n   name: a: b` }
    })
    expectBadInput(run, 'input `targets`, line 3: YAML syntax error: ')
  })

  test('an unknown key in a file: did you mean, with the line', async () => {
    const run = await badRun({
      inputs: { 'targets-file': 'fleet.yml' },
      files: { 'fleet.yml': `targets:\n  - name: a\n    url: "${url()}"\n    timout: 5s\n` }
    })
    expectBadInput(
      run,
      'targets-file `fleet.yml`, line 4: targets[0].timout: unknown key "timout"; did you mean "timeout"?'
    )
    expect(positions(run)).toEqual([['fleet.yml', '4']])
  })

  test('an unknown key in a JSON file, with the line', async () => {
    const run = await badRun({
      inputs: { 'targets-file': 'fleet.json' },
      files: {
        'fleet.json': JSON.stringify(
          { targets: [{ name: 'a', url: url(), hedaer: 'X-B' }] },
          null,
          2
        )
      }
    })
    expectBadInput(
      run,
      'targets-file `fleet.json`, line 6: targets[0].hedaer: unknown key "hedaer"; did you mean "header"?'
    )
  })

  test('an unknown key far from any known one lists the keys', async () => {
    const run = await badRun({ inputs: { targets: `- {name: a, url: "${url()}", colour: red}` } })
    expectBadInput(
      run,
      'input `targets`, line 1: targets[0].colour: unknown key "colour"; expected one of name, url, expected, json, header, regex, headers, timeout'
    )
  })

  test('an unknown key in defaults and at the top', async () => {
    const run = await badRun({
      inputs: { targets: `defualts:\n  timeout: 5s\ntargets:\n  - url: "${url()}"` }
    })
    expectBadInput(
      run,
      'input `targets`, line 1: defualts: unknown key "defualts"; did you mean "defaults"?'
    )
    const run2 = await badRun({
      inputs: { targets: `defaults:\n  jsn: a.b\ntargets:\n  - url: "${url()}"` }
    })
    expectBadInput(
      run2,
      'input `targets`, line 2: defaults.jsn: unknown key "jsn"; did you mean "json"?'
    )
  })

  test('duplicate names from a range without a name range', async () => {
    const run = await badRun({
      inputs: { 'targets-file': 'fleet.yml' },
      files: { 'fleet.yml': `targets:\n  - url: "${fleet.origin}/router-[1:3]/version"\n` }
    })
    expectBadInput(
      run,
      `targets-file \`fleet.yml\`, line 2: targets[0].url: duplicate target name "127.0.0.1:${fleet.port}"`,
      'expected unique names: repeat the url\'s range in the name, e.g. name: "web-[1:3]"'
    )
  })

  test('duplicate names across entries: no advice to add a name they have', async () => {
    const run = await badRun({
      inputs: { 'targets-file': 'fleet.yml' },
      files: {
        'fleet.yml': `targets:\n  - name: a\n    url: "${url('a')}"\n  - name: a\n    url: "${url('b')}"\n`
      }
    })
    expectBadInput(
      run,
      'targets-file `fleet.yml`, line 4: targets[1].name: duplicate target name "a" (first at targets-file `fleet.yml`, line 2); expected unique names'
    )
  })

  test('two url lines on one host: the list form, where names can be written', async () => {
    const run = await badRun({ inputs: { targets: `${url('a')}\n${url('b')}` } })
    expectBadInput(
      run,
      `input \`targets\`, line 2: url: duplicate target name "127.0.0.1:${fleet.port}" (first at input \`targets\`, line 1); expected unique names: one url a line names each target after its host; to check several urls on one host, list them as entries with a name each (- name: api-1, then url: on the next line)`
    )
    expect(positions(run)).toEqual([[undefined, '2']])
  })

  test('a url that is not http(s)', async () => {
    const run = await badRun({ inputs: { targets: `- {name: a, url: "ftp://127.0.0.1/version"}` } })
    expectBadInput(
      run,
      'input `targets`, line 1: targets[0].url: "ftp://127.0.0.1/version" is not http(s); expected an http:// or https:// URL'
    )
  })

  test('a url that is not a url', async () => {
    const run = await badRun({ inputs: { targets: `- {name: a, url: "router-1/version"}` } })
    expectBadInput(
      run,
      'targets[0].url: "router-1/version" is not a URL; expected an http:// or https:// URL'
    )
  })

  test('a url line that is not http(s) names its line', async () => {
    const run = await badRun({ inputs: { targets: `${url()}\nftp://127.0.0.1/b` } })
    expectBadInput(
      run,
      'input `targets`, line 2: ',
      'is not http(s); expected an http:// or https:// URL'
    )
  })

  test.each([
    ['targets: []', 'input `targets`: the fleet is empty; expected at least one target with a url'],
    [
      '# nobody yet\n',
      'input `targets`: the fleet is empty; expected at least one target with a url'
    ],
    ['[]', 'input `targets`: the fleet is empty; expected at least one target with a url'],
    [
      'defaults:\n  timeout: 5s\n',
      'input `targets`, line 1: targets: is required; expected a list of targets'
    ]
  ])('an empty fleet: %j', async (targets, message) => {
    const run = await badRun({ inputs: { targets } })
    expectBadInput(run, message)
  })

  test('a target without a url', async () => {
    const run = await badRun({ inputs: { targets: `- name: a\n  json: sha` } })
    expectBadInput(
      run,
      'input `targets`, line 1: targets[0].url: is required; expected an http:// or https:// URL'
    )
  })
})

describe('ranges', () => {
  test.each([
    ['[1-8]', 'malformed range "[1-8]"; expected [start:end] with whole numbers'],
    ['[1:]', 'malformed range "[1:]"; expected [start:end] with whole numbers'],
    ['[a:b]', 'malformed range "[a:b]"; expected [start:end] with whole numbers'],
    ['[8:1]', 'range [8:1] counts down; expected [start:end] with start <= end']
  ])('a malformed range %s', async (range, message) => {
    const run = await badRun({
      inputs: { targets: `- name: r-${range}\n  url: "${fleet.origin}/r-${range}/version"` }
    })
    expectBadInput(run, `input \`targets\`, line 2: targets[0].url: ${message}`)
  })

  test('a range over 10,000 targets', async () => {
    const run = await badRun({
      inputs: { targets: `- name: r-[1:10001]\n  url: "${fleet.origin}/r-[1:10001]/version"` }
    })
    expectBadInput(
      run,
      'input `targets`, line 2: targets[0].url: range [1:10001] makes 10001 targets; at most 10000 are allowed'
    )
  })

  test('ranges that add up to over 10,000 targets', async () => {
    const run = await badRun({
      inputs: {
        targets: `- name: r-[1:6000]\n  url: "${fleet.origin}/r-[1:6000]/v"\n- name: s-[1:6000]\n  url: "${fleet.origin}/s-[1:6000]/v"`
      }
    })
    expectBadInput(
      run,
      'input `targets`, line 4: targets[1].url: the fleet has more than 10000 targets; expected at most 10000'
    )
  })

  test('a name range that is not in the url', async () => {
    const run = await badRun({
      inputs: { targets: `- name: r-[1:3]\n  url: "${fleet.origin}/r/version"` }
    })
    expectBadInput(
      run,
      'input `targets`, line 1: targets[0].name: range [1:3] is not in the url; expected the url to carry the same range'
    )
  })
})

describe('values of the wrong kind', () => {
  test('a regex that does not compile', async () => {
    const run = await badRun({
      inputs: { 'targets-file': 'fleet.yml' },
      files: {
        'fleet.yml': `targets:\n  - name: a\n    url: "${url()}"\n    regex: "commit ([0-9a-f]+"\n`
      }
    })
    expectBadInput(
      run,
      'targets-file `fleet.yml`, line 4: targets[0].regex: "commit ([0-9a-f]+" is not valid; expected a regular expression that compiles ('
    )
    expect(positions(run)).toEqual([['fleet.yml', '4']])
  })

  test.each([
    ['name: [a, b]', 'targets[0].name: expected text, got a list'],
    [
      'headers: "X-Api-Key"',
      'targets[0].headers: expected a mapping of header names to values, got text'
    ],
    ['timeout: {s: 5}', 'targets[0].timeout: expected text, got a mapping'],
    [
      'timeout: soon',
      'targets[0].timeout: "soon" is not valid; expected a duration above 0 and at most 10m'
    ],
    [
      'json: "a..b"',
      'targets[0].json: "a..b" is not valid; expected a dotted path such as "git.commit.id"'
    ],
    ['header: "X Build"', 'targets[0].header: "X Build" is not valid; expected a header name'],
    ['expected: unknown', 'targets[0].expected: "unknown" is not valid; expected a build id'],
    [
      'json: sha\n  header: X-Sha',
      'targets[0].header: sets json and header; expected at most one of json, header, regex'
    ]
  ])('%j', async (key, message) => {
    const run = await badRun({ inputs: { targets: `- url: "${url()}"\n  ${key}` } })
    expectBadInput(run, `input \`targets\`, line `, message)
  })

  test('a target that is not a mapping', async () => {
    const run = await badRun({ inputs: { targets: `targets:\n  - [a, b]` } })
    expectBadInput(
      run,
      'input `targets`, line 2: targets[0]: expected a target (a mapping of keys), got a list'
    )
  })

  test('targets that is not a list', async () => {
    const run = await badRun({ inputs: { targets: `targets: ${url()}` } })
    expectBadInput(
      run,
      `input \`targets\`, line 1: targets: expected a list of targets, got the text`
    )
  })
})

const inputCases: [string, string, string, string][] = [
  // [input, value, extra inputs as "name=value", what the message says]
  [
    'timeout',
    '-5s',
    '',
    'input `timeout`: "-5s" is not valid; expected a duration above 0 and at most 10m, such as "500ms", "10s", "1m30s" or a number of seconds'
  ],
  [
    'timeout',
    '11m',
    '',
    'input `timeout`: "11m" is not valid; expected a duration above 0 and at most 10m'
  ],
  ['timeout', '0', '', 'input `timeout`: "0" is not valid; expected a duration above 0'],
  ['timeout', '10 seconds', '', 'input `timeout`: "10 seconds" is not valid; expected a duration'],
  [
    'concurrency',
    '0',
    '',
    'input `concurrency`: "0" is not valid; expected a whole number from 1 to 1024'
  ],
  [
    'concurrency',
    '1025',
    '',
    'input `concurrency`: "1025" is not valid; expected a whole number from 1 to 1024'
  ],
  [
    'concurrency',
    '2.5',
    '',
    'input `concurrency`: "2.5" is not valid; expected a whole number from 1 to 1024'
  ],
  [
    'retries',
    'many',
    '',
    'input `retries`: "many" is not valid; expected a whole number from 0 to 10'
  ],
  ['retries', '11', '', 'input `retries`: "11" is not valid; expected a whole number from 0 to 10'],
  ['retries', '-1', '', 'input `retries`: "-1" is not valid; expected a whole number from 0 to 10'],
  ['summary', 'yes', '', 'input `summary`: "yes" is not valid; expected "true" or "false"'],
  [
    'wait',
    '10 parsecs',
    '',
    'input `wait`: "10 parsecs" is not valid; expected a duration from 0 and at most 6h, such as "500ms", "10s", "1m30s" or a number of seconds'
  ],
  ['wait', '7h', '', 'input `wait`: "7h" is not valid; expected a duration from 0 and at most 6h'],
  [
    'wait',
    '6h1s',
    '',
    'input `wait`: "6h1s" is not valid; expected a duration from 0 and at most 6h'
  ],
  [
    'wait',
    '-1m',
    '',
    'input `wait`: "-1m" is not valid; expected a duration from 0 and at most 6h'
  ],
  [
    'wait',
    '5 min',
    '',
    'input `wait`: "5 min" is not valid; expected a duration from 0 and at most 6h'
  ],
  [
    'interval',
    '0',
    'wait=1m',
    'input `interval`: "0" is not valid; expected a duration above 0 and at most 1h, such as "500ms", "10s", "1m30s" or a number of seconds'
  ],
  [
    'interval',
    '2h',
    'wait=3h',
    'input `interval`: "2h" is not valid; expected a duration above 0 and at most 1h'
  ],
  [
    'interval',
    'every minute',
    'wait=1m',
    'input `interval`: "every minute" is not valid; expected a duration above 0 and at most 1h'
  ],
  [
    'stable-rounds',
    '0',
    'wait=1m',
    'input `stable-rounds`: "0" is not valid; expected a whole number from 1 to 100'
  ],
  [
    'stable-rounds',
    '101',
    'wait=1m',
    'input `stable-rounds`: "101" is not valid; expected a whole number from 1 to 100'
  ],
  [
    'stable-rounds',
    'three',
    'wait=1m',
    'input `stable-rounds`: "three" is not valid; expected a whole number from 1 to 100'
  ],
  [
    'stable-rounds',
    '3',
    '',
    'input `stable-rounds`: "3" needs more than one round; expected `wait` above 0 as well'
  ],
  [
    'stable-rounds',
    '3',
    'wait=0s',
    'input `stable-rounds`: "3" needs more than one round; expected `wait` above 0 as well'
  ],
  [
    'samples',
    '1e9',
    '',
    'input `samples`: "1e9" is not valid; expected a whole number from 1 to 20'
  ],
  ['samples', '0', '', 'input `samples`: "0" is not valid; expected a whole number from 1 to 20'],
  ['samples', '21', '', 'input `samples`: "21" is not valid; expected a whole number from 1 to 20'],
  ['samples', '-4', '', 'input `samples`: "-4" is not valid; expected a whole number from 1 to 20'],
  [
    'samples',
    '2.5',
    '',
    'input `samples`: "2.5" is not valid; expected a whole number from 1 to 20'
  ],
  [
    'cache-bust',
    'maybe',
    '',
    'input `cache-bust`: "maybe" is not valid; expected "true" or "false"'
  ],
  ['cache-bust', 'yes', '', 'input `cache-bust`: "yes" is not valid; expected "true" or "false"'],
  ['cache-bust', 'off', '', 'input `cache-bust`: "off" is not valid; expected "true" or "false"']
]

describe('inputs', () => {
  test.each(inputCases)('%s: %j %s', async (name, value, extra, message) => {
    const inputs: Record<string, string> = { targets: good(), [name]: value }
    for (const pair of extra.split(',').filter(Boolean)) {
      const [k, v] = pair.split('=')
      inputs[k] = v
    }
    const run = await badRun({ inputs })
    const messages = expectBadInput(run, message)
    expect(messages).toHaveLength(1)
  })

  test.each(['unknown', 'dev', 'N/A', 'none', 'null', 'two words'])('expected: %j', async value => {
    const run = await badRun({ inputs: { targets: good(), expected: value } })
    expectBadInput(
      run,
      `input \`expected\`: ${JSON.stringify(value)} is not valid; expected a build id such as a commit hash: one word of at most 128 characters, not a placeholder, or "consensus"`
    )
  })

  test('several bad inputs are all reported at once', async () => {
    const run = await badRun({
      inputs: {
        targets: good(),
        timeout: '-5s',
        concurrency: '0',
        retries: 'many',
        wait: '10 parsecs',
        interval: '0',
        samples: '1e9',
        'cache-bust': 'maybe'
      }
    })
    const messages = expectBadInput(
      run,
      'input `timeout`: "-5s"',
      'input `concurrency`: "0"',
      'input `retries`: "many"',
      'input `wait`: "10 parsecs"',
      'input `interval`: "0"',
      'input `samples`: "1e9"',
      'input `cache-bust`: "maybe"'
    )
    expect(messages).toHaveLength(7)
  })

  test('a headers line without a colon: the line is named, the value never echoed', async () => {
    const value = 'Bearer-hunter2-supersecret'
    const run = await badRun({
      inputs: { targets: good(), headers: `X-Team: platform\n${value}` }
    })
    expectBadInput(
      run,
      'input `headers`, line 2: expected `Name: value` (the line has no header name before a colon)'
    )
    for (const text of [run.stdout, run.stderr, run.summary, ...Object.values(run.outputs)]) {
      expect(text).not.toContain('hunter2')
    }
  })

  test('a headers line with an empty value', async () => {
    const run = await badRun({ inputs: { targets: good(), headers: 'X-Api-Key:' } })
    expectBadInput(
      run,
      'input `headers`, line 1: the value of X-Api-Key is empty; expected `X-Api-Key: value`'
    )
  })

  test('an unset ${VAR} in a url', async () => {
    const run = await badRun({
      inputs: { 'targets-file': 'fleet.yml' },
      files: {
        'fleet.yml': `targets:\n  - name: a\n    url: "${fleet.origin}/\${FLEET_PATH}/version"\n`
      }
    })
    expectBadInput(
      run,
      'targets-file `fleet.yml`, line 3: targets[0].url: environment variable FLEET_PATH is not set or is empty'
    )
  })

  test('an unset ${VAR} in a header, and an empty one', async () => {
    const fleetFile = `defaults:\n  headers:\n    X-Api-Key: \${FLEET_API_KEY}\ntargets:\n  - name: a\n    url: "${url()}"\n`
    const envs: Record<string, string>[] = [{}, { FLEET_API_KEY: '' }]
    for (const env of envs) {
      const run = await badRun({
        inputs: { 'targets-file': 'fleet.yml' },
        files: { 'fleet.yml': fleetFile },
        env
      })
      expectBadInput(
        run,
        'targets-file `fleet.yml`, line 3: defaults.headers.X-Api-Key: environment variable FLEET_API_KEY is not set or is empty'
      )
    }
  })
})

const PRIVATE_KEY_ONLY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n'

const caCases: [string, Case][] = [
  [
    'a ca-file that does not exist',
    {
      inputs: { 'ca-file': 'certs/internal-ca.pem' },
      says: [
        'input `ca-file`: cannot read "certs/internal-ca.pem" (no such file at ',
        'certs/internal-ca.pem); expected a PEM file of CA certificates, relative to the workspace'
      ]
    }
  ],
  [
    'a ca-file that is a directory',
    {
      inputs: { 'ca-file': '.' },
      says: [
        'input `ca-file`: cannot read "." (it is a directory at ',
        'expected a PEM file of CA certificates, relative to the workspace'
      ]
    }
  ],
  [
    'a ca-file that is not PEM',
    {
      inputs: { 'ca-file': 'ca.crt' },
      files: { 'ca.crt': 'MIIBszCCAVmgAwIBAgIUQ2xv\u0000\u0001binary DER, not PEM' },
      says: [
        'input `ca-file`: "ca.crt" has no "-----BEGIN CERTIFICATE-----" block; expected a PEM file of CA certificates'
      ]
    }
  ],
  [
    'an empty ca-file',
    {
      inputs: { 'ca-file': 'ca.pem' },
      files: { 'ca.pem': '' },
      says: ['input `ca-file`: "ca.pem" has no "-----BEGIN CERTIFICATE-----" block']
    }
  ],
  [
    'a ca-file that holds a private key, not a certificate',
    {
      inputs: { 'ca-file': 'ca.pem' },
      files: { 'ca.pem': PRIVATE_KEY_ONLY },
      says: ['input `ca-file`: "ca.pem" has no "-----BEGIN CERTIFICATE-----" block']
    }
  ],
  [
    'a ca-file whose certificate block is corrupt',
    {
      inputs: { 'ca-file': 'ca.pem' },
      files: {
        'ca.pem': '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n'
      },
      says: [
        'input `ca-file`: "ca.pem": certificate 1 of 1 cannot be read (',
        'expected PEM certificates'
      ]
    }
  ]
]

describe('ca-file', () => {
  test.each(caCases)('%s', async (_, c) => {
    const run = await caseRun(c)
    expectBadInput(run, ...c.says)
  })
})

const fleetCases: [string, Case][] = [
  [
    'samples: lots in a target',
    {
      fleetFile: u => `targets:\n  - name: a\n    url: "${u}"\n    samples: lots\n`,
      says: [
        'targets-file `fleet.yml`, line 4: targets[0].samples: "lots" is not valid; expected a whole number from 1 to 20'
      ],
      at: [['fleet.yml', '4']]
    }
  ],
  [
    'samples: 0 in defaults',
    {
      fleetFile: u => `defaults:\n  samples: 0\ntargets:\n  - url: "${u}"\n`,
      says: [
        'targets-file `fleet.yml`, line 2: defaults.samples: "0" is not valid; expected a whole number from 1 to 20'
      ],
      at: [['fleet.yml', '2']]
    }
  ],
  [
    'samples: 1e9 in a JSON fleet file',
    {
      fleetFile: u => JSON.stringify({ targets: [{ name: 'a', url: u, samples: 1e9 }] }, null, 2),
      says: [
        'targets-file `fleet.yml`, line 6: targets[0].samples: "1000000000" is not valid; expected a whole number from 1 to 20'
      ]
    }
  ],
  [
    'samples as a list',
    {
      targets: u => `- url: "${u}"\n  samples: [1, 2]`,
      says: ['input `targets`, line 2: targets[0].samples: expected text, got a list']
    }
  ],
  [
    'cache-bust: maybe in a target',
    {
      fleetFile: u => `targets:\n  - name: a\n    url: "${u}"\n    cache-bust: maybe\n`,
      says: [
        'targets-file `fleet.yml`, line 4: targets[0].cache-bust: "maybe" is not valid; expected "true" or "false"'
      ],
      at: [['fleet.yml', '4']]
    }
  ],
  [
    'cache-bust: maybe in defaults',
    {
      fleetFile: u => `defaults:\n  cache-bust: maybe\ntargets:\n  - url: "${u}"\n`,
      says: [
        'targets-file `fleet.yml`, line 2: defaults.cache-bust: "maybe" is not valid; expected "true" or "false"'
      ]
    }
  ],
  [
    'cache-bust: yes (YAML 1.1 habits)',
    {
      targets: u => `- url: "${u}"\n  cache-bust: yes`,
      says: [
        'input `targets`, line 2: targets[0].cache-bust: "yes" is not valid; expected "true" or "false"'
      ]
    }
  ],
  [
    'cache-bust as a mapping',
    {
      targets: u => `- url: "${u}"\n  cache-bust: {enabled: true}`,
      says: ['input `targets`, line 2: targets[0].cache-bust: expected text, got a mapping']
    }
  ],
  [
    'a YAML tab indentation error',
    {
      fleetFile: u => `targets:\n  - name: a\n\turl: "${u}"\n`,
      says: [
        'targets-file `fleet.yml`, line 3: YAML syntax error: this line is indented with a tab; expected spaces (YAML does not allow tabs for indentation)'
      ],
      at: [['fleet.yml', '3']]
    }
  ],
  [
    'a key typo: sampels',
    {
      fleetFile: u => `targets:\n  - name: a\n    url: "${u}"\n    sampels: 4\n`,
      says: [
        'targets-file `fleet.yml`, line 4: targets[0].sampels: unknown key "sampels"; did you mean "samples"?'
      ],
      at: [['fleet.yml', '4']]
    }
  ],
  [
    'a key typo: cache_bust in defaults',
    {
      fleetFile: u => `defaults:\n  cache_bust: false\ntargets:\n  - url: "${u}"\n`,
      says: [
        'targets-file `fleet.yml`, line 2: defaults.cache_bust: unknown key "cache_bust"; did you mean "cache-bust"?'
      ]
    }
  ],
  [
    'an input written as a fleet key: wait',
    {
      targets: u => `- url: "${u}"\n  wait: 5m`,
      says: [
        'input `targets`, line 2: targets[0].wait: unknown key "wait"; expected one of name, url, expected, json, header, regex, headers, timeout, samples, cache-bust'
      ]
    }
  ],
  [
    'an input written as a fleet key: ca-file in defaults',
    {
      targets: u => `defaults:\n  ca-file: ca.pem\ntargets:\n  - url: "${u}"`,
      says: ['input `targets`, line 2: defaults.ca-file: unknown key "ca-file"; expected one of']
    }
  ]
]

const proxyCases: [string, Record<string, string>, string][] = [
  [
    'without a scheme',
    { HTTPS_PROXY: 'proxy.corp.example:3128' },
    'environment variable HTTPS_PROXY: "proxy.corp.example:3128" is not valid; expected an http:// or https:// proxy URL, such as "http://proxy.example.com:3128"'
  ],
  [
    'that is not a URL, with a password that is never quoted',
    { http_proxy: 'ops:pr0xy-s3cret@proxy corp:3128' },
    'environment variable http_proxy: "***@proxy corp:3128" is not valid; expected an http:// or https:// proxy URL'
  ],
  [
    'of another scheme',
    { HTTP_PROXY: 'socks5://ops:pr0xy-s3cret@127.0.0.1:1080' },
    'environment variable HTTP_PROXY: "socks5://***@127.0.0.1:1080" is not valid; expected an http:// or https:// proxy URL'
  ]
]

describe('proxy variables', () => {
  test.each(proxyCases)('a proxy %s', async (_, env, message) => {
    const before = fleet.requests.length
    const run = await runAction({ inputs: { targets: good() }, env })
    expect(fleet.requests.length).toBe(before)
    expectBadInput(run, message)
    for (const text of [run.stdout, run.stderr, run.summary, ...Object.values(run.outputs)]) {
      expect(text).not.toContain('pr0xy-s3cret')
    }
  })
})

describe('fleet-file keys', () => {
  test.each(fleetCases)('%s', async (_, c) => {
    const run = await caseRun(c)
    expectBadInput(run, ...c.says)
    if (c.at) {
      expect(
        commands(run.stdout, 'error').map(e => [e.properties.file, e.properties.line])
      ).toEqual(c.at)
    }
  })
})

/** Inputs whose bad values are tested with their feature, and where. */
const TESTED_ELSEWHERE: Record<string, string> = {
  'github-token': 'github/commit-status.test.ts',
  'commit-status': 'github/commit-status.test.ts',
  'pr-comment': 'github/pr-comment.test.ts',
  'expected-environment': 'github/deployments.test.ts',
  'reports-file': 'github/reports-file.test.ts',
  'allow-undeclared': 'github/reports-file.test.ts',
  'dns-servers': 'action/dns-fan-out.test.ts'
}
/** Inputs with no wrong value: any text is a valid one. */
const FREE_TEXT = ['report-path']

test('every input of action.yml that can be wrong has a bad-input case, here or with its feature', () => {
  const declared = Object.keys(
    (parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs
  )
  const suite = (file: string) => readFileSync(path.join(ROOT, '__tests__', file), 'utf8')
  const here = suite('e2e/bad-input.test.ts')
  const uncovered = declared.filter(name => {
    if (FREE_TEXT.includes(name)) return false
    // the message that names it, as the product words it
    const named = new RegExp(`inputs? \\\\?\`${name}\\\\?\``)
    const file = TESTED_ELSEWHERE[name]
    return !named.test(file ? suite(file) : here)
  })
  expect(uncovered).toEqual([])
})
