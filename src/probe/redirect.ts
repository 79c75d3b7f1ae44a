// Whether to follow one redirect. Pure. Another host's answer does not show what the target
// runs (an instance sending /version on to the name behind the load balancer answers with
// whichever server that reaches), so by default a redirect stays on the target's host.

import type { RedirectPolicy } from '../fleet/target.js'
import type { Reason } from '../verdict/reason.js'

export type RedirectDecision =
  | { follow: true; url: URL }
  /** `url`: the refused Location, for the report, when it was refused for its host */
  | ({ follow: false; url?: URL } & Reason)

export function redirectDecision(
  from: URL,
  location: string | string[] | undefined,
  status: number,
  policy: RedirectPolicy = 'same-host'
): RedirectDecision {
  const loc = Array.isArray(location) ? location[0] : location
  if (!loc) return refuse(`HTTP ${status} without a Location header`)
  let next: URL
  try {
    next = new URL(loc, from)
  } catch {
    return refuse(`HTTP ${status} redirect to an invalid URL`)
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    return refuse('redirect to a non-http(s) URL refused')
  // Credentials in a Location are the server's, never sent on.
  next.username = ''
  next.password = ''
  // URL has lowercased the host and put IPv6 literals in one form, so plain equality holds.
  if (policy === 'same-host' && next.hostname !== from.hostname) {
    return {
      follow: false,
      code: 'redirect-other-host',
      reason: `redirected to ${next.host}: its answer does not show what this server runs`,
      url: next
    }
  }
  if (from.protocol === 'https:' && next.protocol === 'http:')
    return refuse('redirect from https to http refused')
  return { follow: true, url: next }
}

function refuse(reason: string): RedirectDecision {
  return { follow: false, code: 'redirect-refused', reason }
}

/** A URL as reports show it: no credentials, no query (where cache-bust and tokens live). */
export function displayForm(url: URL): string {
  return `${url.origin}${url.pathname}`
}
