// The `fleet-check` command: the action's check from any shell or CI system. Same settings,
// probing, verdicts and reports as the action (the same modules); only where the output goes
// differs. Outside GitHub Actions it prints for people (or JSON for programs); inside, it
// behaves like the action: annotations, groups, outputs, the job summary.
import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { styleText } from 'node:util'
import pkg from '../../package.json' with { type: 'json' }
import { ConfigError } from '../common/errors.js'
import { redact } from '../common/redaction.js'
import { plural } from '../common/plural.js'
import { err, ok, type Result } from '../common/result.js'
import type { InputName } from '../config/inputs.js'
import { readSettings } from '../config/settings.js'
import { commitFromCi, TRIED, type FoundBuild } from '../expected/from-ci.js'
import type { ExpectedBuild } from '../expected/resolve.js'
import { fleetVerdict } from '../fleet-verdict.js'
import { runnerHost, useHost, type Host } from '../host/host.js'
import { newProgress } from '../report/cancelled.js'
import { headline } from '../report/headline.js'
import { renderJUnit, type JUnitMeta } from '../report/junit.js'
import { fullReport, reportFileChunks } from '../report/report-json.js'
import { annotateProblems, publish } from '../report/runner-output.js'
import { forLog, jsonForTerminal } from '../report/sanitize.js'
import { renderText } from '../report/text.js'
import type { Verdict } from '../verdict/judge.js'
import { parseCommandLine, USAGE, type CommandLine } from './args.js'
import { terminalHost, type Streams } from './terminal.js'

type Style = Parameters<typeof renderText>[1]['style']

/** Exit codes: the contract for scripts and CI systems. */
export const EXIT = { pass: 0, fail: 1, badInput: 2 } as const

export interface Context {
  env: NodeJS.ProcessEnv
  cwd: string
  streams: Streams
  /** whether stdout is a terminal (colour) */
  isTTY: boolean
}

function processContext(): Context {
  return {
    env: process.env,
    cwd: process.cwd(),
    streams: {
      out: text => void process.stdout.write(text),
      err: text => void process.stderr.write(text)
    },
    isTTY: process.stdout.isTTY === true
  }
}

/** Runs the command; resolves to its exit code. */
export async function main(argv: string[], context: Context = processContext()): Promise<number> {
  const { streams } = context
  const parsed = parseCommandLine(argv)
  if (!parsed.ok) {
    streams.err(`fleet-check: ${parsed.error}\nTry 'fleet-check --help'.\n`)
    return EXIT.badInput
  }
  const args = parsed.value
  switch (args.command) {
    case 'help':
      streams.out(USAGE)
      return EXIT.pass
    case 'version':
      streams.out(`fleet-check ${pkg.version}\n`)
      return EXIT.pass
    case 'schema': {
      // Generated from the schema the fleet file is validated with, so it cannot drift.
      const { fleetJsonSchema } = await import('../fleet/json-schema.js')
      streams.out(`${JSON.stringify(fleetJsonSchema(), null, 2)}\n`)
      return EXIT.pass
    }
  }
  if (args.inputs.targets === undefined && args.inputs['targets-file'] === undefined) {
    streams.err(
      `fleet-check: no fleet given; expected a FLEET_FILE, --targets-file FILE or --targets TEXT\nTry 'fleet-check --help'.\n`
    )
    return EXIT.badInput
  }
  return check(args, context)
}

