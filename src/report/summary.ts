// The job summary, and the PR comment: at the top the verdict, a count of what failed, the
// expected build (short) and where it came from; then the failing targets, one list per status,
// each with its name, short build, reason and URL; the current targets folded into <details>.
// Lists, not a table: a list item wraps whatever it holds (GitHub's Markdown CSS has
// overflow-wrap: break-word), while a table column is as wide as its longest unbreakable word
// (40-hex hashes and long names made the old table about 1,100 px in a 900 px panel).
// Server text is only ever inside code spans (markdownCode): literal for Markdown and skipped by
// GitHub's mentions and autolinks, so the raw Markdown reads as the text itself. A fleet too
// large for GitHub's limits (1 MiB a summary, 65,536 characters a comment) is listed in part,
// saying how many more the report has. Pure.
import { shortBuild, shortBuilds } from '../build/compare.js'
import { plural } from '../common/plural.js'
import { cacheEvidence } from '../verdict/cache-evidence.js'
import { failingChecks } from '../verdict/checks.js'
import {
  fails,
  isGroupEntry,
  type FailingVerdict,
  type Status,
  type TargetVerdict,
  type Verdict
} from '../verdict/judge.js'
import { markdownCode, markdownText } from './sanitize.js'

export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024

/** Failing targets listed at most: past that a page is no longer read, and the report has all. */
export const MAX_LISTED = 1000
/** Current targets named at most inside their <details>. */
export const MAX_CURRENT_NAMED = 1000

/** Longest texts shown, in UTF-16 units; the report has them whole. */
const MAX = { name: 200, build: 40, reason: 400, url: 300 } as const

export interface SummaryOptions {
  /** where the expected build came from, as resolve.ts words it ("input `expected`") */
  expectedSource?: string
  /** our own account, above the count of failing targets (a cancelled run's) */
  note?: string
  /** the title's outcome: by default "✅ pass" or "❌ fail" */
  outcome?: string
  /** bytes the summary may take */
  limit?: number
}

type NotCurrent = Exclude<Status, 'current'>

const ICON = { current: '✅', stale: '❌', mixed: '🔀', missing: '⚠️', undeclared: '❔' } as const
const SECTIONS: readonly NotCurrent[] = ['stale', 'mixed', 'missing', 'undeclared']

const MORE_WHERE = 'the `report` output and `report-path` list every target'

export function renderSummary(v: Verdict, options: SummaryOptions = {}): string {
  const limit = options.limit ?? SUMMARY_LIMIT_BYTES
  // Everything (up to the listing caps) when it fits: the budgeting below reserves room for
  // notes on what it leaves out, and would cut a summary that fits to the byte.
  const listed = listing(v)
  const whole = layout(v, options, listed, Infinity)
  return bytes(whole) <= limit ? whole : layout(v, options, listed, limit)
}

/** What the summary shows of the targets, gathered in one pass over them. */
interface Listing {
  /** each status but current: how many targets, and the items of the first MAX_LISTED */
  sections: Map<NotCurrent, { count: number; items: string[] }>
  current: TargetVerdict[]
  /** `addresses: all` and `kubernetes`: each group's instances, and how many are current */
  groups: Map<string, { current: number; all: number }>
  /** whether a stale target is stale for a check (its build may be the expected one) */
  staleChecks: boolean
  /** how many targets of each status fail the fleet (as failing() counts them) */
  failing: Record<Status, number>
}

/**
 * Every target not current, by status, in fleet order; allowed undeclared entries too. Past
 * MAX_LISTED of a status they are only counted: no more are ever listed (see itemsEach).
 */
