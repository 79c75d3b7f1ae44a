// Issue 10, D1's pure modules: the `dns-servers` input, the `addresses` and `count` keys as the
// fleet parser reads them, the proxy rule for `addresses: all`, and how instances and group
// entries read in the verdict, the report, the headline, the round line and the summary. No
// DNS, no sockets (the fan-out rules themselves are in fan-out.test.ts).
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { describeInvalid } from '../../src/common/values.js'
import { MAX_DNS_SERVERS, parseDnsServers } from '../../src/discover/dns-servers.js'
import { fanOut, inFleetOrder, type Resolution } from '../../src/discover/fan-out.js'
import { parseFleet as parseFleetWith, type FleetOptions } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import type { Target } from '../../src/fleet/target.js'
import { DNS_LOOKUP_FAILED } from '../../src/discover/dns.js'
import { statusDescription } from '../../src/github/commit-status.js'
import { describeError } from '../../src/probe/http.js'
import { proxyVariableFor } from '../../src/probe/proxy.js'
import { headline } from '../../src/report/headline.js'
import { reportTarget } from '../../src/report/report-json.js'
import { renderSummary } from '../../src/report/summary.js'
import { ok, err } from '../../src/common/result.js'
import { judge } from '../../src/verdict/judge.js'
import type { Observation } from '../../src/verdict/observation.js'
import { reason } from '../../src/verdict/reason.js'
import { roundLine } from '../../src/watch/rounds.js'
import { rendered } from '../helpers/outcome.js'
import { marked } from 'marked'
import { makeTarget } from './fixtures.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

describe('dns-servers', () => {
  test('IPv4 and IPv6, with and without a port, in the form setServers takes', () => {
    expect(parseDnsServers('10.0.0.2,10.0.0.3:5353\n ::1 \n[fd00::53]\n[fd00::54]:53')).toEqual(
      ok(['10.0.0.2', '10.0.0.3:5353', '::1', 'fd00::53', '[fd00::54]:53'])
    )
  })

  test('empty (or only separators): no servers, the system resolver', () => {
    expect(parseDnsServers('')).toEqual(ok([]))
    expect(parseDnsServers(' ,\n ')).toEqual(ok([]))
  })

  test.each([
    ['a host name', 'dns.example.com'],
    ['an IPv4 address out of range', '10.0.0.256'],
    ['port 0', '10.0.0.2:0'],
    ['a port past 65535', '[::1]:65536'],
    ['an IPv6 address with a port but no brackets', '::1:53:99999'],
    ['a zone', 'fe80::1%eth0'],
    ['a bracketed IPv4 address', '[10.0.0.2]:53'],
    ['a URL', 'udp://10.0.0.2:53']
  ])('%s is refused, quoted in the message', (_, bad) => {
    const r = parseDnsServers(`10.0.0.9, ${bad}`)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const message = describeInvalid(`10.0.0.9, ${bad}`, r.error)
    expect(message).toContain(`has ${JSON.stringify(bad)}, which is not an IP address`)
    expect(message).toMatch(/; expected IP addresses of DNS servers/)
  })

  test(`at most ${MAX_DNS_SERVERS} servers`, () => {
    const many = Array.from({ length: MAX_DNS_SERVERS + 1 }, (_, i) => `10.0.0.${i + 1}`)
    expect(parseDnsServers(many.slice(0, -1).join(',')).ok).toBe(true)
    const r = parseDnsServers(many.join(','))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.problem).toBe(`has ${MAX_DNS_SERVERS + 1} servers`)
  })

  test('property: whatever the separators, every server is kept, in order', () => {
    const server = fc.oneof(
      fc.ipV4(),
      fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65_535 })).map(([a, p]) => `${a}:${p}`),
      fc.ipV6(),
      fc.tuple(fc.ipV6(), fc.integer({ min: 1, max: 65_535 })).map(([a, p]) => `[${a}]:${p}`)
    )
    const separator = fc.constantFrom(',', '\n', ', ', ' ,\n', '\r\n')
    fc.assert(
      fc.property(fc.array(server, { maxLength: MAX_DNS_SERVERS }), separator, (list, sep) => {
        expect(parseDnsServers(list.join(sep))).toEqual(ok(list))
      })
    )
  })
})

const SOURCE = { label: 'input `targets`' }
const OPTIONS: FleetOptions = {
  timeoutMs: 2_000,
  headers: {},
  samples: 1,
  cacheBust: true,
  env: {}
}

