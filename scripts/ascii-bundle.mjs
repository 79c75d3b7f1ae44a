// Rewrites every non-ASCII character of the bundles' JavaScript as a \uXXXX escape. V8 keeps a
// source with any non-ASCII character as a two-byte string and decodes all of it from UTF-8 at
// start-up; a pure-ASCII source is read as one-byte Latin-1, faster, on every run of the action.
// An escape means the same as the character it replaces in a string, a template, a regular
// expression, an identifier or a comment. It would not after a backslash that escapes it ("\é",
// not "\\é", whose backslash is itself escaped) or in a raw template (String.raw): both are
// refused here, so a bundle that would change meaning fails the build instead of misbehaving.
// Usage: node scripts/ascii-bundle.mjs DIR...
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** Every UTF-16 unit above 0x7f (surrogates one by one: an escaped pair is the same character). */
const NON_ASCII = /[\u0080-\uffff]/g

export function toAscii(source, file = 'source') {
  for (const match of source.matchAll(NON_ASCII)) {
    let backslashes = 0
    while (source[match.index - 1 - backslashes] === '\\') backslashes++
    if (backslashes % 2 === 1) {
      throw new Error(`${file}: a non-ASCII character after a backslash at ${match.index}`)
    }
  }
  for (const raw of source.matchAll(/String\.raw\s*`[^`]*`/g)) {
    if (/[\u0080-\uffff]/.test(raw[0])) {
      throw new Error(`${file}: non-ASCII text in a String.raw template at ${raw.index}`)
    }
  }
  return source.replace(NON_ASCII, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dir of process.argv.slice(2)) {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.js')) continue
      const file = path.join(dir, name)
      const source = readFileSync(file, 'utf8')
      const ascii = toAscii(source, file)
      if (ascii !== source) writeFileSync(file, ascii)
    }
  }
}