function listing(v: Verdict): Listing {
  const sections = new Map<NotCurrent, { count: number; items: string[] }>(
    SECTIONS.map(s => [s, { count: 0, items: [] }])
  )
  const current: TargetVerdict[] = []
  const groups = new Map<string, { current: number; all: number }>()
  let staleChecks = false
  const failing = { current: 0, stale: 0, mixed: 0, missing: 0, undeclared: 0 }
  const allowUndeclared = v.allowUndeclared ?? false
  for (const t of v.targets) {
    if (t.group !== undefined) {
      const g = groups.get(t.group) ?? { current: 0, all: 0 }
      groups.set(t.group, g)
      if (!isGroupEntry(t)) {
        g.all++
        if (t.status === 'current') g.current++
      }
    }
    if (t.status === 'current') {
      current.push(t)
      continue
    }
    if (fails(t, allowUndeclared)) failing[t.status]++
    if (t.status === 'stale' && !staleChecks) staleChecks = failingChecks(t.checks) !== ''
    const section = sections.get(t.status) as { count: number; items: string[] }
    if (section.count++ < MAX_LISTED) section.items.push(item(v, t))
  }
  return { sections, current, groups, staleChecks, failing }
}

/** The summary, listing as much as `limit` bytes hold. */
function layout(v: Verdict, options: SummaryOptions, listed: Listing, limit: number): string {
  const outcome = options.outcome ?? (v.result === 'pass' ? '✅ pass' : '❌ fail')
  const head = [
    `## fleet-check: ${outcome}`,
    '',
    [
      ...[markdownText(options.note ?? '')].filter(note => note !== ''),
      countLine(v, listed),
      expectedLine(v, options.expectedSource),
      ...buildsLine(v),
      ...instancesLine(listed.groups)
    ].join('\\\n'),
    ''
  ].join('\n')

  const { current } = listed
  const sections = SECTIONS.filter(s => listed.sections.get(s)?.count).map(s => {
    const { count, items } = listed.sections.get(s) as { count: number; items: string[] }
    // The longest "and N more" line it can end with: its size is reserved.
    return { heading: heading(v, listed, s, count), count, items, more: moreLine(count) }
  })

  // What is always written, then as many items of each section as fit (the same number of each,
  // so that a thousand stale targets do not hide the one missing), then current names.
  const currentHead = current.length
    ? `<details><summary>${plural(current.length, 'current target')}</summary>\n\n`
    : ''
  const currentTail = current.length ? `\n\n</details>\n` : ''
  const fixed =
    bytes(head) +
    sections.reduce((n, s) => n + bytes(s.heading) + bytes(s.more) + 4, 0) +
    // the newline before it, and the longest note it can end with
    (current.length
      ? bytes(currentHead) + bytes(currentTail) + 1 + bytes(namesLeftOut(current.length))
      : 0)
  const k = itemsEach(
    sections.map(s => s.items.map(i => bytes(i) + 1)),
    limit - fixed
  )
  const out = [head]
  let size = fixed
  for (const s of sections) {
    const shown = s.items.slice(0, k)
    size += shown.reduce((n, i) => n + bytes(i) + 1, 0)
    const rest = s.count - shown.length
    out.push(`${s.heading}\n\n${[...shown, ...(rest ? [moreLine(rest)] : [])].join('\n')}\n`)
  }
  if (current.length)
    out.push(
      `${currentHead}${currentNames(v, current, limit - size + bytes(namesLeftOut(current.length)))}${currentTail}`
    )
  return out.join('\n')
}

/** "**3 targets failing:** 2 stale, 1 missing; 7 current." */
function countLine(v: Verdict, listed: Listing): string {
  const off = listed.failing
  const failingCount = SECTIONS.reduce((n, s) => n + off[s], 0)
  const current = listed.current.length
  const allowed = v.allowUndeclared ? (listed.sections.get('undeclared')?.count ?? 0) : 0
  const also = allowed
    ? ` ${plural(allowed, 'undeclared entry', 'undeclared entries')} allowed.`
    : ''
  if (v.targets.length === 0) return '**No targets.**'
  if (failingCount === 0) {
    const all = current === 1 ? '**1 target current.**' : `**All ${current} targets current.**`
    const r = v.rounds
    const rounds =
      v.result === 'fail' && r
        ? ` But only for ${plural(r.passesInARow, 'round')} in a row, of the ${r.required} required before the deadline.`
        : ''
    return `${all}${also}${rounds}`
  }
  const failingCounts = SECTIONS.filter(s => off[s] > 0).map(s => `${off[s]} ${s}`)
  return `**${plural(failingCount, 'target')} failing:** ${failingCounts.join(', ')}; ${current} current.${also}`
}

