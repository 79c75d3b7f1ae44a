// The redirect rule as a pure function (src/probe/redirect.ts), and the `redirects` key of the
// fleet file. Another host's answer never speaks for the target unless `redirects: any`; the
// scheme may go from http to https, never back.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { ConfigError } from '../../src/common/errors.js'
import { parseFleet as parseFleetWith } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import { combine } from '../../src/verdict/observation.js'
import { displayForm, redirectDecision } from '../../src/probe/redirect.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

/** Hosts as a URL may carry them: names, IPv4, bracketed IPv6. */
const host = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map(a => `[${a}]`)
)
const port = fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined })
const path = fc.webPath()
const scheme = fc.constantFrom('http:', 'https:')
const policy = fc.constantFrom('same-host' as const, 'any' as const)

const url = (s: string, h: string, p: number | undefined, rest: string) =>
  `${s}//${h}${p === undefined ? '' : `:${p}`}${rest.startsWith('/') ? rest : `/${rest}`}`
const hostnameOf = (h: string) => new URL(`http://${h}/`).hostname

/** Randomly upper-cased, as a server may write a host. */
const casing = (h: string, flips: boolean[]) =>
  [...h].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c)).join('')

describe('redirectDecision: properties', () => {
  test('same-host never follows to another host, and says which host it was', () => {
    fc.assert(
      fc.property(host, host, port, port, path, scheme, (a, b, pa, pb, p, s) => {
        fc.pre(hostnameOf(a) !== hostnameOf(b))
        const from = new URL(url('http:', a, pa, '/version'))
        const location = url(s, b, pb, p)
        const d = redirectDecision(from, location, 302, 'same-host')
        expect(d.follow).toBe(false)
        if (d.follow) return
        const shown = new URL(location).host
        expect(d.reason).toBe(
          `redirected to ${shown}: its answer does not show what this server runs`
        )
        expect(d.url?.hostname).toBe(hostnameOf(b))
      })
    )
  })

  test('on the same host any port and path is followed, whatever the case of the host', () => {
    fc.assert(
      fc.property(
        host,
        port,
        port,
        path,
        fc.array(fc.boolean(), { minLength: 1 }),
        policy,
        fc.constantFrom(
          [303, 'http:', 'http:'],
          [301, 'http:', 'https:'],
          [307, 'https:', 'https:']
        ),
        (h, pa, pb, p, flips, pol, [status, fromScheme, toScheme]) => {
          const from = new URL(url(fromScheme as string, h, pa, '/version'))
          const location = url(toScheme as string, casing(h, flips), pb, p)
          const d = redirectDecision(from, location, status as number, pol)
          expect(d.follow).toBe(true)
          if (!d.follow) return
          expect(d.url.hostname).toBe(from.hostname)
          expect(d.url.href).toBe(new URL(location).href)
        }
      )
    )
  })

  test('https -> http is never followed, on any host, under any policy', () => {
    fc.assert(
      fc.property(host, host, port, port, path, policy, (a, b, pa, pb, p, pol) => {
        const from = new URL(url('https:', a, pa, '/version'))
        const d = redirectDecision(from, url('http:', b, pb, p), 302, pol)
        expect(d.follow).toBe(false)
      })
    )
  })

  test('any follows to another host (but not from https to http)', () => {
    fc.assert(
      fc.property(host, host, port, port, path, scheme, scheme, (a, b, pa, pb, p, s1, s2) => {
        fc.pre(!(s1 === 'https:' && s2 === 'http:'))
        const d = redirectDecision(new URL(url(s1, a, pa, '/')), url(s2, b, pb, p), 302, 'any')
        expect(d.follow).toBe(true)
      })
    )
  })

  test('credentials in a Location are never kept, nor shown', () => {
    const userinfo = fc.tuple(
      fc.stringMatching(/^[a-z0-9]{1,12}$/),
      fc.stringMatching(/^[A-Za-z0-9]{4,16}$/)
    )
    fc.assert(
      fc.property(host, host, port, userinfo, policy, (a, b, pb, [user, pass], pol) => {
        const from = new URL(url('http:', a, undefined, '/'))
        const location = url('http:', `${user}:${pass}@${b}`, pb, '/v')
        const d = redirectDecision(from, location, 302, pol)
        const next = d.url
        if (next) {
          expect(next.username).toBe('')
          expect(next.password).toBe('')
          expect(displayForm(next)).not.toContain(`${user}:${pass}`)
        }
        if (!d.follow) expect(d.reason).not.toContain(`${user}:${pass}@`)
      })
    )
  })

  test('a protocol-relative Location keeps the scheme and is judged by its host', () => {
    fc.assert(
      fc.property(host, host, port, path, scheme, (a, b, pb, p, s) => {
        const from = new URL(url(s, a, undefined, '/version'))
        const d = redirectDecision(from, url('', b, pb, p), 302, 'same-host')
        expect(d.follow).toBe(hostnameOf(a) === hostnameOf(b))
        expect(d.url?.protocol).toBe(s)
      })
    )
  })
})

