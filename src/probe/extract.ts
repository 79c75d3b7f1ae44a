// Reading the reported build out of a response. Pure: the response arrives already read.
import { describeExtraction, type Extraction } from '../fleet/target.js'
import { deeperThan, JsonNumber, numberText, parseExactJson } from '../common/exact-json.js'
import { placeholderReason } from '../build/placeholders.js'
import { RegexTimeout } from '../common/regex.js'
import { err, ok, type Result } from '../common/result.js'
import { reason, type NoReportCode, type Reason } from '../verdict/reason.js'
import {
  deeperField,
  hasKeys,
  headerHint,
  kindOf,
  isHtml,
  notJsonHint,
  pathStopped
} from './extraction-hints.js'

export interface ReadResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** The build, or why the response has none. */
export type Extracted = Result<string, Reason>

const fail = (code: NoReportCode, text: string): Extracted => err(reason(code, text))

/** Well-known fields, tried in this order when no json, header or regex is configured. */
export const WELL_KNOWN_FIELDS = [
  'sha',
  'commit',
  'commit_sha',
  'commitSha',
  'git_sha',
  'gitSha',
  'gitCommit', // Kubernetes /version
  'git.commit.id', // Spring Boot actuator /info
  'revision',
  'build_hash',
  'buildHash',
  'releaseId',
  'version'
] as const

const MAX_TEXT_TOKEN = 128
const MAX_BUILD = 256
/** Nesting a JSON body may have for a number in it to be read as sent (the reviver recurses). */
export const MAX_EXACT_JSON_DEPTH = 512

/**
 * A response's JSON body, parsed at most once for the build and its checks (only targets with
 * checks make one: the build alone parses its body itself).
 */
export interface ParsedBody {
  json?: ReturnType<typeof parseJson>
}

/** `deadline` (a performance.now() time) is the target's: a regex stops matching there. */
export function extractBuild(
  response: ReadResponse,
  extraction: Extraction,
  deadline?: number,
  body?: ParsedBody
): Extracted {
  const found = extractRaw(response, extraction, deadline, body)
  if (!found.ok) return found
  const build = found.value.trim()
  if (build.length > MAX_BUILD) {
    return fail(
      'not-a-build',
      `reported value is longer than ${MAX_BUILD} characters (${describeExtraction(extraction)})`
    )
  }
  const placeholder = placeholderReason(build)
  return placeholder ? fail('placeholder', placeholder) : ok(build)
}

/**
 * The text `extraction` finds, untrimmed, or why there is none. `check`: the name of the check
 * it reads (a reason names it; a JSON true or false is its value), else it reads the build.
 */
export function extractRaw(
  response: ReadResponse,
  extraction: Extraction,
  deadline: number | undefined,
  body?: ParsedBody,
  check?: string
): Extracted {
  switch (extraction.kind) {
    case 'header': {
      const value = response.headers[extraction.name.toLowerCase()]
      const first = Array.isArray(value) ? value[0] : value
      if (first !== undefined) return ok(first)
      const hint = headerHint(extraction.name, Object.keys(response.headers))
      return fail('no-build', `no header ${extraction.name}${hint}`)
    }
    case 'regex': {
      let m: (string | undefined)[] | null
      try {
        m = extraction.pattern.exec(response.body, deadline)
      } catch (e) {
        if (!(e instanceof RegexTimeout)) throw e
        return fail(
          'regex-timeout',
          `regex /${extraction.pattern.source}/ ran past the target's timeout while matching the body; expected a pattern that matches faster (a literal prefix helps)`
        )
      }
      if (!m) return fail('no-build', `no match for regex /${extraction.pattern.source}/`)
      return ok(m[1] ?? m[0] ?? '')
    }
    case 'json': {
      const json = body ? (body.json ??= parseJson(response.body)) : parseJson(response.body)
      if (!json.ok) {
        const what = notJsonHint(response.body, contentTypeOf(response))
        return fail('not-json', `body is not JSON (json: ${extraction.path.join('.')}): ${what}`)
      }
      return scalarAt(json, extraction.path, true, check)
    }
    case 'auto':
      return autoDetect(response)
  }
}