/** "Expected build `9f8e7d6`, from input `expected`." */
function expectedLine(v: Verdict, source: string | undefined): string {
  const from = source ? `, from ${sourceText(source)}` : ''
  if (v.expected !== null) return `Expected build ${markdownCode(shortBuild(v.expected))}${from}.`
  // (Under consensus the source says only that: the line says why there is none.)
  return v.consensus ? 'No expected build: no build has a majority.' : `No expected build${from}.`
}

/** Our words with `code` in backticks (resolve.ts's sources): code spans, the rest prose. */
function sourceText(source: string): string {
  const parts = source.split('`')
  if (parts.length % 2 === 0) return markdownText(source)
  return parts.map((p, i) => (i % 2 ? markdownCode(p) : markdownText(p))).join('')
}

/** Consensus: the builds reported, most common first. */
function buildsLine(v: Verdict): string[] {
  if (!v.consensus || v.groups.length < 2) return []
  const SHOWN = 10
  const shown = shortBuilds(v.groups.map(g => g.build))
  const builds = v.groups
    .slice(0, SHOWN)
    .map((g, i) => `${markdownCode(shown[i], MAX.build)} by ${g.targets.length}`)
  const rest = v.groups.length - SHOWN
  return [
    `Builds reported: ${builds.join(', ')}${rest > 0 ? `, and ${plural(rest, 'more build')}` : ''}.`
  ]
}

/** `addresses: all` and `kubernetes`: how many instances of each group are current. */
function instancesLine(groups: Listing['groups']): string[] {
  if (groups.size === 0) return []
  const SHOWN = 20
  const shown = [...groups]
    .slice(0, SHOWN)
    .map(([name, g]) =>
      g.all
        ? `${markdownCode(name, 100)} ${g.current} of ${plural(g.all, 'instance')} current`
        : `${markdownCode(name, 100)} no instance found`
    )
  const rest = groups.size - SHOWN
  return [`Instances: ${shown.join(', ')}${rest > 0 ? `, and ${plural(rest, 'more group')}` : ''}.`]
}

function heading(v: Verdict, listed: Listing, s: NotCurrent, n: number): string {
  const what = {
    stale: `${plural(n, 'target')} on another build${listed.staleChecks ? ' or off a check' : ''}`,
    mixed: `${plural(n, 'target')} whose samples disagree`,
    missing: `${plural(n, 'target')} with no usable report`,
    undeclared: `${plural(n, 'entry', 'entries')} the fleet does not declare${v.allowUndeclared ? ' (allowed)' : ''}`
  }[s]
  return `### ${ICON[s]} ${s[0].toUpperCase()}${s.slice(1)}: ${what}`
}

function moreLine(rest: number): string {
  return `- … and ${rest} more: ${MORE_WHERE}.`
}

/**
 * One target: its name, what it reported or why it has no report, then where it was asked.
 * Stale ones give the short build, not the reason's two full hashes; the expected build only
 * when it is not the one at the top (a target with an expected build of its own).
 */
