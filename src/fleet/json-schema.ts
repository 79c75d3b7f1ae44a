// The JSON Schema of the fleet file, for editors (yaml-language-server) to complete and validate
// it. Generated from the valibot objects the code validates with: their keys, which of them are
// required and their strictness come from schema.ts; each key's title, description and value
// schema come from KEY_DOCS below, and generation throws when the two disagree on a key. Pure.
//
// Editors read YAML with the core schema (`samples: 3` is a number, `cache-bust: false` a
// boolean) while the code reads every scalar as text: each value schema takes the typed forms a
// user writes. A schema keyword applies only to its own type (`pattern` to strings, `minimum` to
// numbers), so `{ type: ['integer', 'string'], minimum, maximum, pattern }` checks both forms.
// Where a rule is cheap to state exactly (a header name, a whole number in a range, a word in
// any case) the schema says what the code says; elsewhere (placeholders, RE2 syntax, a duration's
// range, cross-key rules across `defaults`) it accepts more, and fleet-check itself refuses the
// rest with its own message. The schema flags nothing the code accepts, save YAML's own types
// where nobody means them: `true`, `false` and `~` as a name, a build or a port.
import { MAX_REGEX_LENGTH } from '../common/regex.js'
import type { Result } from '../common/result.js'
import {
  ADDRESSES,
  HEADER_NAME,
  MAX_SAMPLES,
  MAX_TARGETS,
  MAX_TIMEOUT_MS,
  checkAddresses,
  checkBoolean,
  checkDuration,
  checkHeaderName,
  checkInstanceCount,
  checkJsonPath,
  checkSamples,
  type Invalid
} from '../common/values.js'
import { checkBuild } from '../build/build-id.js'
import {
  CHECK_NAME,
  MAX_CHECK_NAME,
  MAX_CHECK_VALUE,
  RESERVED_CHECK_NAME,
  checkCheckExpected
} from './checks.js'
import {
  EXTRACTION_KEYS,
  KUBE_PATH,
  KUBERNETES_REPORT,
  KUBERNETES_VIA,
  MAX_KUBE_TEXT,
  MAX_NAME,
  PORT_NAME,
  checkKubePort,
  checkObject,
  defaultsObject,
  documentObject,
  kubernetesObject,
  targetObject
} from './schema.js'
import { REDIRECT_POLICIES, checkRedirects } from './target.js'

/** Where the committed schema/fleet.schema.json is served: the schema's $id, and the README's. */
export const SCHEMA_URL =
  'https://raw.githubusercontent.com/fleet-check/fleet-check/main/schema/fleet.schema.json'

type JsonSchema = Record<string, unknown>

/** A key's documentation and the schema of its value. */
export interface KeyDoc {
  title: string
  description: string
  /** a function for the keys whose value is a mapping generated from its own valibot object */
  value: JsonSchema | (() => JsonSchema)
}

/** The parts of a valibot object schema that generation reads. */
interface ObjectSchema {
  type: string
  entries: Record<string, { type: string }>
}

// ---- value schemas -------------------------------------------------------------------------

/** "expected …" in the code's own words: what `check` says of a text nothing is. */
function expects(check: (text: string) => Result<unknown, Invalid>): string {
  const r = check('')
  if (r.ok) throw new Error('fleetJsonSchema: a check accepts the empty text')
  return `expected ${r.error.expected}`
}

/** A regular expression's source without its ^ and $, to embed in another. */
function inner(re: RegExp): string {
  if (!re.source.startsWith('^') || !re.source.endsWith('$') || re.flags !== '') {
    throw new Error(`fleetJsonSchema: ${re} is not an anchored pattern without flags`)
  }
  return re.source.slice(1, -1)
}

/** Text the code trims before it checks: whitespace around `body` is allowed. */
const trimmed = (body: string) => `^\\s*(?:${body})\\s*$`

/** A word in any case, as a pattern: "any" → [Aa][Nn][Yy]. */
function caseless(word: string): string {
  return [...word]
    .map(c =>
      /[a-z]/i.test(c)
        ? `[${c.toUpperCase()}${c.toLowerCase()}]`
        : c.replace(/[.*+?^${}()|[\]\\/]/, '\\$&')
    )
    .join('')
}

