// Redaction as one pure rule: every form a secret can take is found (secretForms), and every
// occurrence of every one is replaced (redactor), whatever its length and however they overlap.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { secretForms } from '../../src/common/secrets.js'
import { MASK, redact } from '../../src/common/redaction.js'
import { redactVerdict } from '../../src/report/redact.js'
import type { Verdict } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from './fixtures.js'

/** Secrets without `*` (the mask is made of them) and never empty. */
const secret = fc.string({ minLength: 1, maxLength: 6 }).filter(s => !s.includes('*'))
const secrets = fc.array(secret, { maxLength: 5 })
/** Text that often contains the secrets: built from them, pieces of them and other text. */
function textWith(list: string[]) {
  const pieces = [fc.string({ maxLength: 5 }), ...list.map(s => fc.constant(s))]
  const parts = list.map(s => fc.nat(s.length).map(n => s.slice(0, n)))
  return fc.array(fc.oneof(...pieces, ...parts), { maxLength: 12 }).map(a => a.join(''))
}
const textAndSecrets = secrets.chain(list => fc.tuple(textWith(list), fc.constant(list)))

describe('redact', () => {
  test('no secret occurs in the result, whatever its length or overlaps', () => {
    fc.assert(
      fc.property(textAndSecrets, ([text, list]) => {
        const out = redact(text, list)
        for (const s of list) expect(out.includes(s)).toBe(false)
      }),
      { numRuns: 2000 }
    )
  })

  test('is idempotent', () => {
    fc.assert(
      fc.property(textAndSecrets, ([text, list]) => {
        const once = redact(text, list)
        expect(redact(once, list)).toBe(once)
      }),
      { numRuns: 2000 }
    )
  })

  test('keeps all other text: every part between masks is a piece of the original', () => {
    fc.assert(
      fc.property(textAndSecrets, ([raw, list]) => {
        const text = raw.replace(/\*/g, '')
        for (const part of redact(text, list).split(MASK)) expect(text.includes(part)).toBe(true)
      })
    )
  })

  test('text without any secret comes back unchanged', () => {
    fc.assert(
      fc.property(fc.string(), secrets, (text, list) => {
        fc.pre(list.every(s => !text.includes(s)))
        expect(redact(text, list)).toBe(text)
      })
    )
  })

  test.each([
    ['abcd', ['abc', 'bcd'], '***'],
    ['xabcdy', ['bcd', 'abc'], 'x***y'],
    ['token-12345 and token-1', ['token-1', 'token-12345'], '*** and ***'],
    ['aaa', ['aa'], '***'],
    ['abab', ['ab'], '***'],
    ['a-b', ['a', 'b'], '***-***'],
    ['HTTP 401 from 10.0.0.1', ['1'], 'HTTP 40*** from ***0.0.0.***'],
    ['Xy', ['xy'], 'Xy']
  ])('%j with %j gives %j', (text, list, expected) => {
    expect(redact(text, list)).toBe(expected)
  })
})

describe('secretForms', () => {
  const token = fc.string({ minLength: 1, maxLength: 20 }).filter(s => /^\S+$/.test(s))
  const schemes = fc.constantFrom('Bearer', 'bearer', 'token', 'Token', 'ApiKey', 'Digest', 'X')

  test('the credentials of any `<scheme> <credentials>` are a secret on their own', () => {
    fc.assert(
      fc.property(schemes, token, (scheme, t) => {
        const forms = secretForms([`${scheme} ${t}`])
        expect(forms).toContain(`${scheme} ${t}`)
        expect(forms).toContain(t)
      })
    )
  })

  test('Basic: the decoded user:password, the user and the password are secrets', () => {
    const part = fc.string({ minLength: 1, maxLength: 12 }).filter(s => !s.includes(':'))
    fc.assert(
      fc.property(part, part, (user, password) => {
        fc.pre(!/\uFFFD|[\ud800-\udfff]/.test(user + password))
        const b64 = Buffer.from(`${user}:${password}`).toString('base64')
        const forms = secretForms([`Basic ${b64}`])
        for (const s of [b64, `${user}:${password}`, user, password]) {
          if (s.trim() !== '') expect(forms).toContain(s.trim() === s ? s : s.trim())
        }
        expect(forms).toContain(b64.replace(/=+$/, ''))
      })
    )
  })

  test('each value as a URL component, a form field (+ for space) and in lower-case hex', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), v => {
        fc.pre(!/[\ud800-\udfff]/.test(v))
        const forms = secretForms([v])
        expect(forms).toContain(v)
        const component = encodeURIComponent(v)
        expect(forms).toContain(component)
        expect(forms).toContain(component.replace(/%20/g, '+'))
        expect(forms).toContain(new URLSearchParams({ k: v }).toString().slice(2))
        expect(forms).toContain(component.replace(/%[0-9A-F]{2}/g, h => h.toLowerCase()))
      })
    )
  })

  test('a server echoing any form of a bearer token leaves nothing of it once redacted', () => {
    const echo = fc.constantFrom<(t: string) => string>(
      t => t,
      t => encodeURIComponent(t),
      t => encodeURIComponent(t).replace(/%20/g, '+'),
      t => new URLSearchParams({ k: t }).toString().slice(2),
      t => `Bearer ${t}`,
      t => `your token is "${t}".`
    )
    fc.assert(
      fc.property(token, echo, (t, form) => {
        fc.pre(!/[\ud800-\udfff*]/.test(t))
        const out = redact(`echo: ${form(t)}`, secretForms([`Bearer ${t}`]))
        expect(out).not.toContain(t)
        expect(out).not.toContain(encodeURIComponent(t))
      })
    )
  })

  test('multi-line values: each line is a secret (the runner masks line by line)', () => {
    expect(secretForms(['line-one\nline-two'])).toEqual(
      expect.arrayContaining(['line-one\nline-two', 'line-one', 'line-two'])
    )
  })

  test('a URL user name alone (https://TOKEN@host/) becomes Basic TOKEN: and is found', () => {
    const forms = secretForms([`Basic ${Buffer.from('tok3n:').toString('base64')}`])
    expect(forms).toContain('tok3n')
    expect(forms).toContain('tok3n:')
  })

  test('no empty form, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), values => {
        expect(secretForms(values)).not.toContain('')
      })
    )
  })
})

describe('redactVerdict', () => {
  test('no secret in any text of the verdict, for secrets of any length', () => {
    fc.assert(
      fc.property(textAndSecrets, ([text, list]) => {
        const v = redactVerdict(
          verdictOf(
            [
              targetVerdict(`n${text}`, 'stale', {
                url: `https://h/${text}`,
                reported: text,
                expected: `e${text}`,
                reason: `r ${text}`,
                builds: [text],
                cache: { 'x-cache': text }
              })
            ],
            { expected: text, consensus: true, groups: [{ build: text, targets: [text] }] }
          ),
          list
        )
        for (const s of list) {
          for (const value of texts(v)) expect(value.includes(s)).toBe(false)
        }
      }),
      { numRuns: 500 }
    )
  })
})

/** Every text field of a verdict (status and result are fixed words, not text). */
function texts(v: Verdict): string[] {
  return [
    v.expected ?? '',
    ...v.groups.flatMap(g => [g.build, ...g.targets]),
    ...v.targets.flatMap(t => [
      t.name,
      t.url,
      t.reported ?? '',
      t.expected ?? '',
      t.reason ?? '',
      ...('builds' in t ? t.builds : []),
      ...Object.values(('cache' in t && t.cache) || {}).map(x => x ?? '')
    ])
  ]
}
