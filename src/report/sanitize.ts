// Text from servers (and from users) is untrusted wherever it is printed.

/**
 * Characters that are invisible or break a line: controls (Cc), format characters (Cf: bidi
 * overrides and isolates, zero-width characters, the soft hyphen, U+061C, tags...) and the
 * Unicode line and paragraph separators. By category, not a list, so none is forgotten.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu

/** "\u202e", or "\u{e0001}" beyond the BMP: visible, and still tells which character it was. */
export function escapeCodePoint(c: string): string {
  const cp = c.codePointAt(0) as number
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`
}

/** Invisible characters (see INVISIBLE) written out as \uXXXX, except line feeds if `lines`. */
export function showInvisible(text: string, lines = false): string {
  return text.replace(INVISIBLE, c => (lines && c === '\n' ? c : escapeCodePoint(c)))
}

/** At most `max` UTF-16 units, never half of a surrogate pair, with … when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max
  return `${text.slice(0, end)}…`
}

/**
 * For log lines and annotations: one line, every invisible character written out as \uXXXX, and
 * nothing the runner would take as a workflow command ("::cmd::" at a line start, the legacy
 * "##[cmd]" anywhere). To break those, a U+200B (ZERO WIDTH SPACE) is put between the two colons
 * of every "::" and the two hashes of "##[": the only format character in the output, since any
 * the text had is written out first.
 */
export function forLog(text: string, max = 200): string {
  const one = showInvisible(text)
    .replace(/:(?=:)/g, ':\u200b')
    .replace(/#(?=#\[)/g, '#\u200b')
  return cut(one, max)
}

/** A lone half of a surrogate pair: a terminal would show U+FFFD in its place. */
const LONE_SURROGATE = /[\ud800-\udfff]/gu

/**
 * For a terminal (the command line's text output): one line, every invisible character (ESC
 * included, so no escape sequence reaches the terminal) and every lone surrogate written out as
 * \uXXXX, cut at `max`. No workflow-command breaker as in forLog: the command prints this only
 * outside GitHub Actions, where nothing reads workflow commands.
 */
export function forTerminal(text: string, max = 200): string {
  return cut(showInvisible(text).replace(LONE_SURROGATE, escapeCodePoint), max)
}

const MARKDOWN_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '#': '&#35;',
  '!': '&#33;',
  '~': '&#126;',
  '@': '&#64;',
  ':': '&#58;'
}

/** For Markdown and HTML (job summary, comments): every character with a meaning becomes an entity. */
export function forMarkdown(text: string, max = 200): string {
  return cut(text, max)
    .replace(INVISIBLE, ' ')
    .replace(/[&<>"'|\\`*_[\]()#!~@:]/g, c => MARKDOWN_ENTITIES[c])
}
