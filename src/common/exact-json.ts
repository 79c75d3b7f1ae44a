// JSON whose numbers keep the text that was sent: a JavaScript number would turn the build
// 12345678901234567890 into 12345678901234567000, and 1.50 into 1.5. Pure.

/** A JSON number as written, and its value. */
export class JsonNumber {
  constructor(
    readonly source: string,
    readonly value: number
  ) {}
}

/**
 * JSON.parse, numbers as JsonNumber where the runtime hands the reviver each value's source text
 * (Node 21 and later; on older runtimes they stay plain numbers). Throws as JSON.parse does. The
 * reviver recurses once per level, so check the nesting first (deeperThan).
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: unknown }) =>
    typeof value === 'number' && typeof context?.source === 'string'
      ? new JsonNumber(context.source, value)
      : value
  )
}

/**
 * The offset of the first `[` or `{` that opens more than `max` levels, else undefined. A scan
 * of the text, strings skipped, so it costs no stack however deep the text goes.
 */
export function deeperThan(text: string, max: number): number | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return i
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--
    }
  }
  return undefined
}

/**
 * A number's text for a build: the digits as sent. Without its source text (an old runtime) only
 * a safe integer is known exactly; anything else may have lost digits, and is undefined.
 */
export function numberText(n: JsonNumber | number): string | undefined {
  if (n instanceof JsonNumber) return n.source
  return Number.isSafeInteger(n) ? String(n) : undefined
}

/** 1-based line of an offset, for messages. */
export function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}
