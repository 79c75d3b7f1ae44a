// What an extraction failure found, and what to try: the keys where a JSON path stopped, a
// did-you-mean for a mistyped key, `json:` for a well-known field further down, `regex:` for a
// text body. Server text (keys, header names) is untrusted: few of them, each cut short, quoted
// with JSON.stringify; every printer escapes reasons as well. Pure.
import { didYouMean } from '../common/did-you-mean.js'

/** Keys listed in a reason, and how much of each. */
const LISTED_KEYS = 5
const KEY_CHARS = 40
/** Keys compared with a mistyped one: an object may have thousands. */
const COMPARED_KEYS = 200
/** Nodes looked at for a well-known field deeper in the body: a body may be 1 MiB. */
const SEARCHED_NODES = 2_000
const SEARCHED_DEPTH = 3
/**
 * A key offered as part of a json: path: short, and plain (a dot could not be reached by a path,
 * and anything else is server text that reads badly in a suggestion).
 */
const PLAIN_KEY = /^[\w-]{1,40}$/

/** A key as a reason shows it: cut to KEY_CHARS, quoted. */
export function shownKey(key: string): string {
  const cut = key.length > KEY_CHARS ? `${key.slice(0, KEY_CHARS - 1)}…` : key
  return JSON.stringify(cut)
}

/** `has one key, "build"`, `has keys "build" and "time"` */
export function hasKeys(keys: readonly string[]): string {
  return keys.length === 1 ? `has one key, ${keyList(keys)}` : `has keys ${keyList(keys)}`
}

/** `"build" and "time"`, or `"a", "b", "c", "d", "e" and 7 more`. */
function keyList(keys: readonly string[]): string {
  const shown = keys.slice(0, LISTED_KEYS).map(shownKey)
  if (keys.length > LISTED_KEYS) return `${shown.join(', ')} and ${keys.length - LISTED_KEYS} more`
  if (shown.length <= 1) return shown.join('')
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  return `a ${typeof v}`
}

/**
 * Why `path` finds nothing in `body`, said from where it stopped: `"build" has keys "commit"
 * and "time"; did you mean json: build.commit?`. Undefined when the path does reach a value.
 */
export function pathStopped(body: unknown, path: readonly string[]): string | undefined {
  let v = body
  for (let i = 0; i < path.length; i++) {
    const key = path[i]
    const here = i === 0 ? 'the body' : shownKey(path.slice(0, i).join('.'))
    if (Array.isArray(v)) {
      if (/^\d+$/.test(key) && Number(key) < v.length) {
        v = v[Number(key)]
        continue
      }
      if (v.length === 0) return `${here} is an empty list`
      return `${here} is a list of ${v.length}; expected a number from 0 to ${v.length - 1} after it`
    }
    if (!isMapping(v)) return `${here} is ${kindOf(v)}, not a mapping`
    if (Object.hasOwn(v, key)) {
      v = v[key]
      continue
    }
    const keys = Object.keys(v)
    if (keys.length === 0) return `${here} is an empty mapping`
    const guess = didYouMean(
      key,
      keys.slice(0, COMPARED_KEYS).filter(k => PLAIN_KEY.test(k))
    )
    const mean = guess
      ? `; did you mean json: ${[...path.slice(0, i), guess, ...path.slice(i + 1)].join('.')}?`
      : ''
    return `${here} ${hasKeys(keys)}${mean}`
  }
  return undefined
}

/**
 * A well-known field (`fields`, tried in order) further down a JSON body, as a json: path: the
 * build is often one level in ({"build": {"commit": ...}}). Bounded in depth and nodes.
 */
export function deeperField(body: unknown, fields: readonly string[]): string | undefined {
  const names = new Set(fields)
  let seen = 0
  let level: { value: unknown; path: string[] }[] = [{ value: body, path: [] }]
  for (let depth = 0; depth < SEARCHED_DEPTH && level.length; depth++) {
    const next: typeof level = []
    for (const { value, path } of level) {
      if (!isMapping(value)) continue
      for (const [key, child] of Object.entries(value)) {
        if (++seen > SEARCHED_NODES) return undefined
        const at = [...path, key]
        if (depth > 0 && names.has(key) && (typeof child === 'string' || typeof child === 'number'))
          return at.join('.')
        if (isMapping(child) && PLAIN_KEY.test(key)) next.push({ value: child, path: at })
      }
    }
    level = next
  }
  return undefined
}

/** What a body that is not JSON is, and what reads it: `regex:` for text, another URL for a page. */
export function notJsonHint(body: string, contentType: string): string {
  const text = body.trim()
  if (text === '') return 'it is empty'
  if (isHtml(text))
    return 'it is an HTML page; expected the URL of the endpoint that reports the build'
  const type = contentType.split(';')[0].trim().toLowerCase()
  const kind = type ? ` (${JSON.stringify(type.slice(0, KEY_CHARS))})` : ''
  return `it is text${kind}; use regex: to read the build out of it`
}

export function isHtml(text: string): boolean {
  return /^<(!doctype|html|\?xml|[a-z])/i.test(text)
}

/** `; did you mean header: x-build-id?` for a header name the answer nearly has. */
export function headerHint(name: string, present: readonly string[]): string {
  const guess = didYouMean(
    name,
    present.slice(0, COMPARED_KEYS).filter(h => h.length <= KEY_CHARS)
  )
  // Header names are HTTP tokens (the parser refuses anything else): safe to show as they are.
  return guess && guess.toLowerCase() !== name.toLowerCase()
    ? `; did you mean header: ${guess}?`
    : ''
}
