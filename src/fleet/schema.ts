// The fleet document's shape. YAML is read with the failsafe schema, so every scalar arrives as
// text ("0123456" stays a string, not the number 123456) and each key converts its own text.
import * as v from 'valibot'
import { didYouMean } from '../common/did-you-mean.js'
import { quote } from '../common/errors.js'
import { err, ok, type Result } from '../common/result.js'
import {
  checkAddresses,
  checkBoolean,
  checkDuration,
  checkHeaderName,
  checkHeaderValue,
  checkInstanceCount,
  checkJsonPath,
  checkSamples,
  describeInvalid,
  type Invalid
} from '../common/values.js'
import { checkBuild } from '../build/build-id.js'
import { checkCheckExpected, checkCheckName, type Named } from './checks.js'
import { checkRedirects } from './target.js'
import type { Path, Problem } from './yaml-positions.js'

export function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (value !== null && typeof value === 'object') return 'a mapping'
  return `the text ${quote(value)}`
}

const text = v.string(issue => `expected text, got ${kindOf(issue.input)}`)

/** Text converted by one of the shared validators; a failure quotes the text. */
function checked<T>(check: (s: string) => Result<T, Invalid>) {
  return v.pipe(
    text,
    v.rawTransform<string, T>(({ dataset, addIssue, NEVER }) => {
      const r = check(dataset.value)
      if (r.ok) return r.value
      addIssue({ message: describeInvalid(dataset.value, r.error) })
      return NEVER
    })
  )
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** A mapping: valibot would take a list for an object with keys "0", "1"… */
const aMapping = (what: string) =>
  v.custom<Record<string, unknown>>(
    isMapping,
    issue => `expected ${what}, got ${kindOf(issue.input)}`
  )

const headers = v.pipe(
  v.custom<Record<string, unknown>>(
    isMapping,
    // Text here is likely "Name: secret": say what it is without quoting it.
    issue =>
      `expected a mapping of header names to values, got ${typeof issue.input === 'string' ? 'text' : kindOf(issue.input)}`
  ),
  // Every entry, by hand: valibot's record skips the keys __proto__, prototype and constructor,
  // and a header of that name would be dropped without a word.
  v.rawTransform<Record<string, unknown>, Record<string, string>>(({ dataset, addIssue }) => {
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(dataset.value)) {
      const at: [v.ObjectPathItem] = [keyPath(dataset.value, name)]
      if (typeof value !== 'string') {
        addIssue({ path: at, message: `expected text, got ${kindOf(value)}` })
        continue
      }
      const n = checkHeaderName(name)
      const h = checkHeaderValue(value)
      if (!n.ok) {
        addIssue({ path: at, message: `${quote(name)} is not valid; expected ${n.error.expected}` })
      } else if (!h.ok || h.value === '') {
        // Never quote a header value: it may be a secret.
        addIssue({ path: at, message: 'expected a non-empty value on one line' })
      } else {
        Object.defineProperty(out, name, {
          value: h.value,
          enumerable: true,
          writable: true,
          configurable: true
        })
      }
    }
    return out
  })
)

/** A path item for an issue about `key` of `record`. */
function keyPath(record: Record<string, unknown>, key: string): v.ObjectPathItem {
  return { type: 'object', origin: 'value', input: record, key, value: record[key] }
}

const shared = {
  expected: v.optional(checked(checkBuild)),
  json: v.optional(checked(checkJsonPath)),
  header: v.optional(checked(checkHeaderName)),
  // Text here: parse.ts compiles it with the RE2 engine, which is loaded only when needed.
  regex: v.optional(text),
  headers: v.optional(headers),
  timeout: v.optional(checked(checkDuration)),
  samples: v.optional(checked(checkSamples)),
  'cache-bust': v.optional(checked(checkBoolean)),
  redirects: v.optional(checked(checkRedirects)),
  addresses: v.optional(checked(checkAddresses)),
  count: v.optional(checked(checkInstanceCount))
}

/** How a build is read from an answer: a mapping sets at most one of them. */
export const EXTRACTION_KEYS = ['json', 'header', 'regex'] as const

/**
 * At most one of json, header, regex; exactly one for a check (`required`), which has no
 * well-known fields to fall back on.
 */
function extractionKeys<T extends Record<string, unknown>>(required: boolean) {
  const expected = required ? 'exactly one' : 'at most one'
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const given = EXTRACTION_KEYS.filter(k => dataset.value[k] !== undefined)
    if (given.length > 1) {
      addIssue({
        path: [keyPath(dataset.value, given[1])],
        message: `sets ${given.join(' and ')}; expected ${expected} of json, header, regex`
      })
    } else if (given.length === 0 && required) {
      addIssue({
        message:
          'sets none of json, header, regex; expected exactly one of them (how the check reads its value from the answer)'
      })
    }
  })
}

/**
 * A check: exactly one of json, header and regex (how its value is read), and what the value
 * must be.
 */
const checkEntries = {
  json: shared.json,
  header: shared.header,
  regex: shared.regex,
  expected: checked(checkCheckExpected)
}

