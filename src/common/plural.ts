/**
 * A count and its noun, in the number it takes: "1 target", "2 targets", "1 entry",
 * "3 entries", "1 address". `many` for a noun the rules get wrong.
 */
export function plural(n: number, one: string, many?: string): string {
  return `${n} ${n === 1 ? one : (many ?? pluralOf(one))}`
}

function pluralOf(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`
  return `${word}s`
}
