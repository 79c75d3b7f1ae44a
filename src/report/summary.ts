// The job summary: headline, then a table of every target, failures first. Server text is
// escaped; a fleet too large for GitHub's limits (1 MiB a summary, 65,536 characters a comment)
// is cut with a note. Pure.
import { failing, isGroupEntry, type TargetVerdict, type Verdict } from '../verdict/judge.js'
import { forMarkdown } from './sanitize.js'

export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024

const ICON = { current: '✅', stale: '❌', mixed: '🔀', missing: '⚠️', undeclared: '❔' } as const

export function renderSummary(
  v: Verdict,
  headlineText: string,
  limit = SUMMARY_LIMIT_BYTES,
  outcome = v.result === 'pass' ? '✅ pass' : '❌ fail'
): string {
  const head: string[] = [`## fleet-check: ${outcome}`, '', forMarkdown(headlineText, 2000), '']
  if (v.consensus && v.groups.length) {
    head.push('Builds reported:', '')
    for (const g of v.groups.slice(0, 20)) {
      const names = g.targets
        .slice(0, 10)
        .map(n => forMarkdown(n))
        .join(', ')
      const more = g.targets.length > 10 ? ` and ${g.targets.length - 10} more` : ''
      head.push(`- ${cell(g.build)}: ${g.targets.length} (${names}${more})`)
    }
    if (v.groups.length > 20) head.push(`- and ${v.groups.length - 20} more builds`)
    head.push('')
  }
  head.push('| Status | Target | Reported | Expected | Reason |', '| --- | --- | --- | --- | --- |')

  const off = failing(v)
  const failed = new Set<TargetVerdict>(off)
  const order = [...off, ...v.targets.filter(t => !failed.has(t))]
  // `addresses: all`: each group is one row of its entries, where its first one would be.
  const units = v.targets.some(t => t.group !== undefined) ? groupedRows(order) : order
  let size = Buffer.byteLength(head.join('\n'))
  const rows: string[] = []
  let shown = 0
  for (const u of units) {
    const row = Array.isArray(u) ? renderGroupRow(u, failed) : renderRow(u)
    size += Buffer.byteLength(row) + 1
    if (size > limit) break
    rows.push(row)
    shown += Array.isArray(u) ? u.length : 1
  }
  const lines = [...head, ...rows]
  if (shown < order.length) {
    lines.push(
      '',
      `_Table cut at ${shown} of ${order.length} targets to fit GitHub's size limit; the \`report\` output and \`report-path\` have every target._`
    )
  }
  return lines.join('\n') + '\n'
}

function renderRow(t: TargetVerdict): string {
  const reason =
    t.reason === null
      ? ''
      : forMarkdown(t.reason) + (t.attempts > 1 ? ` (${t.attempts} attempts)` : '')
  return `| ${ICON[t.status]} ${t.status} | ${forMarkdown(t.name)} | ${cell(t.reported)} | ${cell(t.expected)} | ${reason} |`
}

/**
 * The rows in `order` (failures first), with each group's entries gathered into one row at the
 * place of its first entry: a group with a failing entry is among the failures. Inside, the
 * group's own entry first, then failing instances, then the rest, each in fleet order.
 */
function groupedRows(order: readonly TargetVerdict[]): (TargetVerdict | TargetVerdict[])[] {
  const members = new Map<string, TargetVerdict[]>()
  for (const t of order) {
    if (t.group === undefined) continue
    const list = members.get(t.group)
    if (list) list.push(t)
    else members.set(t.group, [t])
  }
  const done = new Set<string>()
  const rows: (TargetVerdict | TargetVerdict[])[] = []
  for (const t of order) {
    if (t.group === undefined) rows.push(t)
    else if (!done.has(t.group)) {
      done.add(t.group)
      const list = members.get(t.group) as TargetVerdict[]
      rows.push([...list.filter(isGroupEntry), ...list.filter(x => !isGroupEntry(x))])
    }
  }
  return rows
}

/** Instance lines a group's row shows at most; the report has them all. */
const INSTANCE_LINES = 100

/**
 * A group of `addresses: all`: "api: 7 of 8 instances current", opening to one line per
 * instance; the group's own reason (a name that did not resolve, a count not met) and how many
 * instances fail, in the Reason column.
 */
function renderGroupRow(entries: readonly TargetVerdict[], failed: Set<TargetVerdict>): string {
  const own = entries.find(isGroupEntry)
  const instances = entries.filter(t => !isGroupEntry(t))
  const name = entries[0].group as string
  const current = instances.filter(t => t.status === 'current').length
  const worst = entries.find(t => failed.has(t))
  const status = worst?.status ?? own?.status ?? 'current'
  let target = forMarkdown(name)
  if (instances.length) {
    const lines = instances.slice(0, INSTANCE_LINES).map(instanceLine)
    if (instances.length > INSTANCE_LINES)
      lines.push(`… and ${instances.length - INSTANCE_LINES} more: the report lists every instance`)
    const title = forMarkdown(`${name}: ${current} of ${instances.length} instances current`)
    target = `<details><summary>${title}</summary>${lines.join('<br>')}</details>`
  }
  const builds = [
    ...new Set(
      instances.flatMap(t => (t.status === 'current' || t.status === 'stale' ? [t.reported] : []))
    )
  ]
  const reported = builds.length > 1 ? `${builds.length} builds` : cell(builds[0] ?? null)
  const expected = own?.expected ?? instances[0]?.expected ?? null
  const tallies = (['stale', 'mixed', 'missing'] as const)
    .map(s => [s, instances.filter(t => t.status === s).length] as const)
    .filter(([, k]) => k > 0)
    .map(([s, k]) => `${k} ${s}`)
  const reason = [
    ...(own
      ? [forMarkdown(own.reason ?? '') + (own.attempts > 1 ? ` (${own.attempts} attempts)` : '')]
      : []),
    ...tallies
  ].join('; ')
  return `| ${ICON[status]} ${status} | ${target} | ${reported} | ${cell(expected)} | ${reason} |`
}

/** One instance inside its group's row: its name, and its build or why it has none. */
function instanceLine(t: TargetVerdict): string {
  const name = `${ICON[t.status]} ${forMarkdown(t.name)}`
  if (t.status === 'current') return `${name} ${cell(t.reported)}`
  if (t.status === 'stale') return `${name} stale ${cell(t.reported)}`
  return `${name} ${t.status}: ${forMarkdown(t.reason ?? '')}`
}

function cell(build: string | null): string {
  return build === null ? '—' : `<code>${forMarkdown(build, 80)}</code>`
}