/** One of `values` (the code lower-cases the text): the enum for completion, any case valid. */
function anyCase(values: readonly string[], message: string): JsonSchema {
  return {
    anyOf: [
      { type: 'string', enum: [...values] },
      {
        type: 'string',
        pattern: trimmed(values.map(caseless).join('|')),
        patternErrorMessage: message
      }
    ]
  }
}

/** Any `n` digits. */
const digits = (n: number) => (n === 0 ? '' : n === 1 ? '\\d' : `\\d{${n}}`)

/** Decimal digits (no sign) of a whole number from `lo` to `hi`, which have as many digits. */
function sameLength(lo: string, hi: string): string {
  if (lo === hi) return lo
  if (lo[0] === hi[0]) return lo[0] + sameLength(lo.slice(1), hi.slice(1))
  const rest = lo.length - 1
  const [a, b] = [Number(lo[0]), Number(hi[0])]
  // The first digits whose every continuation is in range share one class: 1000-4999 is [1-4]\d{3}.
  const from = /^0*$/.test(lo.slice(1)) ? a : a + 1
  const to = /^9*$/.test(hi.slice(1)) ? b : b - 1
  const parts: string[] = []
  if (from > a) parts.push(`${a}${sameLength(lo.slice(1), '9'.repeat(rest))}`)
  if (from <= to) parts.push(`${from === to ? from : `[${from}-${to}]`}${digits(rest)}`)
  if (to < b) parts.push(`${b}${sameLength('0'.repeat(rest), hi.slice(1))}`)
  return parts.length === 1 ? parts[0] : `(?:${parts.join('|')})`
}

/** A pattern of the whole numbers from `min` to `max`, leading zeros allowed (as checkCount). */
export function wholeNumberPattern(min: number, max: number): string {
  const parts: string[] = []
  for (let digits = String(min).length; digits <= String(max).length; digits++) {
    const lo = digits === String(min).length ? String(min) : `1${'0'.repeat(digits - 1)}`
    const hi = digits === String(max).length ? String(max) : '9'.repeat(digits)
    parts.push(sameLength(lo, hi))
  }
  return `0*(?:${parts.join('|')})`
}

/** A whole number from `min` to `max`: a YAML integer, or text the code converts. */
function wholeNumber(min: number, max: number, message: string): JsonSchema {
  return {
    type: ['integer', 'string'],
    minimum: min,
    maximum: max,
    pattern: trimmed(wholeNumberPattern(min, max)),
    patternErrorMessage: message
  }
}

/** Text that is not blank, at most `max` characters once trimmed. */
function nonBlank(max: number): string {
  return trimmed(`\\S(?:[\\s\\S]{0,${max - 2}}\\S)?`)
}

const DURATION = String.raw`\d+(?:\.\d+)?`

/**
 * Free text: a plain scalar YAML reads as a number is text to the code (`name: 5` is "5"), so
 * numbers are text too; `pattern` checks the strings. Not booleans: an editor would offer true
 * and false for the key, and nobody means `name: true`.
 */
const SCALAR = ['string', 'number']

const URL_VALUE: JsonSchema = {
  type: 'string',
  // The scheme may come from ${VAR}; parse.ts checks the rest.
  pattern: `^\\s*(?:${caseless('http')}[Ss]?:|\\$\\{)`,
  patternErrorMessage: 'expected an http:// or https:// URL'
}

/** `report: image`, in any case. */
const IMAGE: JsonSchema = { type: 'string', pattern: trimmed(caseless('image')) }

/** A check's name, as `checks` keys it: what checkCheckName takes. */
const CHECK_NAME_PATTERN = `^(?!${caseless(RESERVED_CHECK_NAME)}$)(?=[\\s\\S]{1,${MAX_CHECK_NAME}}$)${inner(CHECK_NAME)}$`

/** `checks`: names to checks (in a target, null drops a check of defaults). */
function checksValue(drop: boolean): JsonSchema {
  const check = { $ref: '#/definitions/check' }
  return {
    type: 'object',
    patternProperties: {
      [CHECK_NAME_PATTERN]: drop ? { anyOf: [check, { type: 'null' }] } : check
    },
    additionalProperties: false
  }
}

