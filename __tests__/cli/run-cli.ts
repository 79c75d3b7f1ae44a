// Runs the `fleet-check` command in this process: main() from src/cli/main.ts with its streams
// captured, in an environment built from scratch (PATH and HOME, and what the test gives), never
// the test process's own: a GitHub runner sets GITHUB_* and CI variables the command would read.
//
// For the run, process.env IS that environment too, as in the real command (whose context.env is
// process.env): a few modules still read process.env rather than the env main passes them
// (GITHUB_WORKSPACE for relative files, the proxy variables, GITHUB_STEP_SUMMARY, KUBECONFIG, and
// @actions/core throughout). And @actions/core writes to process.stdout, not to the context's
// streams: whatever reaches process.stdout or process.stderr during the run is captured into
// `stdout` and `stderr` as well, in order, so no stray line escapes a test's checks.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { main } from '../../src/cli/main.js'

import { captureStdio, inProcessTurn, resetSummary } from '../helpers/run-action.js'

export { ROOT } from '../helpers/run-action.js'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** variables on top of PATH and HOME */
  env?: Record<string, string>
  /** the working directory; default: a fresh temporary directory */
  cwd?: string
  /** whether stdout is a terminal; default false */
  isTTY?: boolean
}

/** The only variables a run inherits from the test process. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...extra }
}

/** Runs the command in this process, in turn with the action's in-process runs. */
export function runCli(argv: string[], options: CliOptions = {}): Promise<CliRun> {
  return inProcessTurn(() => inProcess(argv, options))
}

async function inProcess(argv: string[], options: CliOptions): Promise<CliRun> {
  const own = options.cwd === undefined ? await tempDir() : undefined
  const cwd = options.cwd ?? (own as string)
  const env = cleanEnv(options.env)
  const saved = { env: process.env, exitCode: process.exitCode }
  let stdio: ReturnType<typeof captureStdio> | undefined
  try {
    process.env = { ...env }
    resetSummary()
    stdio = captureStdio()
    // The context's streams and process.stdout go to the same buffers (through the capture).
    const code = await main(argv, {
      env,
      cwd,
      streams: {
        out: text => void process.stdout.write(text),
        err: text => void process.stderr.write(text)
      },
      isTTY: options.isTTY ?? false
    })
    return { code, stdout: stdio.stdout(), stderr: stdio.stderr() }
  } finally {
    stdio?.restore()
    process.env = saved.env
    // core.setFailed sets it: the test process's own exit code is not the command's.
    process.exitCode = saved.exitCode
    resetSummary()
    if (own) await rm(own, { recursive: true, force: true })
  }
}

/** A fresh temporary directory. */
export function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'fleet-check-cli-'))
}

/** Writes files (relative paths) into `dir`; returns `dir`. */
export async function withFiles(dir: string, files: Record<string, string>): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), content)
  }
  return dir
}

/** A file's text, or '' when it does not exist. */
export function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '')
}

/** Whatever starts a terminal escape: ESC, BEL, the one-character CSI. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const ESCAPES = /\u001b|\u0007|\u009b/

/** The colours and weights the command itself prints (util.styleText's SGR sequences). */
export function withoutStyles(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/\u001b\[(?:1|2|22|31|32|33|39)m/g, '')
}

/** Lines of a text that the runner would read as workflow commands. */
export function workflowCommandLines(text: string): string[] {
  return text.split('\n').filter(line => /^\s*::/.test(line) || line.includes('##['))
}
