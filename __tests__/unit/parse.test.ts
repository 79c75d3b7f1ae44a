import { describe, expect, test } from '@jest/globals'
import type { Source } from '../../src/common/errors.js'
import {
  parseFleet as parseFleetWith,
  type Fleet,
  type FleetOptions
} from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import { redactCredentials } from '../../src/fleet/target-url.js'
import { loadRegexEngine } from '../../src/common/regex.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

/** The fleet of a text that must parse. */
function fleetOf(text: string, source: Source, options: FleetOptions): Fleet {
  const r = parseFleet(text, source, options)
  if (!r.ok) throw new Error(r.error.map(p => p.message).join('\n'))
  return r.value
}

const INPUT = { label: 'input `targets`' }

function options(extra: Partial<FleetOptions> = {}): FleetOptions {
  return { timeoutMs: 10_000, headers: {}, samples: 1, cacheBust: false, env: {}, ...extra }
}

const ISSUE_EXAMPLE = `
defaults:                     # optional; each target inherits, its own keys win
  json: git.commit.id
  headers:
    X-Api-Key: \${FLEET_API_KEY}   # read from the environment and masked
  timeout: 5s
targets:
  - name: router-1
    url: https://router-1.prod.example.com/version
  - name: router-[2:8]
    url: https://router-[2:8].prod.example.com/version
  - name: canary
    url: https://canary.example.com/actuator/info
    expected: 4f2a9c1
    header: X-Build-Sha
`

describe('parseFleet: the fleet document', () => {
  test('the example from the issue', () => {
    const fleet = fleetOf(ISSUE_EXAMPLE, INPUT, options({ env: { FLEET_API_KEY: 'k-123' } }))
    expect(fleet.targets.map(t => t.name)).toEqual([
      'router-1',
      'router-2',
      'router-3',
      'router-4',
      'router-5',
      'router-6',
      'router-7',
      'router-8',
      'canary'
    ])
    expect(fleet.targets[7]).toEqual({
      name: 'router-8',
      url: 'https://router-8.prod.example.com/version',
      displayUrl: 'https://router-8.prod.example.com/version',
      expected: undefined,
      extraction: { kind: 'json', path: ['git', 'commit', 'id'] },
      headers: { 'X-Api-Key': 'k-123' },
      timeoutMs: 5_000,
      samples: 1,
      cacheBust: false
    })
    expect(fleet.targets[8]).toEqual({
      name: 'canary',
      url: 'https://canary.example.com/actuator/info',
      displayUrl: 'https://canary.example.com/actuator/info',
      expected: '4f2a9c1',
      extraction: { kind: 'header', name: 'X-Build-Sha' },
      headers: { 'X-Api-Key': 'k-123' },
      timeoutMs: 5_000,
      samples: 1,
      cacheBust: false
    })
    expect(fleet.secrets).toEqual(['k-123'])
  })

  test('a target without a timeout uses the `timeout` input', () => {
    const fleet = fleetOf(
      'targets:\n  - url: https://a.example/v\n',
      INPUT,
      options({ timeoutMs: 1234 })
    )
    expect(fleet.targets[0].timeoutMs).toBe(1234)
    expect(fleet.targets[0].extraction).toEqual({ kind: 'auto' })
    expect(fleet.targets[0].expected).toBeUndefined()
  })

  test("defaults are inherited and the target's own keys win", async () => {
    const text = `
defaults:
  json: build.sha
  expected: aaaaaaa
  timeout: 5s
targets:
  - name: inherits
    url: https://a.example/v
  - name: own
    url: https://b.example/v
    regex: 'build=(\\w+)'
    expected: bbbbbbb
    timeout: 1m30s
  - name: own-json
    url: https://c.example/v
    json: git.commit.id
`
    const regex = await loadRegexEngine()
    const [inherits, own, ownJson] = fleetOf(text, INPUT, options({ regex })).targets
    expect(inherits.extraction).toEqual({ kind: 'json', path: ['build', 'sha'] })
    expect(inherits.expected).toBe('aaaaaaa')
    expect(inherits.timeoutMs).toBe(5_000)
    expect(own.extraction.kind).toBe('regex')
    expect(own.extraction.kind === 'regex' && own.extraction.pattern.source).toBe('build=(\\w+)')
    expect(own.expected).toBe('bbbbbbb')
    expect(own.timeoutMs).toBe(90_000)
    expect(ownJson.extraction).toEqual({ kind: 'json', path: ['git', 'commit', 'id'] })
  })

  test('headers merge: input, then defaults, then the target; a later name wins whatever its case', () => {
    const text = `
defaults:
  headers:
    X-Team: platform
    X-Api-Key: from-defaults
targets:
  - name: a
    url: https://a.example/v
  - name: b
    url: https://b.example/v
    headers:
      x-api-key: from-target
      X-Extra: extra
`
    const fleet = fleetOf(
      text,
      INPUT,
      options({ headers: { 'X-API-KEY': 'from-input', 'X-Input-Only': 'input' } })
    )
    expect(fleet.targets[0].headers).toEqual({
      'X-Input-Only': 'input',
      'X-Team': 'platform',
      'X-Api-Key': 'from-defaults'
    })
    expect(fleet.targets[1].headers).toEqual({
      'X-Input-Only': 'input',
      'X-Team': 'platform',
      'x-api-key': 'from-target',
      'X-Extra': 'extra'
    })
    expect(fleet.secrets.sort()).toEqual(
      ['input', 'platform', 'from-defaults', 'from-target', 'extra'].sort()
    )
  })

  test('${VAR} in urls and header values is read from the environment and listed as secret', () => {
    const text = `
targets:
  - name: a
    url: https://\${HOST}/version
    headers:
      Authorization: Bearer \${TOKEN}
`
    const fleet = fleetOf(text, INPUT, options({ env: { HOST: 'h.example', TOKEN: 't0k' } }))
    expect(fleet.targets[0].url).toBe('https://h.example/version')
    expect(fleet.targets[0].headers).toEqual({ Authorization: 'Bearer t0k' })
    expect(fleet.secrets).toEqual(expect.arrayContaining(['h.example', 't0k', 'Bearer t0k']))
  })

  test('YAML values stay text: a numeric-looking expected build keeps its leading zero', () => {
    const fleet = fleetOf(
      'targets:\n  - url: https://a.example/v\n    expected: 0123456\n',
      INPUT,
      options()
    )
    expect(fleet.targets[0].expected).toBe('0123456')
  })
})