/** The targets: under `targets`, or the whole document. */
const TARGET_LIST: JsonSchema = {
  type: 'array',
  minItems: 1,
  items: { $ref: '#/definitions/target' }
}

// ---- key docs ----------------------------------------------------------------------------------

/** The keys a target and `defaults` share. In `defaults`, each is every target's default. */
const SHARED_DOCS: Record<string, KeyDoc> = {
  expected: {
    title: 'Expected build',
    description:
      'The build this target must report (a commit hash or a build id); it wins over the `expected` input, even under `consensus`. A branch name or a placeholder such as `unknown` is refused.',
    value: {
      type: SCALAR,
      pattern: trimmed('\\S{1,128}'),
      patternErrorMessage: expects(checkBuild)
    }
  },
  json: {
    title: 'JSON path of the build',
    description:
      'Read the build at this dotted path of a JSON body; numeric segments index arrays: `builds.0.sha`. At most one of `json`, `header` and `regex`.',
    value: {
      type: SCALAR,
      pattern: trimmed('[^.\\s]+(?:\\.[^.\\s]+)*'),
      patternErrorMessage: expects(checkJsonPath)
    }
  },
  header: {
    title: 'Response header of the build',
    description:
      'Read the build from this response header. At most one of `json`, `header` and `regex`.',
    value: {
      type: SCALAR,
      pattern: HEADER_NAME.source,
      patternErrorMessage: expects(checkHeaderName)
    }
  },
  regex: {
    title: 'Regular expression of the build',
    description: `Read the build with this RE2 regular expression (no backreferences, no lookaround; flags inline, as in \`(?i)build: (\\w+)\`): the first capture group, else the whole match. At most ${MAX_REGEX_LENGTH} characters. At most one of \`json\`, \`header\` and \`regex\`.`,
    value: { type: SCALAR, minLength: 1, maxLength: MAX_REGEX_LENGTH }
  },
  headers: {
    title: 'Request headers',
    description:
      'Request headers, a mapping of name to value, merged over `defaults.headers` and the `headers` input (a later name wins, in any case). `${VAR}` in a value is read from the environment and masked.',
    value: {
      type: 'object',
      propertyNames: { pattern: HEADER_NAME.source, patternErrorMessage: expects(checkHeaderName) },
      additionalProperties: {
        type: ['string', 'number', 'boolean'],
        // One line, not blank.
        pattern: '^(?![\\s\\S]*[\\r\\n\\u0000])\\s*\\S',
        patternErrorMessage: 'expected a non-empty value on one line'
      }
    }
  },
  timeout: {
    title: 'Request deadline',
    description: `This target's request deadline: "500ms", "10s", "1m30s" or a number of seconds; above 0 and at most ${MAX_TIMEOUT_MS / 60_000}m.`,
    value: {
      type: ['number', 'string'],
      exclusiveMinimum: 0,
      maximum: MAX_TIMEOUT_MS / 1000,
      pattern: trimmed(`${DURATION}|(?:${DURATION}(?:ms|s|m|h))+`),
      patternErrorMessage: expects(checkDuration)
    }
  },
  samples: {
    title: 'Samples per round',
    description: `Requests per round for this target, each on a fresh connection: 1 to ${MAX_SAMPLES}. All must report the same build.`,
    value: wholeNumber(1, MAX_SAMPLES, expects(checkSamples))
  },
  'cache-bust': {
    title: 'Cache-busting query parameter',
    description:
      "`false` sends this target's requests without the unique query parameter that gets past caches.",
    value: {
      type: ['boolean', 'string'],
      pattern: trimmed(['true', 'false'].map(caseless).join('|')),
      patternErrorMessage: expects(checkBoolean)
    }
  },
  redirects: {
    title: 'Redirects to follow',
    description:
      '`same-host` (default): a redirect may change the scheme to https, the port and the path, not the host; `any`: follow redirects anywhere.',
    value: anyCase(REDIRECT_POLICIES, expects(checkRedirects))
  },
  addresses: {
    title: 'Addresses to check',
    description:
      "`one` (default): connect where the resolver says; `all`: check every address the URL's host name resolves to, each as an instance named `<name>@<address>`. Not with `kubernetes`.",
    value: anyCase(ADDRESSES, expects(checkAddresses))
  },
  count: {
    title: 'Instances there must be',
    description: `With \`addresses: all\` (here or in defaults) or \`kubernetes\`: how many instances (pods) there must be, 1 to ${MAX_TARGETS}. Fewer is missing, more is undeclared.`,
    value: wholeNumber(1, MAX_TARGETS, expects(checkInstanceCount))
  }
}

