// Reading the reported build out of a response. Pure: the response arrives already read.
import { describeExtraction, type Extraction } from '../fleet/target.js'
import { isPlaceholder } from './placeholders.js'

export interface ReadResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export type Extracted = { build: string } | { reason: string }

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

export function extractBuild(response: ReadResponse, extraction: Extraction): Extracted {
  const found = extractRaw(response, extraction)
  if ('reason' in found) return found
  const build = found.build.trim()
  if (isPlaceholder(build)) return { reason: `placeholder ${JSON.stringify(build)}` }
  if (build.length > MAX_BUILD) {
    return {
      reason: `reported value is longer than ${MAX_BUILD} characters (${describeExtraction(extraction)})`
    }
  }
  return { build }
}

function extractRaw(response: ReadResponse, extraction: Extraction): Extracted {
  switch (extraction.kind) {
    case 'header': {
      const value = response.headers[extraction.name.toLowerCase()]
      const first = Array.isArray(value) ? value[0] : value
      return first === undefined ? { reason: `no header ${extraction.name}` } : { build: first }
    }
    case 'regex': {
      const m = extraction.pattern.exec(response.body)
      if (!m) return { reason: `no match for regex /${extraction.pattern.source}/` }
      return { build: m[1] ?? m[0] }
    }
    case 'json': {
      const json = parseJson(response.body)
      if (!json.ok) return { reason: `body is not JSON (json: ${extraction.path.join('.')})` }
      return scalarAt(json.value, extraction.path)
    }
    case 'auto':
      return autoDetect(response)
  }
}

function autoDetect(response: ReadResponse): Extracted {
  const contentType = String(response.headers['content-type'] ?? '').toLowerCase()
  const body = response.body.trim()
  const looksJson = body.startsWith('{') || body.startsWith('[')
  if (contentType.includes('json') || looksJson) {
    const json = parseJson(body)
    if (json.ok) {
      for (const field of WELL_KNOWN_FIELDS) {
        const found = scalarAt(json.value, field.split('.'))
        if ('build' in found) return found
        if (found.reason.startsWith('placeholder')) return found
      }
      return { reason: `no build field in JSON (looked for ${WELL_KNOWN_FIELDS.join(', ')})` }
    }
    // Broken JSON is not a build, whatever the content type says.
    return { reason: 'invalid JSON body' }
  }
  if (body === '') return { reason: 'empty body' }
  if (/^<(!doctype|html|\?xml|[a-z])/i.test(body))
    return { reason: 'body is an HTML page, not a build' }
  if (/\s/.test(body) || body.length > MAX_TEXT_TOKEN) {
    return { reason: `body is not a single word of at most ${MAX_TEXT_TOKEN} characters` }
  }
  return { build: body }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** The string or number at a dotted path; numeric segments index arrays. */
function scalarAt(value: unknown, path: readonly string[]): Extracted {
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
  const where = path.join('.')
  if (v === undefined) return { reason: `no hash at ${where}` }
  if (v === null) return { reason: 'placeholder "null"' }
  if (typeof v === 'string' || typeof v === 'number') return { build: String(v) }
  return {
    reason: `value at ${where} is ${Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`}, not a build`
  }
}