function autoDetect(response: ReadResponse): Extracted {
  const contentType = contentTypeOf(response).toLowerCase()
  const body = response.body.trim()
  const looksJson = body.startsWith('{') || body.startsWith('[')
  if (contentType.includes('json') || looksJson) {
    const json = parseJson(body)
    if (json.ok) {
      for (const field of WELL_KNOWN_FIELDS) {
        const found = scalarAt(json, field.split('.'), false)
        if (found.ok) return found
        // A placeholder, or a number it cannot read exactly, is still this field's answer, not a
        // reason to look on.
        if (found.error.code === 'placeholder' || found.error.code === 'inexact-number')
          return found
      }
      return fail(
        'no-build',
        `no build field in JSON (looked for ${WELL_KNOWN_FIELDS.join(', ')})${foundInstead(json.value)}`
      )
    }
    // Broken JSON is not a build, whatever the content type says.
    return fail('not-json', 'invalid JSON body')
  }
  if (body === '') return fail('no-build', 'empty body')
  if (isHtml(body)) {
    return fail(
      'not-a-build',
      'body is an HTML page, not a build; expected the URL of the endpoint that reports the build (or regex: to read it out of the page)'
    )
  }
  if (/\s/.test(body) || body.length > MAX_TEXT_TOKEN) {
    return fail(
      'not-a-build',
      `body is not a single word of at most ${MAX_TEXT_TOKEN} characters: it is text (such as a /metrics page), not a build; use regex: to read the build out of it`
    )
  }
  return ok(body)
}

/** A parsed body and its text, where a number's digits are read from. */
interface Json {
  text: string
  value: unknown
}

function parseJson(text: string): ({ ok: true } & Json) | { ok: false } {
  try {
    return { ok: true, text, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/**
 * The string or number at a dotted path; numeric segments index arrays. `explain`: say where a
 * path that finds nothing stopped (not for the well-known fields tried one after another).
 */
function scalarAt(json: Json, path: readonly string[], explain = true, check?: string): Extracted {
  const v = valueAt(json.value, path)
  const where = path.join('.')
  if (v === undefined) {
    const stopped = explain ? pathStopped(json.value, path) : undefined
    return fail('no-build', `no ${check ?? 'hash'} at ${where}${stopped ? `: ${stopped}` : ''}`)
  }
  if (v === null) return fail('placeholder', 'placeholder "null"')
  if (typeof v === 'string') return ok(v)
  if (typeof v === 'number') return exactNumber(json.text, path, v)
  // A flag is often a JSON boolean: a check's value, never a build.
  if (typeof v === 'boolean' && check !== undefined) return ok(String(v))
  return fail(
    'not-a-build',
    `value at ${where} is ${Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`}, not ${check === undefined ? 'a build' : 'a value'}`
  )
}

/**
 * A number build as the server wrote it: 12345678901234567890 stays those digits. The body is
 * parsed again with the numbers' source text, only when a build is a number (rarely).
 */
function exactNumber(text: string, path: readonly string[], n: number): Extracted {
  const where = path.join('.')
  if (deeperThan(text, MAX_EXACT_JSON_DEPTH) !== undefined) {
    return fail(
      'inexact-number',
      `the number at ${where} cannot be read exactly: the JSON body nests more than ${MAX_EXACT_JSON_DEPTH} levels deep`
    )
  }
  const exact = valueAt(parseExactJson(text), path)
  const digits = numberText(exact instanceof JsonNumber ? exact : n)
  if (digits !== undefined) return ok(digits)
  return fail(
    'inexact-number',
    `the number at ${where} may have lost digits (this runtime does not give a JSON number's text); expected the build as a JSON string`
  )
}

/** What the keys of a JSON body without a well-known field are, and a deeper one that may be it. */
function foundInstead(body: unknown): string {
  if (Array.isArray(body)) {
    return ': the body is a list; expected json: with the path to the build, a number first (such as json: 0.sha)'
  }
  if (body === null || typeof body !== 'object')
    return `: the body is ${kindOf(body)}, not a mapping`
  const keys = Object.keys(body)
  if (keys.length === 0) return ': the body is an empty mapping'
  const deeper = deeperField(body, WELL_KNOWN_FIELDS)
  const hint = deeper
    ? `; to read ${deeper}, set json: ${deeper}`
    : '; expected json: with the path to the build'
  return `: the body ${hasKeys(keys)}${hint}`
}

function contentTypeOf(response: ReadResponse): string {
  const value = response.headers['content-type']
  return String((Array.isArray(value) ? value[0] : value) ?? '')
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value
  for (const key of path) {
    if (Array.isArray(v) && /^\d+$/.test(key)) v = v[Number(key)]
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, key)) {
      v = (v as Record<string, unknown>)[key]
    } else {
      v = undefined
    }
    if (v === undefined) break
  }
  return v
}