const CHECKS_DESCRIPTION = `Named facts read from the same answer as the build (a config hash, a feature flag, a schema version), each with its own \`expected\`. Names are letters, digits and dashes (at most ${MAX_CHECK_NAME} characters, not \`build\`). A target is current only when its build and every check match.`

/** \`checks\` in \`defaults\`. */
const DEFAULTS_DOCS: Record<string, KeyDoc> = {
  checks: {
    title: 'Checks',
    description: `${CHECKS_DESCRIPTION} A target's \`checks\` merge over these by name.`,
    value: () => checksValue(false)
  }
}

/** A check's keys. */
const CHECK_DOCS: Record<string, KeyDoc> = {
  json: {
    title: 'JSON path of the value',
    description:
      "Read the check's value at this dotted path of the JSON body (a JSON true or false is the text true or false). Exactly one of `json`, `header` and `regex`.",
    value: SHARED_DOCS.json.value
  },
  header: {
    title: 'Response header of the value',
    description:
      "Read the check's value from this response header. Exactly one of `json`, `header` and `regex`.",
    value: SHARED_DOCS.header.value
  },
  regex: {
    title: 'Regular expression of the value',
    description:
      "Read the check's value with this RE2 regular expression: the first capture group, else the whole match. Exactly one of `json`, `header` and `regex`.",
    value: SHARED_DOCS.regex.value
  },
  expected: {
    title: 'Expected value',
    description: `The value every target must report (one line of at most ${MAX_CHECK_VALUE} characters; \`\${VAR}\` is read from the environment; not a placeholder such as \`unknown\`), or \`consensus\`: the targets must agree on one value, whatever it is.`,
    value: {
      type: [...SCALAR, 'boolean'],
      pattern: trimmed(`\\S(?:[^\\r\\n\\u0000]{0,${MAX_CHECK_VALUE - 2}}\\S)?`),
      patternErrorMessage: expects(t => checkCheckExpected(t))
    }
  }
}

/** A target's own keys (besides the shared ones). */
const TARGET_DOCS: Record<string, KeyDoc> = {
  checks: {
    title: 'Checks',
    description: `${CHECKS_DESCRIPTION} Merged over those of \`defaults\` by name: a check here replaces the default of its name, and \`<name>: null\` drops it.`,
    value: () => checksValue(true)
  },
  name: {
    title: 'Target name',
    description: `The target's name in reports, unique in the fleet; default: the URL's host[:port]. A range such as \`router-[1:8]\` must repeat the URL's. At most ${MAX_NAME} characters. Required with \`kubernetes\`, and for a target without a url (with a reports-file).`,
    value: { type: SCALAR, pattern: nonBlank(MAX_NAME) }
  },
  url: {
    title: 'URL',
    description:
      'The URL that reports the build: http:// or https://. `[a:b]` expands to one target per number (zero padding is kept: `[01:16]`); `${VAR}` is read from the environment and masked; `user:password@` becomes an `Authorization: Basic` header (masked). Required, unless the target has `kubernetes`, or a reports-file gives the builds.',
    value: () => URL_VALUE
  },
  kubernetes: {
    title: 'Kubernetes pods',
    description:
      'Instead of `url`: check every pod of a label selector, through the API server (or `via: pod-ip`). Each pod is a target named `<name>/<pod>`.',
    value: () => ({
      ...mappingSchema(kubernetesObject, KUBERNETES_DOCS, 'kubernetes'),
      // report: http (the default) asks a port.
      anyOf: [{ required: ['port'] }, { required: ['report'], properties: { report: IMAGE } }]
    })
  }
}

