// What a run leaves behind, read as the runner and a user read it: the JSON report, the name
// outputs, workflow commands in the log, the job summary; the expectations built on them; and
// the builds the tests use.
import { expect } from '@jest/globals'
import { marked } from 'marked'
import type { Report, ReportTarget } from '../../src/report/report-json.js'
import type { Status } from '../../src/verdict/judge.js'
import type { ActionRun } from './run-action.js'

/** runAction's default GITHUB_SHA */
export const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
export const SHORT = '9f8e7d6'
export const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
/** A third build, neither expected nor OLD. */
export const NEWER = '5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d'

/**
 * What a run may take besides the waits its inputs allow: reading the fleet, writing outputs, a
 * loaded machine; starting a process too when FLEET_CHECK_TEST_BUNDLE=1. Generous, never flaky.
 */
export const OVERHEAD_MS = process.env.FLEET_CHECK_TEST_BUNDLE === '1' ? 5_000 : 2_000

/**
 * The `report` output and report-path, as the README documents them: the declared contract in
 * src/report/report-json.ts, which the action's own report is built to. report-contract.test.ts
 * checks that what a run writes has that shape, field by field.
 */
export type { Report, ReportTarget as TargetReport }
export type { Status }

export function report(run: ActionRun): Report {
  return JSON.parse(run.outputs.report) as Report
}

/** The report of one target, by name. */
export function target(run: ActionRun, name: string): ReportTarget {
  const t = report(run).targets.find(x => x.name === name)
  if (!t) throw new Error(`no target ${name} in ${run.outputs.report}\n${run.stdout}`)
  return t
}

/** A name output (`current`, `stale`, ...), parsed. */
export function names(run: ActionRun, output: Status): string[] {
  return JSON.parse(run.outputs[output]) as string[]
}

/** The run's verdict on one target: its status and reason, the exit code and `result`. */
export function expectVerdict(
  run: ActionRun,
  name: string,
  status: Status,
  reason: string | RegExp | null
): ReportTarget {
  const t = target(run, name)
  expect({ status: t.status, code: run.code, result: run.outputs.result }).toEqual({
    status,
    code: status === 'current' ? 0 : 1,
    result: status === 'current' ? 'pass' : 'fail'
  })
  expect(names(run, status)).toContain(name)
  if (reason === null) expect(t.reason).toBeNull()
  else if (typeof reason === 'string') expect(t.reason).toBe(reason)
  else expect(t.reason).toMatch(reason)
  return t
}

/** The run ended, within `ms`: a deadline that is not enforced fails the test. */
export function expectWithin(run: ActionRun, ms: number): void {
  expect(run.code).not.toBeNull()
  expect({ ms: Math.round(run.ms), under: run.ms < ms }).toEqual({
    ms: Math.round(run.ms),
    under: true
  })
}

