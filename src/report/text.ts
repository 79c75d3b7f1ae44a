// The command line's output for people: a line per target that is not current (every target
// with --verbose), grouped by status, in aligned columns, then the headline. Pure: the caller
// prints the lines and chooses the colours (util.styleText, or none).
import { shortBuild } from '../build/compare.js'
import { failing, type Status, type TargetVerdict, type Verdict } from '../verdict/judge.js'
import { headline } from './headline.js'
import { forTerminal } from './sanitize.js'

export type TextFormat = 'red' | 'green' | 'yellow' | 'bold' | 'dim'

export interface TextOptions {
  /** a line for every target, current ones too */
  verbose: boolean
  /** colours a piece of text; the identity when there is no colour */
  style: (format: TextFormat, text: string) => string
}

/** Worst first: what most needs a look comes first. */
const ORDER: readonly Status[] = ['stale', 'mixed', 'missing', 'undeclared', 'current']

/** Widest columns: a longer name or build overflows its own line only, not every line. */
const NAME_COLUMN = 40
const BUILD_COLUMN = 16
/** Longest text shown of a name, reason or URL (like the log); a build is cut shorter. */
const MAX_TEXT = 200
const MAX_BUILD = 40
/** The headline names at most five targets with their reasons. */
const MAX_HEADLINE = 2000
const GAP = '  '

interface Row {
  t: TargetVerdict
  /** an undeclared entry that allow-undeclared lets pass */
  allowed: boolean
  status: string
  name: string
  build: string
}

/**
 * The lines to print. Every name and every piece of server text goes through forTerminal: no
 * control character (ESC included) or invisible format character reaches the terminal raw.
 * Columns are padded by their visible width before styling, so colours never shift them.
 */
export function renderText(v: Verdict, options: TextOptions): string[] {
  const { style } = options
  const failed = new Set<TargetVerdict>(failing(v))
  const byStatus = new Map<Status, TargetVerdict[]>(ORDER.map(s => [s, []]))
  for (const t of v.targets) {
    if (options.verbose || t.status !== 'current') byStatus.get(t.status)?.push(t)
  }
  const rows: Row[] = ORDER.flatMap(s => byStatus.get(s) ?? []).map(t => ({
    t,
    allowed: t.status === 'undeclared' && !failed.has(t),
    status: t.status,
    name: forTerminal(t.name, MAX_TEXT),
    build: buildOf(t)
  }))
  const statusWidth = widest(
    rows.map(r => r.status),
    Infinity
  )
  const nameWidth = widest(
    rows.map(r => r.name),
    NAME_COLUMN
  )
  const buildWidth = widest(
    rows.map(r => r.build),
    BUILD_COLUMN
  )

  const lines = rows.map(r => {
    const cells = [
      style(statusColour(r), r.status) + padding(r.status, statusWidth),
      r.name + padding(r.name, nameWidth),
      r.build + padding(r.build, buildWidth)
    ]
    if (r.t.reason !== null) {
      cells.push(forTerminal(r.t.reason, MAX_TEXT) + (r.allowed ? ' (allowed)' : ''))
    }
    const url = urlOf(r.t)
    if (url) cells.push(style('dim', url))
    return cells.join(GAP).trimEnd()
  })
  const pass = v.result === 'pass'
  const mark = style(pass ? 'green' : 'red', pass ? '✓' : '✗')
  const head = `${mark} ${style('bold', forTerminal(headline(v), MAX_HEADLINE))}`
  return lines.length ? [...lines, '', head] : [head]
}

function statusColour(r: Row): TextFormat {
  if (r.t.status === 'current') return 'green'
  return r.allowed ? 'yellow' : 'red'
}

/** The reported build's short form (the whole build where that would look like the expected). */
function buildOf(t: TargetVerdict): string {
  if (t.reported === null) return '-'
  return forTerminal(shortBuild(t.reported, t.expected), MAX_BUILD)
}

/** The URL asked, and where a redirect led (followed, or refused for another host). */
function urlOf(t: TargetVerdict): string {
  if (!t.url) return '' // a reports-file entry no target declares was never asked
  const url = forTerminal(t.url, MAX_TEXT)
  if (!('finalUrl' in t) || !t.finalUrl) return url
  return `${url} (redirected to ${forTerminal(t.finalUrl, MAX_TEXT)})`
}

function widest(cells: readonly string[], cap: number): number {
  return Math.min(
    cap,
    cells.reduce((most, c) => Math.max(most, columns(c)), 0)
  )
}

function padding(cell: string, width: number): string {
  return ' '.repeat(Math.max(0, width - columns(cell)))
}

const ZERO_WIDTH = /[\p{Mn}\p{Me}]/u
/** East Asian wide and fullwidth characters and emoji: two columns in a terminal. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}\p{Emoji_Presentation}]/u

/**
 * How many terminal columns a text takes. Its invisible characters are already written out, so
 * only combining marks (none) and wide characters (two) differ from one column per code point.
 */
export function columns(text: string): number {
  let n = 0
  for (const c of text) n += ZERO_WIDTH.test(c) ? 0 : WIDE.test(c) ? 2 : 1
  return n
}
