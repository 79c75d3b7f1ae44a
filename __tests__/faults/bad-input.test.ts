// Bad input for the inputs and keys of rollouts (wait, interval, stable-rounds, samples,
// cache-bust, ca-file) and the mistakes users make around them. Each stops the run before any
// request: exit 1, `result` fail, and a message that names the input or key and says what is
// expected.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { startFleet, type TestServer } from '../helpers/servers.js'
import { commands, expectBadInput, SHA } from './support.js'

let fleet: TestServer
beforeAll(async () => {
  fleet = await startFleet({ a: SHA })
})
afterAll(() => fleet.close())

const url = () => `${fleet.origin}/a/version`
const good = () => `- {name: a, url: "${url()}"}`

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

async function badRun(c: Case) {
  const before = fleet.requests.length
  const files = { ...c.files }
  const inputs: Record<string, string> = {}
  if (c.fleetFile) {
    files['fleet.yml'] = c.fleetFile(url())
    inputs['targets-file'] = 'fleet.yml'
  } else {
    inputs.targets = c.targets ? c.targets(url()) : good()
  }
  const run = await runAction({ inputs: { ...inputs, ...c.inputs }, files })
  // bad input stops the run before any request
  expect(fleet.requests.length).toBe(before)
  expect(run.outputs.result).not.toBe('pass')
  expect(run.code).not.toBe(0)
  return run
}

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
    'retries',
    'many',
    '',
    'input `retries`: "many" is not valid; expected a whole number from 0 to 10'
  ],
  ['retries', '11', '', 'input `retries`: "11" is not valid; expected a whole number from 0 to 10'],
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
    const inputs: Record<string, string> = { [name]: value }
    for (const pair of extra.split(',').filter(Boolean)) {
      const [k, v] = pair.split('=')
      inputs[k] = v
    }
    const run = await badRun({ inputs, says: [message] })
    const messages = expectBadInput(run, message)
    expect(messages).toHaveLength(1)
  })

  test('several bad rollout inputs are all reported at once', async () => {
    const run = await badRun({
      inputs: { wait: '10 parsecs', interval: '0', samples: '1e9', 'cache-bust': 'maybe' },
      says: []
    })
    const messages = expectBadInput(
      run,
      'input `wait`: "10 parsecs"',
      'input `interval`: "0"',
      'input `samples`: "1e9"',
      'input `cache-bust`: "maybe"'
    )
    expect(messages).toHaveLength(4)
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
    const run = await badRun(c)
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
        'targets-file `fleet.yml`, line 3: YAML syntax error: Tabs are not allowed as indentation'
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
    const run = await badRun(c)
    expectBadInput(run, ...c.says)
    if (c.at) {
      expect(
        commands(run.stdout, 'error').map(e => [e.properties.file, e.properties.line])
      ).toEqual(c.at)
    }
  })
})

test('at least 30 malformed configurations', () => {
  expect(
    inputCases.length + caCases.length + proxyCases.length + fleetCases.length + 1
  ).toBeGreaterThanOrEqual(30)
})