const KUBERNETES_DOCS: Record<string, KeyDoc> = {
  selector: {
    title: 'Label selector',
    description: 'The label selector of the pods to check, such as `app=api,tier=web`.',
    value: { type: SCALAR, pattern: nonBlank(MAX_KUBE_TEXT) }
  },
  port: {
    title: 'Container port',
    description:
      'The container port number (1 to 65535) or name that serves the build. Required with `report: http`.',
    value: {
      type: ['integer', 'string'],
      minimum: 1,
      maximum: 65535,
      pattern: trimmed(`${wholeNumberPattern(1, 65535)}|${inner(PORT_NAME)}`),
      patternErrorMessage: expects(checkKubePort)
    }
  },
  path: {
    title: 'Path of the build',
    description: 'The path asked on each pod, starting with "/"; default `/`.',
    value: {
      type: 'string',
      pattern: trimmed(inner(KUBE_PATH)),
      patternErrorMessage: 'expected a path that starts with "/", such as /version'
    }
  },
  namespace: {
    title: 'Namespace',
    description: 'The namespace of the pods; default: the context\'s namespace, else "default".',
    value: { type: SCALAR, pattern: nonBlank(MAX_KUBE_TEXT) }
  },
  context: {
    title: 'Kubeconfig context',
    description: "The kubeconfig context; default: the kubeconfig's current context.",
    value: { type: SCALAR, pattern: nonBlank(MAX_KUBE_TEXT) }
  },
  via: {
    title: 'How pods are reached',
    description:
      "`proxy` (default): through the API server's pod proxy (no `Authorization` header then); `pod-ip`: directly at the pod's IP, for runners inside the cluster network.",
    value: anyCase(KUBERNETES_VIA, `expected ${KUBERNETES_VIA.map(v => `"${v}"`).join(' or ')}`)
  },
  report: {
    title: 'What a pod reports',
    description:
      '`http` (default): ask each pod for its build; `image`: the digest of the image its container runs, asking no pod (then no `json`, `header` or `regex`).',
    value: anyCase(
      KUBERNETES_REPORT,
      `expected ${KUBERNETES_REPORT.map(v => `"${v}"`).join(' or ')}`
    )
  },
  container: {
    title: 'Container',
    description:
      'Which container of the pod (with `report: image`); needed when a pod has several.',
    value: { type: SCALAR, pattern: nonBlank(MAX_KUBE_TEXT) }
  }
}

const DOCUMENT_DOCS: Record<string, KeyDoc> = {
  defaults: {
    title: 'Defaults',
    description:
      'Keys every target inherits; its own keys win. Every key of a target but `name`, `url` and `kubernetes`.',
    value: () => ({
      ...mappingSchema(defaultsObject, { ...SHARED_DOCS, ...DEFAULTS_DOCS }, 'defaults', DEFAULT),
      ...oneExtraction()
    })
  },
  targets: {
    title: 'Targets',
    description:
      'The servers to check: each a URL, or a mapping with a `url` (or `kubernetes`). At most 10,000 after ranges and `addresses: all` expand.',
    value: TARGET_LIST
  }
}

/** Every table of key docs, to check each against its valibot object. */
const KEY_DOCS = {
  SHARED_DOCS,
  DEFAULTS_DOCS,
  TARGET_DOCS,
  CHECK_DOCS,
  KUBERNETES_DOCS,
  DOCUMENT_DOCS
}

// ---- generation ------------------------------------------------------------------------------

const OPTIONAL = new Set(['optional', 'exact_optional', 'nullish', 'undefinedable'])

/** How `defaults` introduces each key's description. */
const DEFAULT = "Every target's default (a target's own key wins): "

/**
 * A mapping's schema from its valibot object: its keys, the required ones, no other key.
 * Throws when a key has no docs, or docs name a key the object does not have.
 */
export function mappingSchema(
  object: ObjectSchema,
  docs: Record<string, KeyDoc>,
  what: string,
  introduction = ''
): JsonSchema {
  if (object.type !== 'strict_object') {
    throw new Error(`fleetJsonSchema: ${what} is a ${object.type}; expected a strict_object`)
  }
  const keys = Object.keys(object.entries)
  const undocumented = keys.filter(k => !Object.hasOwn(docs, k))
  const unknown = Object.keys(docs).filter(k => !keys.includes(k))
  if (undocumented.length || unknown.length) {
    throw new Error(
      `fleetJsonSchema: the docs of ${what} disagree with its schema: ` +
        [
          undocumented.length ? `no docs for ${undocumented.join(', ')}` : '',
          unknown.length ? `docs for unknown keys ${unknown.join(', ')}` : ''
        ]
          .filter(Boolean)
          .join('; ')
    )
  }
  const properties = Object.fromEntries(
    keys.map(k => {
      const { title, description, value } = docs[k]
      const schema = typeof value === 'function' ? value() : value
      return [k, { title, description: introduction + description, ...schema }]
    })
  )
  const required = keys.filter(k => !OPTIONAL.has(object.entries[k].type))
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false
  }
}

