// Every text a secret can show up as once a request, a proxy or a server has handled it: the value
// itself, the credentials of an auth scheme ("Bearer x" echoed as "x"), the user name and password
// inside Basic, each line of a multi-line value, and its URL, form and base64 encodings. Each form
// is masked in the log and redacted from reports. Pure.

/** `<scheme> <credentials>` as in RFC 9110: the scheme is a token, then spaces. */
const SCHEME = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]+(\S(?:[\s\S]*\S)?)$/
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

export function secretForms(values: readonly string[]): string[] {
  const forms = new Set<string>()
  const seen = new Set<string>()
  for (const value of values) expand(value, forms, seen, true)
  forms.delete('')
  return [...forms]
}

function expand(value: string, forms: Set<string>, seen: Set<string>, split: boolean): void {
  if (value === '' || seen.has(`${split}${value}`)) return
  seen.add(`${split}${value}`)
  for (const encoded of encodings(value)) forms.add(encoded)
  const trimmed = value.trim()
  if (trimmed !== value) expand(trimmed, forms, seen, split)
  // The runner's log is masked line by line.
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) expand(line.trim(), forms, seen, split)
  }
  const m = split ? SCHEME.exec(trimmed) : null
  if (!m) return
  const credentials = m[2]
  expand(credentials, forms, seen, true)
  if (m[1].toLowerCase() === 'basic') basic(credentials, forms, seen)
}

/** Basic credentials: base64 of user:password. Each part, and the pair, is a secret. */
function basic(credentials: string, forms: Set<string>, seen: Set<string>): void {
  if (!BASE64.test(credentials)) return
  const bytes = Buffer.from(credentials, 'base64')
  const decoded = bytes.toString('utf8')
  // Not text: nothing a server could echo decoded.
  if (decoded === '' || decoded.includes('\ufffd')) return
  expand(decoded, forms, seen, false)
  const colon = decoded.indexOf(':')
  if (colon >= 0) {
    expand(decoded.slice(0, colon), forms, seen, false)
    expand(decoded.slice(colon + 1), forms, seen, false)
  }
  // The same bytes in the other spellings of base64.
  const standard = bytes.toString('base64')
  forms.add(standard)
  forms.add(standard.replace(/=+$/, ''))
  forms.add(bytes.toString('base64url'))
}

/** How a value reads once encoded into a URL, a form body or a query. */
function encodings(value: string): string[] {
  const out: string[] = [value]
  // encodeURI* throw on a lone surrogate, which no URL can carry anyway.
  const attempt = (form: () => string) => {
    try {
      out.push(form())
    } catch {
      // not representable
    }
  }
  attempt(() => encodeURIComponent(value))
  attempt(() => encodeURIComponent(value).replace(/%20/g, '+'))
  attempt(() => encodeURI(value))
  out.push(new URLSearchParams([['', value]]).toString().slice(1))
  // As the URL parser spells it in a user name, a path and a query, when that is lossless.
  out.push(...whatwgForms(value))
  // Percent-encoding is case-insensitive: a server may echo %2f for %2F.
  const lower = out.map(s => s.replace(/%[0-9A-F]{2}/g, h => h.toLowerCase()))
  return [...out, ...lower]
}

function whatwgForms(value: string): string[] {
  const forms: string[] = []
  const attempt = (form: () => string) => {
    try {
      forms.push(form())
    } catch {
      // not representable there
    }
  }
  attempt(() => {
    const u = new URL('http://h/')
    u.username = value
    return u.username
  })
  attempt(() => new URL(`http://h/${value}`).pathname.slice(1))
  attempt(() => new URL(`http://h/?${value}`).search.slice(1))
  return forms.filter(f => {
    try {
      return f !== '' && decodeURIComponent(f) === value
    } catch {
      return false
    }
  })
}
