import * as core from '@actions/core'
import { readSettings, type Settings } from './config/settings.js'
import { ConfigError } from './config/errors.js'
import { formatDuration } from './config/duration.js'
import { observeReports } from './fleet/reports-file.js'
// Small and free of Octokit, which createApi imports only when a GitHub feature is used.
import {
  createApi,
  describeApiError,
  isPermissionProblem,
  repoFromEnv,
  type Api,
  type Repo
} from './github/api.js'
import { lastSuccessfulDeployment } from './github/deployments.js'
import { checkFleet } from './probe/check.js'
import { headline } from './report/headline.js'
import { publish } from './report/publish.js'
import { redactVerdict } from './report/redact.js'
import { forLog } from './report/sanitize.js'
import { judge, type ExpectedBuild, type Verdict } from './verdict/judge.js'
import { checkInRounds } from './watch/rounds.js'

/** Reads the settings, checks the fleet, reports the verdict. Any error fails the step. */
export async function run(): Promise<void> {
  try {
    const settings = await core.group('Reading the fleet', readSettings)
    // Octokit loads only for the features that need it: plain checks start without it.
    const github = await connectGitHub(settings)
    const expected = settings.expected ?? (await expectedFromEnvironment(settings, github))
    core.info(
      `${settings.targets.length} targets; expected build: ${expected.kind === 'build' ? expected.build : 'consensus'} (${settings.expectedSource})`
    )
    const judged = settings.reports
      ? compareReports(settings, expected)
      : await poll(settings, expected)
    const verdict = redactVerdict(judged, settings.secrets)
    await publish(verdict, {
      summary: settings.summary,
      reportPath: settings.reportPath,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd()
    })
    if (github) {
      const { publishToGitHub } = await import('./github/publish.js')
      await publishToGitHub(github.api, github.repo, verdict, headline(verdict), settings)
    }
  } catch (error) {
    // Whatever went wrong, the outcome is never a pass.
    core.setOutput('result', 'fail')
    if (error instanceof ConfigError) {
      for (const p of error.problems)
        core.error(p.message, { title: 'fleet-check: bad input', file: p.file, startLine: p.line })
      process.exitCode = core.ExitCode.Failure
      await writeErrorSummary(error.message)
    } else {
      core.setFailed(`fleet-check failed: ${(error as Error)?.stack ?? String(error)}`)
    }
  }
}

async function poll(settings: Settings, expected: ExpectedBuild): Promise<Verdict> {
  const rounds =
    settings.waitMs > 0
      ? `, rounds every ${formatDuration(settings.intervalMs)} for up to ${formatDuration(settings.waitMs)}`
      : ''
  return core.group(
    `Checking ${settings.targets.length} targets (at most ${settings.concurrency} at once, ${settings.retries} retries${rounds})`,
    async () => {
      const started = performance.now()
      const v = await checkInRounds(
        async () => judge(await checkFleet(settings.targets, settings), expected),
        settings,
        line => core.info(forLog(line, 2000))
      )
      core.info(
        `Checked ${v.targets.length} targets in ${Math.round(performance.now() - started)} ms`
      )
      return v
    }
  )
}

function compareReports(settings: Settings, expected: ExpectedBuild): Verdict {
  const { observations, undeclared } = observeReports(settings.targets, settings.reports ?? [])
  core.info(
    `Comparing ${observations.length} targets with the reports-file (${undeclared.length} undeclared entries)`
  )
  return judge(observations, expected, { entries: undeclared, allowed: settings.allowUndeclared })
}

type GitHub = { api: Api; repo: Repo }

async function connectGitHub(settings: Settings): Promise<GitHub | undefined> {
  if (!settings.commitStatus && !settings.prComment && !settings.expectedEnvironment)
    return undefined
  const repo = repoFromEnv(process.env)
  if (!repo)
    throw new ConfigError('GITHUB_REPOSITORY is not set; expected owner/repo (the runner sets it)')
  return { api: await createApi(settings.githubToken), repo }
}

async function expectedFromEnvironment(
  settings: Settings,
  github: GitHub | undefined
): Promise<ExpectedBuild> {
  const environment = settings.expectedEnvironment as string
  let found: Awaited<ReturnType<typeof lastSuccessfulDeployment>>
  try {
    if (!github) throw new Error('no GitHub API connection')
    found = await lastSuccessfulDeployment(github.api, github.repo, environment)
  } catch (error) {
    const hint = isPermissionProblem(error)
      ? "; grant `deployments: read` in the workflow's `permissions:`"
      : ''
    // Nothing to compare against: that is an error, never a pass.
    throw new ConfigError(
      `input \`expected-environment\`: cannot read the deployments of ${JSON.stringify(environment)} (${describeApiError(error)})${hint}`
    )
  }
  if (typeof found === 'string')
    throw new ConfigError(
      `input \`expected-environment\`: ${found}; expected a deployment whose latest status is success`
    )
  core.info(`Expected build from deployment ${found.id} to ${environment}: ${found.sha}`)
  return { kind: 'build', build: found.sha }
}

async function writeErrorSummary(message: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY || core.getInput('summary') === 'false') return
  const text = message.replace(
    /[&<>]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string
  )
  await core.summary.addRaw(`## fleet-check: ❌ bad input\n\n<pre>${text}</pre>\n`, true).write()
}
