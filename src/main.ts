import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { rawInput } from './config/inputs.js'
import { readSettings, type Settings } from './config/settings.js'
import { ConfigError } from './common/errors.js'
import { err } from './common/result.js'
import { formatDuration } from './common/duration.js'
import { observeReports } from './verdict/from-reports.js'
// Small and free of Octokit, which createApi imports only when a GitHub feature is used.
import { createApi, repoFromEnv, type Api, type Repo } from './github/api.js'
import { lastSuccessfulDeployment } from './github/deployments.js'
import { resolveExpected, type ExpectedBuild } from './expected/resolve.js'
import { checkFleet, type CheckOptions } from './probe/check.js'
import { cancelledReport, newProgress, type Progress } from './report/cancelled.js'
import { headline } from './report/headline.js'
import { ANNOTATIONS, publish } from './report/runner-output.js'
import { redact, redactor } from './common/redaction.js'
import { secretForms } from './common/secrets.js'
import { redactVerdict } from './report/redact.js'
import { forLog, showInvisible } from './report/sanitize.js'
import { judge, type Verdict } from './verdict/judge.js'
import { checkInRounds } from './watch/rounds.js'

/** Reads the settings, checks the fleet, reports the verdict. Any error fails the step. */
export async function run(): Promise<void> {
  // What the check knows so far, for a cancellation to report.
  const progress = newProgress()
  const cancel = (signal: NodeJS.Signals) => cancelled(progress, signal)
  // The runner cancels with SIGINT, then SIGTERM a few seconds later.
  process.on('SIGINT', cancel)
  process.on('SIGTERM', cancel)
  try {
    const settings = await core.group('Reading the fleet', readSettings)
    progress.secrets = settings.secrets
    progress.summary = settings.summary
    progress.targets = settings.targets
    // Octokit loads only for the features that need it: plain checks start without it.
    const github = await connectGitHub(settings)
    const expected = await expectedBuild(settings, github)
    progress.expected = expected
    core.info(
      forLog(
        `${settings.targets.length} targets; expected build: ${expected.kind === 'build' ? expected.build : 'consensus'} (${expected.source})`,
        2000
      )
    )
    // Secrets redacted (poll does it round by round).
    const verdict = settings.reports
      ? redactVerdict(compareReports(settings, expected), settings.secrets)
      : await poll(settings, expected, progress)
    progress.verdict = verdict
    await publish(verdict, {
      summary: settings.summary,
      reportPath: settings.reportPath,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd()
    })
    // The verdict alone decides the exit code: here, and nowhere else. The headline's error
    // annotation is one of the 10 GitHub shows (publish leaves room for it).
    const line = headline(verdict)
    if (verdict.result === 'pass') core.info(forLog(line, 2000))
    else {
      core.setFailed(forLog(line, 2000))
      // Set too: @github/local-action's stand-in for core.setFailed leaves the exit code 0.
      process.exitCode = 1
    }
    if (github) {
      const { publishToGitHub } = await import('./github/status-and-comment.js')
      await publishToGitHub(github.api, github.repo, verdict, line, settings)
    }
  } catch (error) {
    // Whatever went wrong, the outcome is never a pass.
    core.setOutput('result', 'fail')
    if (error instanceof ConfigError) {
      reportProblems(error)
      // 1, not core.ExitCode.Failure: @github/local-action's stand-in for core lacks ExitCode.
      process.exitCode = 1
      await writeErrorSummary(error.message)
    } else {
      const text = (error as Error)?.stack ?? String(error)
      core.setFailed(`fleet-check failed: ${redact(text, progress.secrets)}`)
      process.exitCode = 1
    }
  } finally {
    process.off('SIGINT', cancel)
    process.off('SIGTERM', cancel)
  }
}

/**
 * Bad input: one error annotation a problem, at most 10 in all (GitHub shows no more), the
 * rest in the log. The job summary has every problem.
 */
function reportProblems(error: ConfigError): void {
  const { problems } = error
  const annotated = problems.length <= ANNOTATIONS ? problems : problems.slice(0, ANNOTATIONS - 1)
  for (const p of annotated) {
    core.error(forLog(p.message, 4000), {
      title: 'fleet-check: bad input',
      file: p.file,
      startLine: p.line
    })
  }
  const rest = problems.slice(annotated.length)
  if (rest.length === 0) return
  core.error(`and ${rest.length} more problems: see the log or the job summary`, {
    title: 'fleet-check: bad input'
  })
  for (const p of rest) core.info(forLog(`bad input: ${p.message}`, 4000))
}

/**
 * SIGINT or SIGTERM: report where the check stood, marked cancelled and failing, and exit at
 * once. Synchronous writes only: the process ends before anything asynchronous would run.
 */
function cancelled(progress: Progress, signal: NodeJS.Signals): void {
  if (progress.cancelled) return
  progress.cancelled = true
  try {
    core.setOutput('result', 'fail')
    const report = cancelledReport(progress, signal)
    const file = process.env.GITHUB_STEP_SUMMARY
    const wanted = progress.summary ?? rawInput('summary') !== 'false'
    if (file && wanted) appendFileSync(file, report.summary)
    core.setFailed(forLog(report.headline, 2000))
  } finally {
    process.exit(1)
  }
}