function item(v: Verdict, t: FailingVerdict): string {
  const name = markdownCode(t.name, MAX.name)
  let line: string
  if (t.status === 'stale') {
    const runs = markdownCode(shortBuild(t.reported, t.expected), MAX.build)
    // On the expected build, with a check off: the checks are what to show.
    const checks = failingChecks(t.checks)
    const parts =
      t.code === 'check-stale'
        ? [`${name}: ${markdownCode(checks, MAX.reason)}`]
        : [t.code === 'no-consensus' ? `${name} reports ${runs}` : `${name} runs ${runs}`]
    if (t.expected !== null && t.expected !== v.expected)
      parts.push(`expected ${markdownCode(shortBuild(t.expected, t.reported), MAX.build)}`)
    const cached = cacheEvidence(t.cache)
    if (cached) parts.push(`served from a cache (${markdownCode(cached)})`)
    // judge.ts adds this to the reason of a pod that is going away.
    if (t.reason.endsWith(' (pod terminating)')) parts.push('pod terminating')
    line = parts.join(', ')
    if (checks && t.code !== 'check-stale') line += `; ${markdownCode(checks, MAX.reason)}`
  } else {
    // A value that is no commit is quoted whole in the reason already.
    const reports =
      t.reported !== null && t.code !== 'not-a-commit'
        ? ` reports ${markdownCode(shortBuild(t.reported), MAX.build)}`
        : ''
    const attempts = t.attempts > 1 ? `, after ${t.attempts} attempts` : ''
    line = `${name}${reports}: ${markdownCode(t.reason, MAX.reason)}${attempts}`
  }
  const where = whereAsked(t)
  // A backslash at the end of a line is a line break in CommonMark.
  return where ? `- ${line}\\\n  ${where}` : `- ${line}`
}

/** The URL asked (redacted with the verdict) and where a redirect led; none for a file entry. */
function whereAsked(t: TargetVerdict): string {
  if (!t.url) return ''
  const url = markdownCode(t.url, MAX.url)
  const final = 'finalUrl' in t && t.finalUrl && t.finalUrl !== t.url ? t.finalUrl : undefined
  return final ? `${url}, redirected to ${markdownCode(final, MAX.url)}` : url
}

/** Names of current targets, as many as `budget` bytes hold (at most MAX_CURRENT_NAMED). */
function currentNames(v: Verdict, current: readonly TargetVerdict[], budget: number): string {
  const names: string[] = []
  let size = 0
  const reserve = bytes(namesLeftOut(current.length))
  for (const t of current) {
    if (names.length === MAX_CURRENT_NAMED) break
    // A target with an expected build of its own says which.
    const own =
      t.expected !== v.expected && t.expected !== null
        ? ` (${markdownCode(shortBuild(t.expected), MAX.build)})`
        : ''
    const name = `${markdownCode(t.name, MAX.name)}${own}`
    const next = bytes(name) + 2
    // The last name needs no room for the note on the ones left out: there are none.
    const last = names.length + 1 === current.length
    if (size + next + (last ? 0 : reserve) > budget) break
    names.push(name)
    size += next
  }
  const rest = current.length - names.length
  // No longer than the note reserved for.
  if (names.length === 0) return `Not listed: ${MORE_WHERE}.`
  return names.join(', ') + (rest ? namesLeftOut(rest) : '')
}

function namesLeftOut(rest: number): string {
  return `, and ${rest} more: ${MORE_WHERE}.`
}

/**
 * How many items of each section fit in `budget` bytes, at most MAX_LISTED in all: the largest
 * k such that the first k of every section (all of a shorter one) fit. Sizes include newlines.
 */
function itemsEach(sizes: readonly number[][], budget: number): number {
  const sums = sizes.map(list => {
    const s = [0]
    for (const n of list) s.push(s[s.length - 1] + n)
    return s
  })
  const fits = (k: number) => {
    let total = 0
    let count = 0
    for (const s of sums) {
      const m = Math.min(k, s.length - 1)
      total += s[m]
      count += m
    }
    return total <= budget && count <= MAX_LISTED
  }
  let lo = 0
  let hi = Math.max(0, ...sizes.map(l => l.length))
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (fits(mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

function bytes(text: string): number {
  return Buffer.byteLength(text)
}