/**
 * A rule between keys of one target: `not` this, with the message parse.ts gives (an editor
 * shows errorMessage, where it would say "Matches a schema that is not allowed").
 */
const never = (schema: JsonSchema, message: string): JsonSchema => ({
  not: schema,
  errorMessage: message
})

/** No two of json, header and regex (valibot's oneExtraction). */
function oneExtraction(): JsonSchema {
  const pairs = EXTRACTION_KEYS.flatMap((a, i) => EXTRACTION_KEYS.slice(i + 1).map(b => [a, b]))
  return never(
    { anyOf: pairs.map(p => ({ required: p })) },
    `expected at most one of ${EXTRACTION_KEYS.join(', ')}`
  )
}

function targetMapping(): JsonSchema {
  const extraction = EXTRACTION_KEYS.map(k => ({ required: [k] }))
  return {
    title: 'Target',
    ...mappingSchema(targetObject, { ...SHARED_DOCS, ...TARGET_DOCS }, 'a target'),
    allOf: [
      oneExtraction(),
      // With a reports-file a name is enough: the schema cannot know, parse.ts does.
      { anyOf: [{ required: ['url'] }, { required: ['kubernetes'] }, { required: ['name'] }] },
      never(
        { required: ['url', 'kubernetes'] },
        'a target has either a url or a kubernetes mapping; expected one of them'
      ),
      {
        if: { required: ['kubernetes'] },
        then: {
          required: ['name'],
          errorMessage: 'a kubernetes target needs a name (its pods are named <name>/<pod>)'
        }
      },
      never(
        { required: ['kubernetes', 'addresses'] },
        'addresses resolves a url; a kubernetes target checks every pod of its selector already; expected no addresses'
      ),
      {
        if: {
          required: ['kubernetes'],
          properties: {
            kubernetes: { type: 'object', required: ['report'], properties: { report: IMAGE } }
          }
        },
        then: never(
          { anyOf: extraction },
          'report: image takes the running image digest and asks no pod; expected no json, header or regex'
        )
      }
    ]
  }
}

/** A check: exactly one of json, header and regex, and expected. */
function checkMapping(): JsonSchema {
  return {
    title: 'Check',
    description:
      'A fact read from the same answer as the build: how (`json`, `header` or `regex`) and what it must be (`expected`).',
    ...mappingSchema(checkObject, CHECK_DOCS, 'a check'),
    oneOf: EXTRACTION_KEYS.map(k => ({ required: [k] })),
    errorMessage: `expected exactly one of ${EXTRACTION_KEYS.join(', ')}`
  }
}

/** The JSON Schema (draft-07) of the fleet file's YAML forms: a fleet document or a list of targets. */
export function fleetJsonSchema(): Record<string, unknown> {
  for (const [table, docs] of Object.entries(KEY_DOCS)) {
    for (const [key, doc] of Object.entries(docs)) {
      if (!doc.title.trim() || !doc.description.trim()) {
        throw new Error(`fleetJsonSchema: ${table}.${key} needs a title and a description`)
      }
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_URL,
    title: 'fleet-check fleet file',
    description:
      'The servers fleet-check asks for the build they report: a mapping with `targets` (and optional `defaults`), or just the list of targets.',
    anyOf: [
      {
        title: 'Fleet document',
        ...mappingSchema(documentObject, DOCUMENT_DOCS, 'the fleet document')
      },
      {
        title: 'List of targets',
        ...TARGET_LIST
      }
    ],
    definitions: {
      target: {
        title: 'Target',
        description: 'A URL, or a mapping with a `url` (or `kubernetes`) and its own keys.',
        anyOf: [{ title: 'URL', ...URL_VALUE }, targetMapping()]
      },
      check: checkMapping()
    }
  }
}
