import { host } from './host/host.js'
import { appendFileSync } from 'node:fs'
import { rawInput } from './config/inputs.js'
import { readSettings, type Settings } from './config/settings.js'
import { ConfigError } from './common/errors.js'
import { err } from './common/result.js'
// Small and free of Octokit, which createApi imports only when a GitHub feature is used.
import { createApi, repoFromEnv, type Api, type Repo } from './github/api.js'
import { lastSuccessfulDeployment } from './github/deployments.js'
import { fleetVerdict } from './fleet-verdict.js'
import { resolveExpected, type ExpectedBuild } from './expected/resolve.js'
import { cancelledReport, newProgress, type Progress } from './report/cancelled.js'
import { headline } from './report/headline.js'
import { annotateProblems, publish } from './report/runner-output.js'
import { plural } from './common/plural.js'
import { redact } from './common/redaction.js'
import { forLog, showInvisible } from './report/sanitize.js'

/** Reads the settings, checks the fleet, reports the verdict. Any error fails the step. */
export async function run(): Promise<void> {
  // What the check knows so far, for a cancellation to report.
  const progress = newProgress()
  const cancel = (signal: NodeJS.Signals) => cancelled(progress, signal)
  // The runner cancels with SIGINT, then SIGTERM a few seconds later.
  process.on('SIGINT', cancel)
  process.on('SIGTERM', cancel)
  try {
    // No group: what was read is two lines, and a reader wants them in view, not folded.
    const settings = await readSettings()
    progress.secrets = settings.secrets
    progress.summary = settings.summary
    progress.targets = settings.targets
    // Octokit loads only for the features that need it: plain checks start without it.
    const github = await connectGitHub(settings)
    const expected = await expectedBuild(settings, github)
    progress.expected = expected
    host().info(
      forLog(
        `Fleet: ${plural(settings.targets.length, 'target')} from ${settings.fleetSource}`,
        2000
      )
    )
    host().info(forLog(describeExpected(expected), 2000))
    // Secrets redacted (poll does it round by round).
    // Round lines carry server text: redacted like the reports, escaped like every log line.
    const verdict = await fleetVerdict(settings, expected, progress, line =>
      host().info(forLog(line, 2000))
    )
    progress.verdict = verdict
    await publish(verdict, {
      summary: settings.summary,
      reportPath: settings.reportPath,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      expectedSource: expected.source
    })
    // The verdict alone decides the exit code: here, and nowhere else. The headline's error
    // annotation is one of the 10 GitHub shows (publish leaves room for it).
    const line = headline(verdict)
    if (verdict.result === 'pass') host().info(forLog(line, 2000))
    else {
      host().setFailed(forLog(line, 2000))
      // Set too: @github/local-action's stand-in for core.setFailed leaves the exit code 0.
      process.exitCode = 1
    }
    if (github) {
      const { publishToGitHub } = await import('./github/status-and-comment.js')
      await publishToGitHub(github.api, github.repo, verdict, expected.source, settings)
    }
  } catch (error) {
    // Whatever went wrong, the outcome is never a pass.
    host().setOutput('result', 'fail')
    if (error instanceof ConfigError) {
      annotateProblems(error)
      // 1, not core.ExitCode.Failure: @github/local-action's stand-in for core lacks ExitCode.
      process.exitCode = 1
      await writeErrorSummary(error.message)
    } else {
      const text = (error as Error)?.stack ?? String(error)
      host().setFailed(`fleet-check failed: ${redact(text, progress.secrets)}`)
      process.exitCode = 1
    }
  } finally {
    process.off('SIGINT', cancel)
    process.off('SIGTERM', cancel)
  }
}

/**
 * SIGINT or SIGTERM: report where the check stood, marked cancelled and failing, and exit at
 * once. Synchronous writes only: the process ends before anything asynchronous would run.
 */
function cancelled(progress: Progress, signal: NodeJS.Signals): void {
  if (progress.cancelled) return
  progress.cancelled = true
  try {
    host().setOutput('result', 'fail')
    const report = cancelledReport(progress, signal)
    const file = process.env.GITHUB_STEP_SUMMARY
    const wanted = progress.summary ?? rawInput('summary') !== 'false'
    if (file && wanted) appendFileSync(file, report.summary)
    host().setFailed(forLog(report.headline, 2000))
  } finally {
    process.exit(1)
  }
}

type GitHub = { api: Api; repo: Repo }

async function connectGitHub(settings: Settings): Promise<GitHub | undefined> {
  if (!settings.commitStatus && !settings.prComment && settings.expected.kind !== 'deployment')
    return undefined
  const repo = repoFromEnv(process.env)
  if (!repo)
    throw new ConfigError('GITHUB_REPOSITORY is not set; expected owner/repo (the runner sets it)')
  return { api: await createApi(settings.githubToken), repo }
}

/** The expected build: for `expected-environment`, a deployment read through the API. */
async function expectedBuild(
  settings: Settings,
  github: GitHub | undefined
): Promise<ExpectedBuild> {
  const r = await resolveExpected(settings.expected, async environment =>
    github
      ? lastSuccessfulDeployment(github.api, github.repo, environment)
      : err({ kind: 'unreadable', reason: 'no GitHub API connection', permission: false })
  )
  // Nothing to compare against: that is an error, never a pass.
  if (!r.ok) throw new ConfigError(r.error)
  return r.value
}

/** The expected build and where it came from, in full (the summary and tables shorten it). */
function describeExpected(expected: ExpectedBuild): string {
  if (expected.kind === 'consensus')
    return 'Expected build: the one most targets report (consensus)'
  const deployment = expected.deployment ? `, deployment ${expected.deployment.id}` : ''
  return `Expected build: ${expected.build} (from ${expected.source}${deployment})`
}

async function writeErrorSummary(message: string): Promise<void> {
  if (rawInput('summary') === 'false') return
  const text = showInvisible(message, true).replace(
    /[&<>]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string
  )
  await host().appendSummary(`## fleet-check: ❌ bad input\n\n<pre>${text}</pre>\n`)
}
