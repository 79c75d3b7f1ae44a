// Secrets out of any text, whatever their length. Pure.

export const MASK = '***'

/**
 * A function that replaces every secret in a text with ***, whatever its length. Secrets that
 * overlap or touch are replaced together by one ***, so no part of one is left behind; for
 * secrets without a `*`, no secret occurs in the result and a second pass changes nothing.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets)].filter(s => s !== '')
  if (list.length === 0) return text => text
  return text => {
    // Every occurrence of every secret, overlapping ones too.
    const spans: [number, number][] = []
    for (const s of list) {
      for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) {
        spans.push([i, i + s.length])
      }
    }
    if (spans.length === 0) return text
    spans.sort((a, b) => a[0] - b[0])
    let out = ''
    let kept = 0
    let [start, end] = spans[0]
    for (const [a, b] of spans) {
      if (a <= end) end = Math.max(end, b)
      else {
        out += text.slice(kept, start) + MASK
        kept = end
        start = a
        end = b
      }
    }
    return out + text.slice(kept, start) + MASK + text.slice(end)
  }
}

/** One text with every secret replaced by ***. */
export function redact(text: string, secrets: readonly string[]): string {
  return redactor(secrets)(text)
}