function problems(text: string, extra: Partial<FleetOptions> = {}): string[] {
  const r = parseFleet(text, SOURCE, { ...OPTIONS, ...extra })
  return r.ok ? [] : r.error.map(p => p.message)
}

function targets(text: string): Target[] {
  const r = parseFleet(text, SOURCE, OPTIONS)
  if (!r.ok) throw new Error(r.error.map(p => p.message).join('\n'))
  return r.value.targets
}

describe('the addresses and count keys', () => {
  test('a plain target carries neither: its shape is what it was before issue 10', () => {
    const [t] = targets('- https://api.example.com/version')
    expect(Object.keys(t)).toEqual([
      'name',
      'url',
      'displayUrl',
      'expected',
      'extraction',
      'headers',
      'timeoutMs',
      'samples',
      'cacheBust'
    ])
    const [one] = targets('- url: https://api.example.com/v\n  addresses: one')
    expect(one.addresses).toBeUndefined()
  })

  test('from defaults or the target (the target wins), on each target of a range', () => {
    const ts = targets(
      [
        'defaults: {addresses: all, count: 3}',
        'targets:',
        '  - name: api-[1:2]',
        '    url: https://api-[1:2].example.com/v',
        '  - name: db',
        '    url: https://db.example.com/v',
        '    count: 5',
        '  - name: solo',
        '    url: https://solo.example.com/v',
        '    addresses: All'
      ].join('\n')
    )
    expect(ts.map(t => [t.name, t.addresses, t.count])).toEqual([
      ['api-1', 'all', 3],
      ['api-2', 'all', 3],
      ['db', 'all', 5],
      ['solo', 'all', 3]
    ])
  })

  test('count without addresses: all is bad input, at the key that makes it so', () => {
    expect(problems('- url: https://a.example.com/v\n  count: 2')).toEqual([
      expect.stringMatching(/line 2: targets\[0\]\.count: count needs addresses: all/)
    ])
    // A count from defaults, on a target that says addresses: one: at its addresses key.
    const own = problems(
      [
        'defaults: {addresses: all, count: 2}',
        'targets:',
        '  - url: https://a.example.com/v',
        '    addresses: one'
      ].join('\n')
    )
    expect(own).toEqual([expect.stringMatching(/line 4: targets\[0\]\.addresses: count needs/)])
    // A count in defaults, and addresses nowhere: at defaults.count.
    const inDefaults = problems(
      ['defaults: {count: 2}', 'targets:', '  - url: https://a.example.com/v'].join('\n')
    )
    expect(inDefaults).toEqual([expect.stringMatching(/line 1: defaults\.count: count needs/)])
  })

  test('addresses: all on an IP host, v4 or v6 (in any spelling), is bad input at the url', () => {
    for (const url of [
      'http://10.0.0.7/v',
      'http://[2001:db8::7]:8080/v',
      'http://0x7f.1/v',
      'https://user:pw@10.0.0.7/v'
    ]) {
      const found = problems(`- url: "${url}"\n  addresses: all`)
      expect({ url, found }).toEqual({
        url,
        found: [expect.stringMatching(/\[0\]\.url: ".*" has an IP address as its host/)]
      })
      // Credentials are never quoted back.
      expect(found.join()).not.toContain('pw')
    }
  })

  test('addresses: all with a reports-file is bad input, on a target with or without a url', () => {
    for (const entry of [
      '- name: api\n  addresses: all',
      '- url: https://a.example.com/v\n  addresses: all'
    ])
      expect(problems(entry, { urlOptional: true })).toEqual([
        expect.stringMatching(/addresses: all .*reports-file/)
      ])
  })
})

describe('instance names cannot collide with declared names', () => {
  test('a name starting with a group’s name and "@" is bad input; other names with "@" are not', () => {
    const fleet = (second: string) =>
      [
        'targets:',
        '  - name: api',
        '    url: https://api.example.com/v',
        '    addresses: all',
        `  - name: "${second}"`,
        '    url: https://other.example.com/v'
      ].join('\n')
    expect(problems(fleet('api@10.0.0.1'))).toEqual([
      expect.stringMatching(
        /target name "api@10\.0\.0\.1" \(at input `targets`, line 5\) could be the name of an instance of "api".*expected a name that does not start with "api@"/
      )
    ])
    expect(problems(fleet('ops@api'))).toEqual([])
    expect(problems(fleet('apis@1'))).toEqual([])
    // Without addresses: all, "@" in a name is as free as before.
    expect(problems('- name: api@10.0.0.1\n  url: https://a.example.com/v')).toEqual([])
  })
})

