// Text from servers (and from users) is untrusted wherever it is printed.

/**
 * Characters that are invisible or break a line: controls (Cc), format characters (Cf: bidi
 * overrides and isolates, zero-width characters, the soft hyphen, U+061C, tags...) and the
 * Unicode line and paragraph separators. By category, not a list, so none is forgotten.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu

/**
 * Printable ASCII alone: nothing invisible, no surrogate, and a letter or digit is [A-Za-z0-9].
 * Most text is, and for it the functions below skip the regular expressions with Unicode
 * classes, each of which takes V8 0.2 to 1 ms to compile on its first use, in every run.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/** "\u202e", or "\u{e0001}" beyond the BMP: visible, and still tells which character it was. */
export function escapeCodePoint(c: string): string {
  const cp = c.codePointAt(0) as number
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`
}

/**
 * JSON for a stream that is a terminal as often as a program: JSON.stringify leaves C1 controls
 * (U+009B is a terminal's CSI), DEL and format characters (bidi overrides) raw, so every
 * invisible character but the line feeds of the layout is written as \u escapes too, each
 * UTF-16 unit (JSON has no \u{...}). The same document once parsed.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(INVISIBLE, c =>
    c === '\n'
      ? c
      : Array.from(
          { length: c.length },
          (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`
        ).join('')
  )
}

/** Invisible characters (see INVISIBLE) written out as \uXXXX, except line feeds if `lines`. */
export function showInvisible(text: string, lines = false): string {
  if (PRINTABLE_ASCII.test(text)) return text
  return text.replace(INVISIBLE, c => (lines && c === '\n' ? c : escapeCodePoint(c)))
}

/** At most `max` UTF-16 units, never half of a surrogate pair, with … when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max
  return `${text.slice(0, end)}…`
}

/** What forLog changes: an invisible character (INVISIBLE, not global), "::" or "##[". */
const LOG_UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]|::|##\[/u

/**
 * For log lines and annotations: one line, every invisible character written out as \uXXXX, and
 * nothing the runner would take as a workflow command ("::cmd::" at a line start, the legacy
 * "##[cmd]" anywhere). To break those, a U+200B (ZERO WIDTH SPACE) is put between the two colons
 * of every "::" and the two hashes of "##[": the only format character in the output, since any
 * the text had is written out first.
 */
export function forLog(text: string, max = 200): string {
  // Most text has nothing to write out or break: one scan instead of three replacements.
  const plain = PRINTABLE_ASCII.test(text)
    ? !text.includes('::') && !text.includes('##[')
    : !LOG_UNSAFE.test(text)
  if (plain) return cut(text, max)
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

/**
 * Server text for Markdown (the job summary, the PR comment): a code span, whose content
 * CommonMark keeps literal (no emphasis, link, image, HTML or entity; a backslash is a
 * backslash) and which GitHub's mentions, emoji, #references and autolinks skip. So the raw
 * Markdown reads as the text itself. Invisible characters and line breaks are written out as
 * \uXXXX (a code span would show them as nothing, or as spaces), lone surrogates too. The
 * fence is one backtick longer than the longest run inside, so no run in the text can close
 * it; a space pads text that starts or ends with a backtick (CommonMark strips one each side).
 * Never put two code spans side by side: "`a``b`" is one span.
 */
export function markdownCode(text: string, max = 200): string {
  const shown = showInvisible(cut(text, max)).replace(LONE_SURROGATE, escapeCodePoint)
  if (shown === '') return '` `'
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad =
    /^`|`$/.test(shown) || (shown.startsWith(' ') && shown.endsWith(' ') && shown.trim() !== '')
  return pad ? `${fence} ${shown} ${fence}` : `${fence}${shown}${fence}`
}

/** What starts markup in prose (see markdownText), and GFM's "www." autolinks. */
const MARKUP = /[\\`*[\]<>~|@]|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_|&(?=#?\w+;)|:(?=\/\/)/gu
const WWW = /(?<![\p{L}\p{N}])(www)\./giu
const MARKUP_ASCII = /[\\`*[\]<>~|@]|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_|&(?=#?\w+;)|:(?=\/\/)/g
const WWW_ASCII = /(?<![A-Za-z0-9])(www)\./gi

/**
 * Our own words with a value in them (an expected build's source) as Markdown prose: a
 * backslash before each character that would start markup: emphasis, code, links, HTML,
 * entities, strikethrough, table pipes, what GFM autolinks (`scheme://`, `www.`, an e-mail's
 * @), and at the start a heading, quote, list or the like. `_` inside a word starts nothing.
 * Server text goes in markdownCode instead: only a code span is safe from GitHub's mentions.
 */
export function markdownText(text: string, max = 2000): string {
  // Printable ASCII (and the … of a cut, neither letter nor digit): the same rules, ASCII classes.
  const ascii = PRINTABLE_ASCII.test(text)
  const shown = ascii ? cut(text, max) : showInvisible(cut(text, max))
  return (
    (ascii ? shown : shown.replace(LONE_SURROGATE, escapeCodePoint))
      .replace(/^ +/, '')
      .replace(ascii ? MARKUP_ASCII : MARKUP, c => `\\${c}`)
      // GFM links "www." after a space, a delimiter (`_`, `*`, `~`, `(`) or at the start.
      .replace(ascii ? WWW_ASCII : WWW, '$1\\.')
      // At the start of a line: a heading, a list, a setext underline.
      .replace(/^([#+\-=])|^(\d+)(?=[.)])/, (_, mark?: string, n?: string) =>
        mark ? `\\${mark}` : `${n}\\`
      )
  )
}