describe('redirectDecision: cases', () => {
  const from = new URL('http://api.example.com:8080/version')

  test.each<[string, string, string | null]>([
    ['another name', 'https://lb.example.com/version', 'lb.example.com'],
    ['a subdomain', 'http://eu.api.example.com:8080/version', 'eu.api.example.com:8080'],
    ['a protocol-relative URL', '//other.example/x', 'other.example'],
    ['userinfo', 'http://user:pass@other/', 'other'],
    ['an IPv4 address of the same machine', 'http://10.0.0.5:8080/version', '10.0.0.5:8080'],
    ['an IPv6 literal', 'http://[2001:DB8::1]:9000/v', '[2001:db8::1]:9000'],
    [
      'a trailing dot (another name to URL)',
      'http://api.example.com.:8080/v',
      'api.example.com.:8080'
    ],
    ['same host, other port', 'http://api.example.com:9090/version', null],
    ['same host, https, default port', 'https://API.Example.COM/version', null],
    ['a relative path', '../v2/version?x=1', null],
    ['an absolute path', '/v2/version', null]
  ])('%s', (_, location, refusedHost) => {
    const d = redirectDecision(from, location, 302)
    if (refusedHost === null) expect(d.follow).toBe(true)
    else
      expect(d).toMatchObject({
        follow: false,
        code: 'redirect-other-host',
        reason: `redirected to ${refusedHost}: its answer does not show what this server runs`
      })
  })

  test('the other refusals are as before', () => {
    const refused = (reason: string) => ({ follow: false, code: 'redirect-refused', reason })
    expect(redirectDecision(from, undefined, 301)).toEqual(
      refused('HTTP 301 without a Location header')
    )
    expect(redirectDecision(from, 'http://[zz', 302)).toEqual(
      refused('HTTP 302 redirect to an invalid URL')
    )
    expect(redirectDecision(from, 'file:///etc/passwd', 302, 'any')).toEqual(
      refused('redirect to a non-http(s) URL refused')
    )
    expect(
      redirectDecision(new URL('https://a.example/'), 'http://a.example/', 302, 'any')
    ).toEqual(refused('redirect from https to http refused'))
  })

  test('the first of several Location headers counts; no policy means same-host', () => {
    expect(redirectDecision(from, ['http://other/', '/ok'], 302).follow).toBe(false)
    expect(redirectDecision(from, ['/ok', 'http://other/'], 302).follow).toBe(true)
  })

  test('displayForm: origin and path, no credentials, query or fragment', () => {
    expect(displayForm(new URL('https://u:p@Host.Example:443/a/b?fleet-check=1&t=2#f'))).toBe(
      'https://host.example/a/b'
    )
    expect(displayForm(new URL('http://[0:0:0:0:0:0:0:1]:8080/'))).toBe('http://[::1]:8080/')
  })
})

