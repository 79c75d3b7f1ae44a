// The job summary: headline, then a table of every target, failures first. Server text is
// escaped; a fleet too large for GitHub's limits (1 MiB a summary, 65,536 characters a comment)
// is cut with a note. Pure.
import { failing, type TargetVerdict, type Verdict } from '../verdict/judge.js'
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
  let size = Buffer.byteLength(head.join('\n'))
  const rows: string[] = []
  for (const t of order) {
    const row = renderRow(t)
    size += Buffer.byteLength(row) + 1
    if (size > limit) break
    rows.push(row)
  }
  const lines = [...head, ...rows]
  if (rows.length < order.length) {
    lines.push(
      '',
      `_Table cut at ${rows.length} of ${order.length} targets to fit GitHub's size limit; the \`report\` output and \`report-path\` have every target._`
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

function cell(build: string | null): string {
  return build === null ? '—' : `<code>${forMarkdown(build, 80)}</code>`
}