describe('proxyVariableFor: which proxy variable would carry a request (undici’s rules)', () => {
  const url = 'https://api.example.com/version'
  test.each([
    [{}, undefined],
    [{ HTTPS_PROXY: 'http://p:3128' }, 'HTTPS_PROXY'],
    [{ https_proxy: 'http://p:3128', HTTPS_PROXY: 'http://q:3128' }, 'https_proxy'],
    // https falls back to the http proxy when no https one is set
    [{ HTTP_PROXY: 'http://p:3128' }, 'HTTP_PROXY'],
    // an empty lower-case variable hides the upper-case one, as in undici
    [{ https_proxy: '', HTTPS_PROXY: 'http://q:3128', HTTP_PROXY: 'http://p' }, 'HTTP_PROXY'],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: '*' }, undefined],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: 'api.example.com' }, undefined],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: 'other.com, API.example.com' }, undefined],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: '.example.com' }, undefined],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: '*.example.com' }, undefined],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: 'api.example.com:443' }, undefined],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: 'api.example.com:8443' }, 'HTTPS_PROXY'],
    [{ HTTPS_PROXY: 'http://p', NO_PROXY: 'example.org' }, 'HTTPS_PROXY'],
    [{ HTTPS_PROXY: 'http://p', no_proxy: '', NO_PROXY: 'api.example.com' }, 'HTTPS_PROXY']
  ])('%j → %s', (env, variable) => {
    expect(proxyVariableFor(url, env)).toBe(variable)
  })

  test('an http URL takes only the http proxy', () => {
    expect(proxyVariableFor('http://api.example.com/v', { HTTPS_PROXY: 'http://p' })).toBe(
      undefined
    )
    expect(proxyVariableFor('http://api.example.com:8080/v', { http_proxy: 'http://p' })).toBe(
      'http_proxy'
    )
  })
})

/** A fleet of `api` (addresses: all, count) and a plain `web`, fanned out and judged. */
function fannedVerdict(
  addresses: Resolution,
  builds: Record<string, string>,
  count?: number,
  allowed = false
) {
  const api = makeTarget('api', { addresses: 'all', ...(count ? { count } : {}) })
  const web = makeTarget('web')
  const fan = fanOut([api, web], new Map([['api.example.com', addresses]]))
  if (!fan.ok) throw new Error(fan.error)
  const observed = fan.value.targets.map((t): Observation => ({
    target: t,
    kind: 'reported',
    build: builds[t.name] ?? A,
    attempts: 1,
    ms: 3
  }))
  return judge(
    inFleetOrder(fan.value, observed),
    { kind: 'build', build: A },
    {
      entries: [],
      allowed
    }
  )
}

describe('a connection’s lookup through dns-servers', () => {
  test('its error (FLEET_CHECK_DNS) is reported with the resolver’s reason, code dns, retried', () => {
    const error = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('api.example.com: DNS server failure (SERVFAIL)'), {
        code: DNS_LOOKUP_FAILED
      })
    })
    expect(describeError(error)).toEqual({
      ok: false,
      code: 'dns',
      reason: 'api.example.com: DNS server failure (SERVFAIL)',
      transient: true
    })
  })
})