/** One check of `checks`, as parse.ts reads it (regex and ${VAR}s still text). */
export type CheckEntry = v.InferOutput<typeof checkObject>

/** `expected` as a strict object's issue names it, and the same for a missing one. */
const CHECK_EXPECTED = 'a value the check must report, or consensus'

/** An issue about a mapping's key itself (a bad check name): its line is the key's. */
const KEY_ISSUE = 'key'

/** YAML's null, as the failsafe schema leaves it: text. In a target it drops a default check. */
const isNull = (value: unknown) =>
  value === null || (typeof value === 'string' && /^(null|Null|NULL|~|)$/.test(value))

/**
 * `checks`: check names to checks, every entry by hand (valibot's record skips the keys
 * constructor and prototype, which are valid names). `drop`: a target's, where null drops the
 * default of that name.
 */
function checksSchema<Drop extends boolean>(drop: Drop) {
  type Out = Named<Drop extends true ? CheckEntry | null : CheckEntry>[]
  return v.pipe(
    aMapping(
      'a mapping of check names to checks, such as config: { json: config.sha, expected: consensus }'
    ),
    v.rawTransform<Record<string, unknown>, Out>(({ dataset, addIssue }) => {
      const out: Named<CheckEntry | null>[] = []
      for (const [name, value] of Object.entries(dataset.value)) {
        const at = keyPath(dataset.value, name)
        const n = checkCheckName(name)
        if (!n.ok) {
          addIssue({ path: [at], expected: KEY_ISSUE, message: describeInvalid(name, n.error) })
        } else if (isNull(value) && drop) {
          out.push({ name, check: null })
        } else if (isNull(value)) {
          addIssue({
            path: [at],
            message:
              'null drops a check of defaults in a target; in defaults, expected a check (a mapping with json, header or regex, and expected)'
          })
        } else {
          const r = v.safeParse(checkSchema, value)
          if (r.success) out.push({ name, check: r.output })
          // The check's own issues, at their keys under the check's name.
          for (const issue of r.success ? [] : r.issues) {
            addIssue({
              path: [at, ...(issue.path ?? [])],
              expected: issue.expected ?? undefined,
              message: issue.message
            })
          }
        }
      }
      return out as Out
    })
  )
}

/** Messages of a strict object's own issues: an unknown key, or a missing one. */
const keys =
  (required: Record<string, string> = {}) =>
  (issue: v.BaseIssue<unknown>) => {
    if (issue.expected === 'never') return 'unknown key'
    const key = JSON.parse(issue.expected ?? '""') as string
    return `is required${required[key] ? `; expected ${required[key]}` : ''}`
  }

// Exported for json-schema.ts, like the other strict objects.
export const checkObject = v.strictObject(checkEntries, keys({ expected: CHECK_EXPECTED }))

export const CHECK_KEYS = Object.keys(checkEntries)

const checkSchema = v.pipe(
  aMapping('a check (a mapping with json, header or regex, and expected)'),
  checkObject,
  extractionKeys(true)
)