/** `round N (…s left): …` lines of the log. */
export function roundLines(log: string): string[] {
  return log.split('\n').filter(l => /^round \d+ \(/.test(l))
}

export interface Command {
  command: string
  properties: Record<string, string>
  message: string
  line: string
}

/** Workflow commands in a log, as the runner reads them (`::cmd k=v,...::message`). */
export function commands(log: string, name?: string): Command[] {
  const found: Command[] = []
  for (const line of log.split('\n')) {
    const m = /^\s*::([a-zA-Z-]+)( [^:]*)?::(.*)$/.exec(line)
    if (!m || (name !== undefined && m[1] !== name)) continue
    const properties: Record<string, string> = {}
    for (const pair of (m[2] ?? '').trim().split(',').filter(Boolean)) {
      const eq = pair.indexOf('=')
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
    found.push({ command: m[1], properties, message: unescapeData(m[3]), line })
  }
  return found
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

/** The messages of the `::error` commands in stdout. */
export function errors(run: ActionRun): string[] {
  return commands(run.stdout, 'error').map(c => c.message)
}

/**
 * Bad input: exit code 1, `result` is fail and is the only output, nothing says pass, and each
 * expected fragment is in one error annotation and in the job summary.
 */
export function expectBadInput(run: ActionRun, ...fragments: (string | RegExp)[]): string[] {
  expect(run.code).toBe(1)
  expect(run.outputs).toEqual({ result: 'fail' })
  expect(run.summary).toContain('## fleet-check: ❌ bad input')
  expect(run.summary).not.toMatch(/pass/i)
  expect(run.stdout).not.toMatch(/\bpass\b/i)
  const messages = commands(run.stdout, 'error').map(c => c.message)
  expect(messages.length).toBeGreaterThan(0)
  for (const f of fragments) {
    if (typeof f === 'string') {
      expect(messages.join('\n')).toContain(f)
      expect(run.summary).toContain(escapeHtml(f))
    } else {
      expect(messages.join('\n')).toMatch(f)
    }
  }
  return messages
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string)
}

/**
 * The targets of the job summary, one row each, as [status, name, reported, expected, reason,
 * url]: the failing ones from their sections (in the summary's order: stale, mixed, missing,
 * undeclared), then the current ones named in <details>. Code spans are read back to their
 * text; what a row does not show is ''.
 */
export function summaryRows(summary: string): string[][] {
  const ICONS: Record<string, string> = {
    stale: '❌',
    mixed: '🔀',
    missing: '⚠️',
    undeclared: '❔',
    current: '✅'
  }
  const rows: string[][] = []
  let status = ''
  let inCurrent = false
  for (const line of summary.split('\n')) {
    const section = /^### \S+ (Stale|Mixed|Missing|Undeclared):/.exec(line)
    if (section) status = section[1].toLowerCase()
    if (line.startsWith('<details><summary>') && / current targets?<\/summary>$/.test(line))
      inCurrent = true
    if (line === '</details>') inCurrent = false
    if (status && line.startsWith('- `')) {
      const spans = codeSpans(line)
      const [name, second] = spans
      const rest = line.slice(name.end)
      const runs = /^ (runs|reports) $/.test(line.slice(name.end, second?.start))
      const expected = spans.find(s => line.slice(0, s.start).endsWith('expected '))
      rows.push([
        `${ICONS[status]} ${status}`,
        name.text,
        runs ? second.text : '',
        expected?.text ?? '',
        status === 'stale' ? rest : runs ? (spans[2]?.text ?? '') : (second?.text ?? ''),
        ''
      ])
    } else if (status && /^ {2}`/.test(line) && rows.length) {
      rows[rows.length - 1][5] = codeSpans(line)[0].text
    } else if (inCurrent && line.startsWith('`')) {
      for (const span of codeSpans(line)) {
        // "name (`own expected build`)" gives the second span: not a name.
        if (line.slice(0, span.start).endsWith('(')) continue
        rows.push(['✅ current', span.text, '', '', '', ''])
      }
    }
  }
  return rows
}

/** The code spans of a line of Markdown (CommonMark's rule: a run closes at the same length). */
function codeSpans(line: string): { text: string; start: number; end: number }[] {
  const spans: { text: string; start: number; end: number }[] = []
  const runs = [...line.matchAll(/`+/g)]
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]
    const j = runs.findIndex((r, k) => k > i && r[0].length === open[0].length)
    if (j < 0) continue
    const close = runs[j]
    let text = line.slice((open.index as number) + open[0].length, close.index)
    if (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') text = text.slice(1, -1)
    spans.push({
      text,
      start: open.index as number,
      end: (close.index as number) + close[0].length
    })
    i = j
  }
  return spans
}

/**
 * The job summary as a GitHub Flavored Markdown renderer makes it (marked): where server text
 * must not have become markup. (The raw Markdown shows server text as it is, in code spans.)
 */
export function summaryHtml(summary: string): string {
  return marked.parse(summary, { gfm: true, async: false }) as string
}

/** Markup that server text must never become in a rendered summary. */
export const INJECTED = /<(script|a|img|iframe|table|em|del|h1|h4|h5|h6|blockquote|hr|input)\b/

/** Markdown text as it reads once rendered: numeric and named entities decoded. */
export function rendered(markdown: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' }
  return markdown.replace(/&(#\d+|[a-z]+);/g, (m, e: string) =>
    e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (named[e] ?? m)
  )
}

/** A request's path without its query (the action may add a cache-busting parameter). */
export function pathOf(url: string | undefined): string {
  return new URL(url ?? '/', 'http://x').pathname
}

/** Every place a run leaves text, other than the ::add-mask:: lines (which the runner consumes). */
export function everywhere(run: ActionRun & { files: Record<string, string> }): [string, string][] {
  const withoutMasks = (s: string) =>
    s
      .split('\n')
      .filter(l => !/^::add-mask::/.test(l))
      .join('\n')
  return [
    ['stdout', withoutMasks(run.stdout)],
    ['stderr', run.stderr],
    ['summary', run.summary],
    ...Object.entries(run.outputs).map(([k, v]): [string, string] => [`output ${k}`, v]),
    ...Object.entries(run.files).map(([k, v]): [string, string] => [`file ${k}`, v])
  ]
}

/** Lines the runner would take as commands must be the action's own. */
export function expectOnlyOwnCommands(log: string): void {
  expect(log).not.toContain('##[')
  for (const line of log.split('\n')) {
    if (!/^\s*::/.test(line)) continue
    expect(line).toMatch(/^::(group|endgroup|error|notice|add-mask|debug)[ :]/)
    const [c] = commands(line)
    if (c.command === 'error' && !c.properties.title) {
      expect(c.message).toMatch(
        /^(\d+ of \d+ targets? (not on |failing a check)|No consensus among )/
      )
    } else if (c.command === 'error') {
      expect(c.properties.title).toMatch(/^fleet-check: /)
    }
    expect(line).not.toMatch(/^\s*::(add-mask|warning)::/)
  }
}
