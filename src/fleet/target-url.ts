// A target's URL: http(s) only, credentials moved to an Authorization header, and what may be
// shown of it (reports are not masked by the runner, so no credentials and no ${VAR} values). Pure.
import { redactor } from '../common/redaction.js'
import { err, ok, type Result } from '../common/result.js'
import { secretForms } from '../common/secrets.js'

export interface HttpUrl {
  /** the URL requested, credentials removed */
  url: string
  /** origin and path: no credentials, no query */
  displayUrl: string
  host: string
  authorization?: string
  /** the user name, the password and user:password, decoded, when the URL has them */
  credentials: string[]
}

/** A target URL, or what is wrong with it. Credentials move to an Authorization header. */
export function parseHttpUrl(text: string): Result<HttpUrl> {
  let u: URL
  try {
    u = new URL(text)
  } catch {
    return err('is not a URL; expected an http:// or https:// URL')
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return err(`is not http(s); expected an http:// or https:// URL`)
  }
  let authorization: string | undefined
  const credentials: string[] = []
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username)
    const password = decodeURIComponent(u.password)
    const pair = `${user}:${password}`
    authorization = `Basic ${Buffer.from(pair).toString('base64')}`
    // A token may be the user name alone (https://TOKEN@host/): both parts are secrets.
    credentials.push(...[user, password, pair].filter(s => s !== '' && s !== ':'))
    u.username = ''
    u.password = ''
  }
  const href = u.href
  const display = `${u.origin}${u.pathname}`
  return ok({
    url: href,
    // One string kept per target when they are the same (no query): 10,000 targets keep both.
    displayUrl: display === href ? href : display,
    host: u.host,
    authorization,
    credentials
  })
}

/**
 * Parses the URLs of one fleet entry, whose ${VAR} values (`envSecrets`) are hidden in the display
 * URL and the host: a ${VAR} in the path would otherwise reach reports, and a host from ${VAR}
 * must not become a name (names reach reports too).
 */
export function entryUrlParser(envSecrets: readonly string[]): (text: string) => Result<HttpUrl> {
  const hide = redactor(secretForms(envSecrets))
  return text => {
    const parsed = parseHttpUrl(text)
    if (!parsed.ok) return parsed
    return ok({
      ...parsed.value,
      displayUrl: hide(parsed.value.displayUrl),
      host: hide(parsed.value.host)
    })
  }
}

/** `headers`, with the URL's credentials as Authorization (in a copy) unless one is set already. */
export function withAuthorization(
  headers: Record<string, string>,
  authorization: string | undefined
): Record<string, string> {
  // No copy without credentials: the targets of a range share their entry's headers, which no
  // one changes once parsed.
  if (!authorization || hasHeader(headers, 'authorization')) return headers
  return { ...headers, Authorization: authorization }
}

/** Whether `headers` has `name` (lower case), in any case. */
function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some(k => k.toLowerCase() === name)
}

/**
 * A url as the user wrote it, minus any user:password@ part, for messages. The credentials end
 * at the last @ before the path (a password may hold an @).
 */
export function redactCredentials(text: string): string {
  return text.replace(/\/\/[^/?#\s]*@/, '//***@')
}
