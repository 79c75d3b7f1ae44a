// Why a target is not current, as a word a program can branch on. Every prose reason comes with
// one of these codes: the code says which kind of failure, the prose says the rest (which host,
// which field, how long). Codes are part of the `report` output: add new ones, never rename one.

export const REASON_CODES = [
  // asking the target
  'timeout', // no answer (or no whole answer) within the target's timeout
  'refused', // connection refused
  'reset', // the connection was reset or closed by the server
  'dns', // the host name did not resolve
  'unreachable', // host or network unreachable, no local address
  'tls', // a certificate or TLS problem (not retried: it persists)
  'request-failed', // any other error of the request
  // its answer
  'http-status', // an HTTP status other than 2xx
  'too-large', // a body over 1 MiB, as sent or once decoded
  'headers-too-large', // response headers over Node's limit
  'invalid-response', // not valid HTTP
  'decode', // a Content-Encoding that is unknown, stacked too deep, or corrupt
  'redirect-other-host', // a redirect to another host, refused under `redirects: same-host`
  'redirect-refused', // a redirect not followed: no Location, a bad URL, https to http, too many
  // reading the build out of the answer
  'no-build', // nothing found: no field, no header, no match, an empty body
  'not-json', // the body is not JSON where JSON was expected
  'not-a-build', // something found that is no build: a mapping, a list, an HTML page, too long
  'inexact-number', // a JSON number whose digits cannot be read exactly
  'placeholder', // a value servers report when they do not know their build ("unknown", null)
  'regex-timeout', // the regex ran past the target's timeout
  // comparing builds
  'not-a-commit', // a commit is expected and the target reports something else (a version)
  'stale', // another build than the expected one
  'no-consensus', // under consensus, no build has a majority
  'samples-disagree', // the samples of one target saw different builds
  'samples-failed', // some or all samples of one target had no report
  // the target's `checks` (the build is compared too; its code comes first)
  'check-stale', // a check reports another value than expected, or, under consensus, no value has a majority
  'check-missing', // a check's value cannot be read from the answer, or is a placeholder
  'check-mixed', // the samples of one target saw different values of a check
  // instances behind one name (`addresses: all`)
  'count-short', // fewer instances than the entry's `count` (status missing)
  'count-over', // more instances than the entry's `count` (status undeclared)
  // the pods of a `kubernetes` target
  'kube-api', // the API server did not list the pods, or refused the pod proxy (401/403)
  'not-ready', // the pod is not Ready (Pending, CrashLoopBackOff…): not asked
  'no-port', // the pod has no container port of the `port` name
  'no-digest', // report: image, and the container runs no image digest yet (or is not found)
  // other sources of a verdict
  'not-in-reports-file', // a declared target the reports-file has no entry for
  'undeclared', // a reports-file entry no target declares
  'cancelled' // not checked: the run was cancelled
] as const

export type ReasonCode = (typeof REASON_CODES)[number]

/** Codes of a target that did report something, which the comparison then refused. */
type ComparedCode =
  | 'not-a-commit'
  | 'stale'
  | 'no-consensus'
  | 'samples-disagree'
  | 'undeclared'
  | 'count-over'
  | CheckCode

/** Codes of a target whose build may be fine, but not one of its checks. */
export type CheckCode = 'check-stale' | 'check-missing' | 'check-mixed'

/** Codes of a target without a usable report: every code but the comparisons'. */
export type NoReportCode = Exclude<ReasonCode, ComparedCode>

/** Why there is no usable report: a code to branch on, prose to read. */
export interface Reason {
  code: NoReportCode
  reason: string
}

export function reason(code: NoReportCode, text: string): Reason {
  return { code, reason: text }
}
