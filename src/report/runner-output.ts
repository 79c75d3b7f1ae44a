// Everything the runner sees of a verdict: outputs, log lines, annotations, the job summary and
// the report file. The only reporting module that does I/O.
import type { ConfigError } from '../common/errors.js'
import { host } from '../host/host.js'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { failing as failingTargets, type TargetVerdict, type Verdict } from '../verdict/judge.js'
import { namesByStatus, namesForOutput, reportFileChunks, reportForOutput } from './report-json.js'
import { forLog } from './sanitize.js'
import { plural } from '../common/plural.js'
import { renderSummary } from './summary.js'

/** GitHub shows at most 10 error annotations a step. */
export const ANNOTATIONS = 10
const MARK = { current: '✓', stale: '✗', mixed: '✗', missing: '✗', undeclared: '?' } as const

export interface PublishOptions {
  summary: boolean
  reportPath?: string
  /** where the expected build came from, for the job summary */
  expectedSource?: string
  workspace: string
}

/**
 * Reports the verdict: log, outputs, annotations, job summary, report file. The exit code is
 * main.ts's to set, with the headline, right after.
 */
export async function publish(v: Verdict, options: PublishOptions): Promise<void> {
  await host().group(`Results (${plural(v.targets.length, 'target')})`, async () => {
    // A write per chunk of lines, not per line (a system call each, at 10,000 targets), nor one
    // for the whole table (megabytes in one string): info ends each chunk with the line break
    // that would have joined it to the next, so the log is the same to the byte.
    // forLog keeps every line one line, so none can start with a workflow command.
    let chunk = ''
    for (const t of v.targets) {
      if (chunk.length > CHUNK_LENGTH) {
        host().info(chunk)
        chunk = ''
      }
      chunk += `${chunk ? '\n' : ''}${logLine(t)}`
    }
    if (chunk) host().info(chunk)
  })

  const names = namesByStatus(v)
  host().setOutput('result', v.result)
  host().setOutput('expected', v.expected ?? '')
  setNames('current', names.current)
  setNames('stale', names.stale)
  setNames('mixed', names.mixed)
  setNames('missing', names.missing)
  setNames('undeclared', names.undeclared)

  host().setOutput('report', reportForOutput(v))

  if (options.reportPath) {
    const file = path.resolve(options.workspace, options.reportPath)
    await mkdir(path.dirname(file), { recursive: true })
    // In pieces (writeFile takes an iterable): at 10,000 targets the report is megabytes.
    await writeFile(file, reportFileChunks(v))
    host().info(`Report written to ${file}`)
  }

  if (options.summary) {
    await host().appendSummary(renderSummary(v, { expectedSource: options.expectedSource }))
  }

  // GitHub shows 10 error annotations a step: the headline (main.ts's setFailed, right after
  // publish) must be one of them.
  const failing = failingTargets(v)
  const listed = failing.length < ANNOTATIONS ? failing : failing.slice(0, ANNOTATIONS - 2)
  for (const t of listed) {
    // Annotation data is escaped by @actions/core; the text is made one line all the same.
    const where = urlOf(t)
    host().error(`${forLog(t.name, 100)}${where ? ` at ${where}` : ''}: ${forLog(t.reason, 300)}`, {
      title: `fleet-check: ${forLog(t.name)} ${t.status}`
    })
  }
  if (listed.length < failing.length) {
    host().error(
      `and ${plural(failing.length - listed.length, 'more failing target')}: see the job summary`,
      {
        title: 'fleet-check: more failing targets'
      }
    )
  }
}

/**
 * UTF-16 units of log lines a write gathers: under V8's 128 KiB for an ordinary heap object once
 * the marks make the text two bytes a character (a larger string costs more to build).
 */
const CHUNK_LENGTH = 32_000

/** A target's line in the log table. */
function logLine(t: TargetVerdict): string {
  const timing = `(${t.ms} ms, ${plural(t.attempts, 'attempt')})`
  if (t.status === 'current') {
    return `${MARK[t.status]} ${forLog(t.name)}  ${t.status}  ${forLog(t.reported)}  ${timing}`
  }
  // A failing target says where it was asked: the URL is what a reader goes to look at.
  const where = urlOf(t)
  return `${MARK[t.status]} ${forLog(t.name)}  ${t.status}  ${where ? `${where}  ` : ''}${forLog(t.reason)}  ${timing}`
}

/**
 * The URL a target was asked at (already redacted, as the whole verdict is), and where a
 * redirect led; empty for a reports-file entry, which was never asked.
 */
function urlOf(t: TargetVerdict): string {
  if (!t.url) return ''
  const url = forLog(t.url, 200)
  if (!('finalUrl' in t) || !t.finalUrl) return url
  return `${url} (redirected to ${forLog(t.finalUrl, 200)})`
}

/** A JSON array output of names, cut (with a warning) only if it would pass GitHub's limit. */
function setNames(output: string, names: string[]): void {
  const { json, omitted } = namesForOutput(names)
  host().setOutput(output, json)
  if (omitted) {
    host().warning(
      `output \`${output}\` leaves out the last ${omitted} of ${plural(names.length, 'name')} to stay under GitHub's 1 MB limit; \`report-path\` lists them all`
    )
  }
}

/**
 * Bad input: one error annotation a problem, at most 10 in all (GitHub shows no more), the
 * rest in the log. The job summary has every problem.
 */
export function annotateProblems(error: ConfigError): void {
  const { problems } = error
  const annotated = problems.length <= ANNOTATIONS ? problems : problems.slice(0, ANNOTATIONS - 1)
  for (const p of annotated) {
    host().error(forLog(p.message, 4000), {
      title: 'fleet-check: bad input',
      file: p.file,
      startLine: p.line
    })
  }
  const rest = problems.slice(annotated.length)
  if (rest.length === 0) return
  host().error(`and ${plural(rest.length, 'more problem')}: see the log or the job summary`, {
    title: 'fleet-check: bad input'
  })
  for (const p of rest) host().info(forLog(`bad input: ${p.message}`, 4000))
}