describe('instances and group entries, as a run shows them', () => {
  test('an instance has its group and address in the verdict and the report, after its name', () => {
    const v = fannedVerdict(ok(['10.0.0.2', '::1']), {})
    expect(v.result).toBe('pass')
    const r = reportTarget(v.targets[0])
    expect(Object.keys(r).slice(0, 4)).toEqual(['name', 'group', 'address', 'url'])
    expect(r).toMatchObject({ name: 'api@10.0.0.2', group: 'api', address: '10.0.0.2' })
    expect(reportTarget(v.targets[1])).toMatchObject({ name: 'api@::1', address: '::1' })
    // A plain target's report is unchanged.
    expect('group' in reportTarget(v.targets[2])).toBe(false)
    expect(headline(v)).toBe('All 3 targets on 9f8e7d6')
  })

  test('count over: undeclared with code count-over; fails, unless allow-undeclared', () => {
    const v = fannedVerdict(ok(['10.0.0.1', '10.0.0.2', '10.0.0.3']), {}, 2)
    const own = v.targets[0]
    expect(own).toMatchObject({
      name: 'api',
      group: 'api',
      status: 'undeclared',
      code: 'count-over',
      reason: 'found 3 instances, 2 declared',
      reported: null,
      expected: null
    })
    expect(own.address).toBeUndefined()
    expect(v.result).toBe('fail')
    expect(headline(v)).toBe(
      'All 4 targets on 9f8e7d6, but api undeclared (found 3 instances, 2 declared)'
    )
    const allowed = fannedVerdict(ok(['10.0.0.1', '10.0.0.2', '10.0.0.3']), {}, 2, true)
    expect(allowed.result).toBe('pass')
    expect(headline(allowed)).toBe(
      'All 4 targets on 9f8e7d6; api undeclared (found 3 instances, 2 declared) allowed'
    )
  })

  test('count short and a stale instance: the headline counts instances and names the group first', () => {
    const v = fannedVerdict(ok(['10.0.0.1', '10.0.0.2']), { 'api@10.0.0.2': B }, 3)
    expect(v.result).toBe('fail')
    expect(headline(v)).toBe(
      '1 of 3 targets not on 9f8e7d6: api missing (found 2 of 3 instances), api@10.0.0.2 stale (runs 1a2b3c4)'
    )
    expect(statusDescription(v)).toBe('1 stale, 1 missing; 2 of 3 targets current')
    expect(roundLine(2, 20_000, v)).toBe(
      'round 2 (20s left): 2/3 current; instances: api 2; stale: api@10.0.0.2 (1a2b3c4); missing: api (found 2 of 3 instances)'
    )
  })

  test('a name that did not resolve: the group alone, missing, code dns, and no target counted', () => {
    const why = reason('dns', 'api.example.com: no such host (NXDOMAIN)')
    const v = fannedVerdict({ ...err(why), attempts: 3, ms: 40 }, {})
    expect(v.targets[0]).toMatchObject({ name: 'api', status: 'missing', code: 'dns', attempts: 3 })
    expect(headline(v)).toBe(
      '1 target on 9f8e7d6, but api missing (api.example.com: no such host (NXDOMAIN))'
    )
    expect(roundLine(1, 0, v)).toBe(
      'round 1 (0s left): 1/1 current; instances: api 0; missing: api (api.example.com: no such host (NXDOMAIN))'
    )
  })

  test('the summary: instances counted a group at the top; failing instances and the group’s own entry listed by status; the rest folded', () => {
    const v = fannedVerdict(ok(['10.0.0.1', '10.0.0.2', '10.0.0.3']), { 'api@10.0.0.3': B }, 4)
    const summary = renderSummary(v)
    expect(summary).toContain('\\\nInstances: `api` 2 of 3 instances current.\n')
    expect(summary).toContain(
      '### ❌ Stale: 1 target on another build\n\n- `api@10.0.0.3` runs `1a2b3c4`\\\n'
    )
    expect(summary).toContain(
      '### ⚠️ Missing: 1 target with no usable report\n\n- `api`: `found 3 of 4 instances`\\\n'
    )
    expect(summary).toContain(
      '<details><summary>3 current targets</summary>\n\n`api@10.0.0.1`, `api@10.0.0.2`, `web`\n'
    )
  })

  test('server text of an instance stays in its one line: no markup, no line break', () => {
    const hostile = '</details>|<img src=x>\n| ✅ current | fake |'
    const api = makeTarget('api', { addresses: 'all' })
    const fan = fanOut([api], new Map([['api.example.com', ok(['10.0.0.1'])]]))
    if (!fan.ok) throw new Error(fan.error)
    const [t] = fan.value.targets
    const v = judge(
      [{ target: t, kind: 'none', code: 'http-status', reason: hostile, attempts: 1, ms: 1 }],
      { kind: 'build', build: A }
    )
    const summary = renderSummary(v)
    expect(summary.split('\n').filter(l => l.startsWith('- '))).toEqual([
      '- `api@10.0.0.1`: `</details>|<img src=x>\\u000a| ✅ current | fake |`\\'
    ])
    const page = marked.parse(summary, { gfm: true, async: false }) as string
    expect(page).not.toMatch(/<(img|table|details)\b|<\/details>/)
  })

  test('a group of many instances: counted at the top, each current one named in the fold', () => {
    const addresses = Array.from({ length: 150 }, (_, i) => `10.0.${i >> 8}.${i & 255}`)
    const v = fannedVerdict(ok(addresses), {})
    const summary = renderSummary(v)
    expect(summary).toContain('Instances: `api` 150 of 150 instances current.')
    expect(summary).toContain('<details><summary>151 current targets</summary>')
    expect(rendered(summary)).toContain('`api@10.0.0.149`, `web`\n')
  })
})
