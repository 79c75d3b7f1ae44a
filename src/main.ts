import * as core from '@actions/core'
import { readSettings } from './config/settings.js'
import { ConfigError } from './config/errors.js'
import { formatDuration } from './config/duration.js'
import { checkFleet } from './probe/check.js'
import { publish } from './report/publish.js'
import { forLog } from './report/sanitize.js'
import { judge } from './verdict/judge.js'
import { checkInRounds } from './watch/rounds.js'

/** Reads the settings, checks the fleet, reports the verdict. Any error fails the step. */
export async function run(): Promise<void> {
  try {
    const settings = await core.group('Reading the fleet', async () => {
      const s = await readSettings()
      core.info(
        `${s.targets.length} targets; expected build: ${s.expected.kind === 'build' ? s.expected.build : 'consensus'} (${s.expectedSource})`
      )
      return s
    })
    const rounds =
      settings.waitMs > 0
        ? `, rounds every ${formatDuration(settings.intervalMs)} for up to ${formatDuration(settings.waitMs)}`
        : ''
    const verdict = await core.group(
      `Checking ${settings.targets.length} targets (at most ${settings.concurrency} at once, ${settings.retries} retries${rounds})`,
      async () => {
        const started = performance.now()
        const v = await checkInRounds(
          async () => judge(await checkFleet(settings.targets, settings), settings.expected),
          settings,
          line => core.info(forLog(line, 2000))
        )
        core.info(
          `Checked ${v.targets.length} targets in ${Math.round(performance.now() - started)} ms`
        )
        return v
      }
    )
    await publish(verdict, {
      summary: settings.summary,
      reportPath: settings.reportPath,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd()
    })
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

async function writeErrorSummary(message: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY || core.getInput('summary') === 'false') return
  const text = message.replace(
    /[&<>]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string
  )
  await core.summary.addRaw(`## fleet-check: ❌ bad input\n\n<pre>${text}</pre>\n`, true).write()
}
