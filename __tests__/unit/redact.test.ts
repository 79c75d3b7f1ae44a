import { describe, expect, test } from '@jest/globals'
import { redactVerdict } from '../../src/report/redact.js'
import type { TargetVerdict, Verdict } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from './fixtures.js'

const SECRET = 's3cr3t-token'

/** A verdict with the secret in every field that can carry text from a server or a config. */
function leaky(secret = SECRET): Verdict {
  return verdictOf(
    [
      targetVerdict(`api-${secret}`, 'stale', {
        url: 'https://api.example.com/version',
        reported: `build-${secret}`,
        expected: `main-${secret}`,
        reason: `reports build-${secret}; expected main-${secret}`,
        cache: { age: '5', 'x-cache': `HIT from ${secret}` }
      }),
      targetVerdict('mixed', 'mixed', {
        reported: null,
        builds: [`a-${secret}`, 'b'],
        reason: `samples disagree: 1× a-${secret}, 1× b`
      }),
      targetVerdict('gone', 'missing', { reason: `HTTP 401: bad token ${secret} ${secret}` })
    ],
    {
      expected: `main-${secret}`,
      consensus: true,
      groups: [{ build: `build-${secret}`, targets: [`api-${secret}`, 'web'] }]
    }
  )
}

describe('redactVerdict', () => {
  test('every occurrence of a secret in every text field becomes ***', () => {
    const v = redactVerdict(leaky(), [SECRET])
    expect(v).toEqual(
      verdictOf(
        [
          targetVerdict('api-***', 'stale', {
            url: 'https://api.example.com/version',
            reported: 'build-***',
            expected: 'main-***',
            reason: 'reports build-***; expected main-***',
            cache: { age: '5', 'x-cache': 'HIT from ***' }
          }),
          targetVerdict('mixed', 'mixed', {
            reported: null,
            builds: ['a-***', 'b'],
            reason: 'samples disagree: 1× a-***, 1× b'
          }),
          targetVerdict('gone', 'missing', { reason: 'HTTP 401: bad token *** ***' })
        ],
        {
          expected: 'main-***',
          consensus: true,
          groups: [{ build: 'build-***', targets: ['api-***', 'web'] }]
        }
      )
    )
    expect(JSON.stringify(v)).not.toContain(SECRET)
  })

  test('keeps the other fields as they are', () => {
    const input = leaky()
    input.rounds = { count: 4, passesInARow: 1, required: 2 }
    input.allowUndeclared = true
    const v = redactVerdict(input, [SECRET])
    expect(v.rounds).toEqual({ count: 4, passesInARow: 1, required: 2 })
    expect(v.allowUndeclared).toBe(true)
    expect(v.result).toBe('fail')
    expect(v.targets.map(t => [t.url, t.status, t.attempts, t.ms])).toEqual([
      ['https://api.example.com/version', 'stale', 1, 5],
      ['https://mixed.example.com/version', 'mixed', 1, 5],
      ['https://gone.example.com/version', 'missing', 1, 5]
    ])
  })

  test('nulls stay null and no builds or cache key appears where there was none', () => {
    const input = verdictOf([targetVerdict('a', 'missing', { reason: null, expected: null })], {
      expected: null
    })
    const v = redactVerdict(input, [SECRET])
    expect(v.expected).toBeNull()
    expect(v.targets[0]).toEqual(input.targets[0])
    expect(Object.keys(v.targets[0])).toEqual(Object.keys(input.targets[0]))
  })

  test('several secrets are all replaced', () => {
    const input = verdictOf([
      targetVerdict('a', 'missing', { reason: 'user alice:hunter22 with key AKIA1234' })
    ])
    expect(redactVerdict(input, ['hunter22', 'AKIA1234']).targets[0].reason).toBe(
      'user alice:*** with key ***'
    )
  })

  test('secrets of any length are redacted, however short (issue 8)', () => {
    const input = verdictOf([
      targetVerdict('a', 'missing', { reason: 'HTTP 401: abc rejected; token 1234 rejected' })
    ])
    const v = redactVerdict(input, ['abc', '1', '1234'])
    expect(v.targets[0].reason).toBe('HTTP 40***: *** rejected; token *** rejected')
  })

  test('only empty secrets: nothing to do, the same object back', () => {
    const input = leaky('abc')
    expect(redactVerdict(input, ['', ''])).toBe(input)
  })

  test('a longer secret is replaced before a shorter one it contains', () => {
    const input = verdictOf([
      targetVerdict('a', 'missing', { reason: 'sent Bearer tok-12345 and tok-1' })
    ])
    // shorter first in the list: without ordering, "tok-12345" would leave "***2345"
    const v = redactVerdict(input, ['tok-1', 'tok-12345'])
    expect(v.targets[0].reason).toBe('sent Bearer *** and ***')
  })

  test('duplicate secrets are fine', () => {
    const input = verdictOf([targetVerdict('a', 'missing', { reason: `a ${SECRET} b` })])
    expect(redactVerdict(input, [SECRET, SECRET]).targets[0].reason).toBe('a *** b')
  })

  test('the input verdict is not changed', () => {
    const input = leaky()
    const before = structuredClone(input)
    const v = redactVerdict(input, [SECRET])
    expect(input).toEqual(before)
    expect(v).not.toBe(input)
    expect(v.targets[0]).not.toBe(input.targets[0])
    const cacheOf = (t: TargetVerdict) => ('cache' in t ? t.cache : undefined)
    const buildsOf = (t: TargetVerdict) => ('builds' in t ? t.builds : undefined)
    expect(cacheOf(input.targets[0])).toBeDefined()
    expect(cacheOf(v.targets[0])).not.toBe(cacheOf(input.targets[0]))
    expect(buildsOf(input.targets[1])).toBeDefined()
    expect(buildsOf(v.targets[1])).not.toBe(buildsOf(input.targets[1]))
    expect(v.groups[0]).not.toBe(input.groups[0])
  })

  test('no secrets: the same object back', () => {
    const input = leaky()
    expect(redactVerdict(input, [])).toBe(input)
  })

  test('secrets that occur nowhere change no text', () => {
    const input = leaky()
    expect(redactVerdict(input, ['not-in-there'])).toEqual(input)
  })
})

test('a secret in a url (a header value echoed into a path) is redacted too', () => {
  const v = redactVerdict(
    verdictOf([
      targetVerdict('a', 'current', { url: 'https://a.example.com/k/s3cr3t-path/version' })
    ]),
    ['s3cr3t-path']
  )
  expect(v.targets[0].url).toBe('https://a.example.com/k/***/version')
})