async function poll(
  settings: Settings,
  expected: ExpectedBuild,
  progress: Progress
): Promise<Verdict> {
  const rounds =
    settings.waitMs > 0
      ? `, rounds every ${formatDuration(settings.intervalMs)} for up to ${formatDuration(settings.waitMs)}`
      : ''
  return core.group(
    `Checking ${settings.targets.length} targets (at most ${settings.concurrency} at once, ${settings.retries} retries${rounds})`,
    async () => {
      const started = performance.now()
      // Made per line: a round can add secrets (a kubeconfig's credentials).
      const clean = (line: string) => redactor(settings.secrets)(line)
      const discovery = await loadDiscovery(settings)
      const options: CheckOptions = discovery?.lookup
        ? { ...settings, lookup: discovery.lookup }
        : settings
      const round = async () => {
        progress.round++
        progress.observed = new Map()
        if (discovery?.fansOut)
          return fannedOutRound(discovery, settings, options, progress, expected)
        const observed = await checkFleet(settings.targets, options, o =>
          progress.observed.set(o.target, o)
        )
        // Redacted before the round line is made from it: the line shortens builds, and the
        // first 7 characters of an echoed 40-hex token are no longer that secret.
        return redactVerdict(judge(observed, expected), settings.secrets)
      }
      // Round lines carry server text: redacted like the reports, escaped like every log line.
      const v = await checkInRounds(round, settings, line => core.info(forLog(clean(line), 2000)))
      core.info(
        `Checked ${v.targets.length} targets in ${Math.round(performance.now() - started)} ms`
      )
      return v
    }
  )
}

type Discovery = typeof import('./discover/round.js')

/**
 * `addresses: all` and `dns-servers`: their module, loaded only for fleets that use them, and
 * the lookup of connections through `dns-servers`.
 */
async function loadDiscovery(settings: Settings): Promise<
  | {
      module: Discovery
      fansOut: boolean
      lookup?: CheckOptions['lookup']
      kube?: Awaited<ReturnType<Discovery['loadKubeConfig']>>
    }
  | undefined
> {
  const fansOut = settings.targets.some(t => t.addresses === 'all' || t.kubernetes)
  if (!fansOut && settings.dnsServers.length === 0) return undefined
  const module = await import('./discover/round.js')
  // `kubernetes`: the kubeconfig is read once (a missing one is bad input, before any round).
  const kube = settings.targets.some(t => t.kubernetes)
    ? { kube: await module.loadKubeConfig() }
    : {}
  if (settings.dnsServers.length === 0) return { module, fansOut, ...kube }
  // Each connection's request deadline bounds its lookup too; the resolver's own is the longest.
  const timeoutMs = settings.targets.reduce((ms, t) => Math.max(ms, t.timeoutMs), 0)
  return { module, fansOut, lookup: module.connectLookup(settings.dnsServers, timeoutMs), ...kube }
}

/**
 * A round of a fleet with `addresses: all`: every name resolved again, each address checked as
 * an instance, each group's own entry (a name that did not resolve, a count not met) judged
 * with them.
 */
async function fannedOutRound(
  { module: discovery, kube }: NonNullable<Awaited<ReturnType<typeof loadDiscovery>>>,
  settings: Settings,
  options: CheckOptions,
  progress: Progress,
  expected: ExpectedBuild
): Promise<Verdict> {
  const fan = await discovery.discover(
    settings.targets,
    { servers: settings.dnsServers, concurrency: settings.concurrency, retries: settings.retries },
    kube
  )
  // Past the 10,000-target cap: a clear failure, never a silent cut.
  if (!fan.ok) throw new ConfigError(fan.error)
  // The kubeconfig's credentials (an exec plugin's token may be new each round): masked in the
  // log, redacted from everything the run shows.
  const known = new Set(settings.secrets)
  for (const secret of secretForms(fan.value.secrets)) {
    if (known.has(secret)) continue
    core.setSecret(secret)
    settings.secrets.push(secret)
  }
  progress.targets = fan.value.targets
  progress.outcomes = [...fan.value.outcomes, ...fan.value.known]
  const own = fan.value.dispatcherFor ? { dispatcherFor: fan.value.dispatcherFor } : {}
  let observed
  try {
    observed = await checkFleet(fan.value.targets, { ...options, ...own }, o =>
      progress.observed.set(o.target, o)
    )
  } finally {
    await fan.value.close()
  }
  const verdict = judge(discovery.inFleetOrder(fan.value, observed), expected, {
    entries: [],
    allowed: settings.allowUndeclared
  })
  return redactVerdict(verdict, settings.secrets)
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
  const expected = r.value
  if (expected.kind === 'build' && expected.deployment) {
    const { id, environment } = expected.deployment
    core.info(forLog(`Expected build from deployment ${id} to ${environment}: ${expected.build}`))
  }
  return expected
}

async function writeErrorSummary(message: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY || rawInput('summary') === 'false') return
  const text = showInvisible(message, true).replace(
    /[&<>]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string
  )
  await core.summary.addRaw(`## fleet-check: ❌ bad input\n\n<pre>${text}</pre>\n`, true).write()
}