async function check(args: CommandLine, context: Context): Promise<number> {
  const { env, streams } = context
  // In GitHub Actions, the command speaks the runner's protocol like the action; JSON on stdout
  // would be corrupted by it, so --format json always prints for programs.
  const inActions = env.GITHUB_ACTIONS === 'true' && args.format === 'text'
  const input = (name: string, trim: boolean) => {
    const value = args.inputs[name as InputName] ?? ''
    return trim ? value.trim() : value
  }
  const terminal = terminalHost(args.inputs, streams, { verbose: args.verbose })
  const host: Host = inActions ? runnerHost(input) : terminal
  const print = (line: string) => {
    if (!args.quiet) (args.format === 'json' ? streams.err : streams.out)(`${line}\n`)
  }
  const clean = inActions ? (line: string) => forLog(line, 2000) : terminal.clean
  const previous = useHost(host)
  const progress = newProgress()
  const started = { at: new Date().toISOString(), ms: performance.now() }
  try {
    const expectedFallback =
      args.inputs.expected || env.GITHUB_SHA ? undefined : await expectedFromCi(context)
    // Files on the command line are relative to where it runs, as --junit and --report are, even
    // in an Actions step (whose GITHUB_WORKSPACE is not its working-directory).
    // No group around it: an empty fold helps nobody; describeCheck says what was read.
    const settings = await readSettings(
      { ...env, GITHUB_WORKSPACE: context.cwd },
      expectedFallback ? { expectedFallback } : {}
    )
    progress.secrets = settings.secrets
    // No option asks for a deployment: the plan is the build, or consensus.
    const expected = settings.expected as ExpectedBuild
    progress.expected = expected
    print(clean(describeCheck(settings.targets.length, expected)))
    const verdict = await fleetVerdict(settings, expected, progress, line => print(clean(line)))
    await writeReports(verdict, args, context, inActions, {
      expectedSource: expected.source,
      timestamp: started.at,
      durationMs: Math.round(performance.now() - started.ms)
    })
    if (inActions) {
      await publish(verdict, {
        summary: true,
        workspace: context.cwd,
        expectedSource: expected.source,
        ...reportPath(args)
      })
      const line = forLog(headline(verdict), 2000)
      if (verdict.result === 'pass') host.info(line)
      else host.setFailed(line)
    } else if (args.format === 'json') {
      streams.out(`${jsonForTerminal(fullReport(verdict))}\n`)
    } else if (!args.quiet || verdict.result === 'fail') {
      const style = chooseStyle(args, context)
      const lines = renderText(verdict, { verbose: args.verbose, style })
      // Already escaped and redacted; cleaning again would escape the colours.
      streams.out(`${lines.join('\n')}\n`)
    }
    return verdict.result === 'pass' ? EXIT.pass : EXIT.fail
  } catch (error) {
    if (error instanceof ConfigError) {
      // Like the action's: a later step reading `result` must not find it empty.
      if (inActions) host.setOutput('result', 'fail')
      // In Actions, annotated as the action does (on the fleet file's line); the terminal's
      // message names the file and line already.
      if (inActions) annotateProblems(error)
      else for (const p of error.problems) host.error(`bad input: ${p.message}`)
      return EXIT.badInput
    }
    // Whatever went wrong, the outcome is never a pass.
    const text = (error as Error)?.stack ?? String(error)
    host.error(`fleet-check failed: ${redact(text, progress.secrets)}`)
    return EXIT.fail
  } finally {
    useHost(previous)
  }
}

function describeCheck(count: number, expected: ExpectedBuild): string {
  const targets = plural(count, 'target')
  return expected.kind === 'build'
    ? `Checking ${targets} for build ${expected.build} (from ${expected.source})`
    : `Checking that ${targets} agree on one build`
}

/** --report and --junit; in GitHub Actions the report goes through the action's `report-path`. */
async function writeReports(
  verdict: Verdict,
  args: CommandLine,
  context: Context,
  inActions: boolean,
  meta: JUnitMeta
): Promise<void> {
  if (args.report && !inActions) await writeOut(context, args.report, reportFileChunks(verdict))
  if (args.junit) {
    await writeOut(context, args.junit, renderJUnit(verdict, meta))
  }
}

function reportPath(args: CommandLine): { reportPath?: string } {
  return args.report ? { reportPath: args.report } : {}
}

async function writeOut(
  context: Context,
  file: string,
  text: string | Iterable<string>
): Promise<void> {
  const full = path.resolve(context.cwd, file)
  await mkdir(path.dirname(full), { recursive: true })
  await writeFile(full, text)
}

/**
 * The expected build when --expected is not given and GITHUB_SHA is not set: the CI system's
 * commit variable, else git HEAD of the working directory.
 */
async function expectedFromCi(context: Context): Promise<Result<FoundBuild>> {
  const found = commitFromCi(context.env)
  if (found) return ok(found)
  const head = await gitHead(context.cwd, context.env)
  if (head.ok) return ok({ build: head.value, source: `git HEAD of ${context.cwd}` })
  return err(
    `no expected build: --expected is not given, and none of ${TRIED} gave one (git: ${head.error}); expected --expected BUILD, or --expected consensus`
  )
}

/** `git rev-parse HEAD`, run without a shell. */
function gitHead(cwd: string, env: NodeJS.ProcessEnv): Promise<Result<string>> {
  return new Promise(resolve => {
    execFile(
      'git',
      ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'],
      { cwd, env, timeout: 10_000, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve(ok(stdout.trim()))
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT') return resolve(err('git is not installed'))
        const said = stderr.trim().split('\n')[0]
        resolve(err(said || 'no commit checked out here'))
      }
    )
  })
}

/** Colour on stdout: never with --no-color or NO_COLOR, always with FORCE_COLOR, else on a terminal. */
function chooseStyle(args: CommandLine, { env, isTTY }: Context): Style {
  const forced =
    env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  const color = args.color && !env.NO_COLOR && (forced || (isTTY && env.TERM !== 'dumb'))
  if (!color) return (_format, text) => text
  // Decided here, for this stream: styleText's own check looks at process.stdout and its env.
  return (format, text) => styleText(format, text, { validateStream: false })
}