describe('the redirects key of the fleet file', () => {
  const options = { timeoutMs: 10_000, headers: {}, samples: 1, cacheBust: false, env: {} }
  /** The fleet, or a ConfigError with its problems (as settings.ts throws it). */
  const parse = (text: string) => {
    const r = parseFleet(text, { label: 'input `targets`' }, options)
    if (!r.ok) throw new ConfigError(r.error)
    return r.value
  }

  test('absent: no policy on the target (same-host)', () => {
    expect(parse('- https://a.example/version').targets[0].redirects).toBeUndefined()
  })

  test('in defaults and per target; the target wins', () => {
    const fleet = parse(
      [
        'defaults:',
        '  redirects: any',
        'targets:',
        '  - https://a.example/version',
        '  - url: https://b.example/version',
        '    redirects: " Same-Host "'
      ].join('\n')
    )
    expect(fleet.targets.map(t => t.redirects)).toEqual(['any', 'same-host'])
  })

  test.each([
    ['a target', '- url: https://a.example/v\n  redirects: follow', 'targets[0].redirects', 2],
    [
      'defaults',
      'defaults:\n  redirects: yes\ntargets:\n  - https://a.example/v',
      'defaults.redirects',
      2
    ]
  ])('a bad value in %s quotes it and says what is expected', (_, text, key, line) => {
    let error: unknown
    try {
      parse(text)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const value = text.includes('follow') ? 'follow' : 'yes'
    expect((error as ConfigError).message).toBe(
      `input \`targets\`, line ${line}: ${key}: "${value}" is not valid; expected "same-host" (a redirect may change the scheme to https, the port and the path, not the host) or "any"`
    )
  })

  test('a misspelt key gets a suggestion', () => {
    expect(() => parse('- url: https://a.example/v\n  redirect: any')).toThrow(
      /unknown key "redirect"; did you mean "redirects"\?/
    )
  })
})

describe('finalUrl under samples: from the sample the verdict shows', () => {
  type Sample = Parameters<typeof combine>[0][number]
  const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
  const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'
  const at = (finalUrl?: string) => (finalUrl ? { finalUrl } : {})
  const ok = (build: string, finalUrl?: string): Sample => ({
    kind: 'reported',
    build,
    ...at(finalUrl),
    attempts: 1
  })
  const failed = (reason: string, finalUrl?: string): Sample => ({
    kind: 'none',
    code: 'redirect-other-host',
    reason,
    ...at(finalUrl),
    attempts: 1
  })

  test('agreeing samples: the first that reported', () => {
    expect(combine([ok(A), ok(A, 'http://a/2'), ok(A)])).toEqual({
      kind: 'reported',
      build: A,
      finalUrl: 'http://a/2'
    })
    expect(combine([ok(A, 'http://a/1'), ok(A, 'http://a/2')])).toMatchObject({
      finalUrl: 'http://a/1'
    })
  })

  test('a failed sample: the one whose reason is given', () => {
    const refused = 'redirected to lb:80: its answer does not show what this server runs'
    expect(combine([ok(A), failed(refused, 'http://lb/version')])).toEqual({
      kind: 'none',
      code: 'samples-failed',
      reason: `1 of 2 samples: ${refused}`,
      finalUrl: 'http://lb/version'
    })
    expect(combine([failed('connection refused'), ok(A, 'http://a/')])).toEqual({
      kind: 'none',
      code: 'samples-failed',
      reason: '1 of 2 samples: connection refused'
    })
  })

  test('disagreeing samples: the first that reported', () => {
    expect(combine([ok(A, 'http://a/'), ok(B, 'http://b/')])).toMatchObject({
      builds: [A, B],
      finalUrl: 'http://a/'
    })
  })

  test('no redirect anywhere: no finalUrl key', () => {
    expect('finalUrl' in combine([ok(A), ok(A)])).toBe(false)
  })
})