/** A container port name (IANA_SVC_NAME): up to 15 characters, a letter at least, no "--". */
export const PORT_NAME = /^(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/

/** `kubernetes.path`, trimmed. */
export const KUBE_PATH = /^\/[^\s#]*$/

/** A port: a number 1..65535, or a container port name (IANA_SVC_NAME: up to 15 characters). */
export function checkKubePort(text: string): Result<number | string, Invalid> {
  const t = text.trim()
  if (/^\d+$/.test(t)) {
    const n = Number(t)
    return n >= 1 && n <= 65535
      ? ok(n)
      : err({ expected: 'a port number from 1 to 65535 or a port name' })
  }
  if (PORT_NAME.test(t)) return ok(t)
  return err({
    expected:
      'a container port number (1 to 65535) or port name (lower-case letters, digits and "-", at most 15 characters)'
  })
}

function oneOf<T extends string>(...values: T[]) {
  return (text: string): Result<T, Invalid> => {
    const t = text.trim().toLowerCase() as T
    return values.includes(t) ? ok(t) : err({ expected: values.map(x => `"${x}"`).join(' or ') })
  }
}

/** Lengths (trimmed) of a target's name and of a kubernetes text key. */
export const MAX_NAME = 100
export const MAX_KUBE_TEXT = 1000

const nonEmpty = (what: string) =>
  v.pipe(
    text,
    v.trim(),
    v.minLength(1, `expected ${what}`),
    v.maxLength(MAX_KUBE_TEXT, `expected ${what} of at most ${MAX_KUBE_TEXT} characters`)
  )

/** `kubernetes.via` and `kubernetes.report`, in any case. */
export const KUBERNETES_VIA = ['proxy', 'pod-ip'] as const
export const KUBERNETES_REPORT = ['http', 'image'] as const

const kubernetesEntries = {
  selector: nonEmpty('a label selector such as app=api,tier=web'),
  port: v.optional(checked(checkKubePort)),
  path: v.optional(
    v.pipe(
      text,
      v.trim(),
      v.regex(KUBE_PATH, 'expected a path that starts with "/", such as /version')
    )
  ),
  namespace: v.optional(nonEmpty('a namespace')),
  context: v.optional(nonEmpty('a kubeconfig context name')),
  via: v.optional(checked(oneOf(...KUBERNETES_VIA))),
  report: v.optional(checked(oneOf(...KUBERNETES_REPORT))),
  container: v.optional(nonEmpty('a container name'))
}

export const KUBERNETES_KEYS = Object.keys(kubernetesEntries)

// The strict objects are exported for json-schema.ts, which reads their keys and strictness.
export const kubernetesObject = v.strictObject(
  kubernetesEntries,
  keys({ selector: 'a label selector such as app=api' })
)

const kubernetes = v.pipe(
  aMapping(
    'a kubernetes mapping (selector, port, path, namespace, context, via, report, container)'
  ),
  kubernetesObject
)

const targetEntries = {
  name: v.optional(
    v.pipe(
      text,
      v.trim(),
      v.minLength(1, 'expected a non-empty name'),
      v.maxLength(MAX_NAME, `expected a name of at most ${MAX_NAME} characters`)
    )
  ),
  // Optional only with a reports-file, where targets are compared, not polled.
  url: v.optional(v.pipe(text, v.trim(), v.minLength(1, 'expected an http:// or https:// URL'))),
  ...shared,
  checks: v.optional(checksSchema(true)),
  kubernetes: v.optional(kubernetes)
}

export const targetObject = v.strictObject(targetEntries, keys())

export const targetSchema = v.pipe(
  aMapping('a target (a mapping of keys)'),
  targetObject,
  extractionKeys(false)
)

const defaultsEntries = { ...shared, checks: v.optional(checksSchema(false)) }

export const defaultsObject = v.strictObject(defaultsEntries, keys())

export const defaultsSchema = v.pipe(
  aMapping('defaults (a mapping of keys)'),
  defaultsObject,
  extractionKeys(false)
)

const documentEntries = {
  defaults: v.optional(v.unknown()),
  targets: v.array(v.unknown(), issue => `expected a list of targets, got ${kindOf(issue.input)}`)
}

export const documentObject = v.strictObject(
  documentEntries,
  keys({ targets: 'a list of targets' })
)

export const documentSchema = v.pipe(
  aMapping('a fleet document (a mapping of keys)'),
  documentObject
)

export const TARGET_KEYS = Object.keys(targetEntries)
export const DEFAULTS_KEYS = Object.keys(defaultsEntries)
export const DOCUMENT_KEYS = Object.keys(documentEntries)

export type TargetEntry = v.InferOutput<typeof targetSchema>
export type DefaultsEntry = v.InferOutput<typeof defaultsSchema>

/** What went wrong, where: the path of keys and indexes, and the message. */
export interface SchemaIssue {
  path: (string | number)[]
  message: string
  /** an unknown key (the last of path) */
  unknownKey: boolean
  /** about the key itself (the last of path), not its value: an unknown key, a bad check name */
  keyLine: boolean
}

export function validate<S extends v.GenericSchema>(
  schema: S,
  value: unknown
): Result<v.InferOutput<S>, SchemaIssue[]> {
  const r = v.safeParse(schema, value)
  if (r.success) return ok(r.output)
  return err(
    r.issues.map(issue => ({
      path: (issue.path ?? []).map(p => p.key as string | number),
      message: issue.message,
      // A check's issues come through the rawTransform of `checks`, with what they expected.
      unknownKey:
        (issue.type === 'strict_object' || issue.type === 'raw_transform') &&
        issue.expected === 'never',
      keyLine: issue.expected === 'never' || issue.expected === KEY_ISSUE
    }))
  )
}

/**
 * The issues of the value at `path`, as problems at their keys: an unknown key (with a guess at
 * the key meant), a missing one, a bad value.
 */
export function issueProblems(
  issues: SchemaIssue[],
  path: Path,
  value: unknown,
  knownKeys: string[]
): Problem[] {
  return issues.map(issue => {
    const at = [...path, ...issue.path]
    if (issue.unknownKey) {
      const key = String(issue.path[issue.path.length - 1])
      // A key inside a target's `kubernetes` mapping is one of that mapping's; inside a check,
      // one of a check's.
      const known =
        issue.path.length === 2 && issue.path[0] === 'kubernetes'
          ? KUBERNETES_KEYS
          : issue.path.length === 3 && issue.path[0] === 'checks'
            ? CHECK_KEYS
            : knownKeys
      const guess = didYouMean(key, known)
      const message =
        `unknown key ${quote(key)}` +
        (guess ? `; did you mean ${quote(guess)}?` : `; expected one of ${known.join(', ')}`)
      return { message, at: { path: at, keyLine: true } }
    }
    if (issue.path.length > 0 && valueAt(value, issue.path) === undefined) {
      const message = issue.message.startsWith('is required') ? issue.message : 'is required'
      return { message, at: { path: at } }
    }
    return { message: issue.message, at: { path: at, ...(issue.keyLine ? { keyLine: true } : {}) } }
  })
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value
  for (const k of path)
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined
  return v
}