describe('parseFleet: the other shapes', () => {
  test('a bare list of URLs and mappings', () => {
    const text = `
- https://a.example/version
- url: https://b.example:8443/version
  name: bee
- { url: "http://c.example:80/v" }
`
    const fleet = fleetOf(text, INPUT, options())
    expect(fleet.targets.map(t => [t.name, t.url])).toEqual([
      ['a.example', 'https://a.example/version'],
      ['bee', 'https://b.example:8443/version'],
      ['c.example', 'http://c.example/v']
    ])
  })

  test('one URL per line, with blank lines and comments', () => {
    const text =
      'https://a.example/v\n\n# the canary\nhttps://b.example:8080/v\r\nhttp://c.example/v\n'
    const fleet = fleetOf(text, INPUT, options())
    expect(fleet.targets.map(t => t.name)).toEqual(['a.example', 'b.example:8080', 'c.example'])
    expect(fleet.targets.every(t => t.extraction.kind === 'auto')).toBe(true)
  })

  test('one URL per line with comments at the ends of lines', () => {
    const text = '# fleet\nhttps://a.example/v # primary\nhttps://b.example/v#frag\n  # done\n'
    const fleet = fleetOf(text, INPUT, options())
    expect(fleet.targets.map(t => [t.name, t.url])).toEqual([
      ['a.example', 'https://a.example/v'],
      ['b.example', 'https://b.example/v#frag']
    ])
  })

  test('a single URL', () => {
    const fleet = fleetOf('https://only.example/version', INPUT, options())
    expect(fleet.targets).toHaveLength(1)
    expect(fleet.targets[0].name).toBe('only.example')
  })

  test('a JSON fleet file', () => {
    const text = JSON.stringify({
      defaults: { header: 'X-Build' },
      targets: [{ name: 'j', url: 'https://j.example/v' }, 'https://k.example/v']
    })
    const fleet = fleetOf(
      text,
      { label: 'targets-file `fleet.json`', file: 'fleet.json' },
      options()
    )
    expect(fleet.targets.map(t => [t.name, t.extraction])).toEqual([
      ['j', { kind: 'header', name: 'X-Build' }],
      ['k.example', { kind: 'header', name: 'X-Build' }]
    ])
  })
})

describe('parseFleet: urls', () => {
  test('credentials in the url become an Authorization header and leave url and displayUrl', () => {
    const fleet = fleetOf('- https://deploy:p%40ss@h.example/v?x=1\n', INPUT, options())
    const [t] = fleet.targets
    expect(t.url).toBe('https://h.example/v?x=1')
    expect(t.displayUrl).toBe('https://h.example/v')
    expect(t.headers).toEqual({
      Authorization: `Basic ${Buffer.from('deploy:p@ss').toString('base64')}`
    })
    expect(t.name).toBe('h.example')
    expect(fleet.secrets).toEqual(expect.arrayContaining(['p@ss', t.headers.Authorization]))
    expect(JSON.stringify(t)).not.toContain('p%40ss')
  })

  test('a user without a password still becomes Basic auth', () => {
    const [t] = fleetOf('- https://robot@h.example/v\n', INPUT, options()).targets
    expect(t.headers.Authorization).toBe(`Basic ${Buffer.from('robot:').toString('base64')}`)
    expect(t.url).toBe('https://h.example/v')
  })

  test('a configured Authorization header wins over url credentials, which are still removed', () => {
    const [t] = fleetOf(
      '- https://u:pw@h.example/v\n',
      INPUT,
      options({ headers: { authorization: 'Bearer abc' } })
    ).targets
    expect(t.headers).toEqual({ authorization: 'Bearer abc' })
    expect(t.url).toBe('https://h.example/v')
  })

  test('displayUrl drops the query and the fragment', () => {
    const [t] = fleetOf(
      '- https://h.example:8443/a/b?token=s3cret#frag\n',
      INPUT,
      options()
    ).targets
    expect(t.displayUrl).toBe('https://h.example:8443/a/b')
    expect(t.url).toBe('https://h.example:8443/a/b?token=s3cret#frag')
  })

  test('the default name is host[:port], default ports left out', () => {
    const fleet = fleetOf(
      '- https://a.example:443/v\n- https://b.example:8443/v\n- http://127.0.0.1:8080/v\n',
      INPUT,
      options()
    )
    expect(fleet.targets.map(t => t.name)).toEqual([
      'a.example',
      'b.example:8443',
      '127.0.0.1:8080'
    ])
  })

  test('an IPv6 literal host is not a range', () => {
    const fleet = fleetOf(
      '- http://[::1]:8080/version\n- http://[2001:db8::1]/v\n',
      INPUT,
      options()
    )
    expect(fleet.targets.map(t => [t.name, t.url])).toEqual([
      ['[::1]:8080', 'http://[::1]:8080/version'],
      ['[2001:db8::1]', 'http://[2001:db8::1]/v']
    ])
  })

  test('an IPv6 host with a range in the path', () => {
    const fleet = fleetOf(
      '- name: n-[1:2]\n  url: http://[::1]:8080/n-[1:2]/version\n',
      INPUT,
      options()
    )
    expect(fleet.targets.map(t => [t.name, t.url])).toEqual([
      ['n-1', 'http://[::1]:8080/n-1/version'],
      ['n-2', 'http://[::1]:8080/n-2/version']
    ])
  })
})

describe('parseFleet: ranges', () => {
  test('zero-padded [01:16] in url and name', () => {
    const fleet = fleetOf(
      '- name: web-[01:16]\n  url: https://web-[01:16].example/v\n',
      INPUT,
      options()
    )
    expect(fleet.targets).toHaveLength(16)
    expect(fleet.targets[0]).toMatchObject({ name: 'web-01', url: 'https://web-01.example/v' })
    expect(fleet.targets[8]).toMatchObject({ name: 'web-09', url: 'https://web-09.example/v' })
    expect(fleet.targets[15]).toMatchObject({ name: 'web-16', url: 'https://web-16.example/v' })
  })

  test('a range in the url only names targets by host', () => {
    const fleet = fleetOf('- https://r-[1:3].example/v\n', INPUT, options())
    expect(fleet.targets.map(t => t.name)).toEqual(['r-1.example', 'r-2.example', 'r-3.example'])
  })

  test('a range in a one-URL-per-line fleet', () => {
    const fleet = fleetOf('https://r-[7:9].example/v\nhttps://other.example/v', INPUT, options())
    expect(fleet.targets.map(t => t.name)).toEqual([
      'r-7.example',
      'r-8.example',
      'r-9.example',
      'other.example'
    ])
  })

  test('every expanded target gets the entry settings', () => {
    const fleet = fleetOf(
      '- name: r-[1:2]\n  url: https://r-[1:2].example/v\n  header: X-Build\n  expected: abc1234\n',
      INPUT,
      options()
    )
    for (const t of fleet.targets) {
      expect(t.extraction).toEqual({ kind: 'header', name: 'X-Build' })
      expect(t.expected).toBe('abc1234')
    }
  })

  test('exactly 10,000 targets are allowed', () => {
    const fleet = fleetOf('- https://r-[1:10000].example/v\n', INPUT, options())
    expect(fleet.targets).toHaveLength(10_000)
    expect(fleet.targets[9_999].name).toBe('r-10000.example')
  })
})

describe('redactCredentials', () => {
  test('user:password@ is hidden', () => {
    expect(redactCredentials('https://u:p@h/v')).toBe('https://***@h/v')
    expect(redactCredentials('https://h/v')).toBe('https://h/v')
  })
})
