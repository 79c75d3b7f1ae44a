// Runs the action as the runner does: INPUT_* variables, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
// files. `runAction` calls run() in this process (fast, and it tests src/); `runBundle` spawns
// the committed dist/index.js exactly as a runner does, for the thin layer of tests that need a
// process (signals, stdout framing) or the bundle itself. FLEET_CHECK_TEST_BUNDLE=1 sends every
// runAction through the bundle as well.
import * as core from '@actions/core'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BUNDLE = path.join(ROOT, 'dist', 'index.js')

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  /** parsed GITHUB_OUTPUT */
  outputs: Record<string, string>
  /** the job summary file's text */
  summary: string
  /** ms from start to exit */
  ms: number
  /** the temporary workspace (GITHUB_WORKSPACE), removed after the run */
  workspace: string
}

export interface RunOptions {
  /** action inputs by their action.yml names, e.g. { targets: '...', 'report-path': 'r.json' } */
  inputs?: Record<string, string>
  /** extra environment (GITHUB_EVENT_NAME, GITHUB_SHA, FLEET_API_KEY, ...) */
  env?: Record<string, string>
  /** files to create in the workspace before the run, by relative path */
  files?: Record<string, string>
  /** the event payload written to GITHUB_EVENT_PATH */
  event?: unknown
  /** read these workspace files after the run (relative paths) */
  readFiles?: string[]
  /**
   * Give up on the run after this long: a bundle run is killed; an in-process run (which cannot
   * be killed) is abandoned. Either way `code` is null, and the test fails on it.
   */
  timeoutMs?: number
  /** bundle runs only: the index.js to run, if not dist/index.js (a copy of dist/, say) */
  bundle?: string
  /** bundle runs only: called once the process has started */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void
}

export type Run = ActionRun & { files: Record<string, string> }

interface Workspace {
  dir: string
  env: Record<string, string>
  outputFile: string
  summaryFile: string
}

async function prepare(options: RunOptions): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fleet-check-'))
  const outputFile = path.join(dir, '.github_output')
  const summaryFile = path.join(dir, '.github_step_summary')
  const eventFile = path.join(dir, '.github_event.json')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  await writeFile(eventFile, JSON.stringify(options.event ?? {}))
  for (const [name, content] of Object.entries(options.files ?? {})) {
    await writeFile(path.join(dir, name), content)
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return { dir, env, outputFile, summaryFile }
}

async function collect(
  ws: Workspace,
  options: RunOptions,
  run: Omit<ActionRun, 'outputs' | 'summary' | 'workspace'>
): Promise<Run> {
  const files: Record<string, string> = {}
  for (const name of options.readFiles ?? []) {
    files[name] = await readFile(path.join(ws.dir, name), 'utf8').catch(() => '')
  }
  return {
    ...run,
    outputs: parseOutputs(await readFile(ws.outputFile, 'utf8')),
    summary: await readFile(ws.summaryFile, 'utf8'),
    workspace: ws.dir,
    files
  }
}

/** Runs in this process, or through the bundle when FLEET_CHECK_TEST_BUNDLE=1. */
export async function runAction(options: RunOptions = {}): Promise<Run> {
  return process.env.FLEET_CHECK_TEST_BUNDLE === '1' ? runBundle(options) : runInProcess(options)
}

// One in-process run at a time (the action's or the command line's): each one owns
// process.env, stdout and the exit code while it runs.
let queue: Promise<unknown> = Promise.resolve()

/** Runs `fn` once every in-process run queued before it has ended. */
export function inProcessTurn<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn)
  queue = next.catch(() => undefined)
  return next
}

function runInProcess(options: RunOptions): Promise<Run> {
  return inProcessTurn(() => inProcess(options))
}

/** What is written to process.stdout and process.stderr from now until restore(). */
export function captureStdio(): { stdout(): string; stderr(): string; restore(): void } {
  const write = { out: process.stdout.write, err: process.stderr.write }
  let stdout = ''
  let stderr = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString()
    return true
  }) as typeof process.stderr.write
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    restore: () => {
      process.stdout.write = write.out
      process.stderr.write = write.err
    }
  }
}

async function inProcess(options: RunOptions): Promise<Run> {
  const ws = await prepare(options)
  const savedEnv = process.env
  let stdio: ReturnType<typeof captureStdio> | undefined
  try {
    process.env = { ...ws.env }
    process.exitCode = undefined
    // @actions/core caches the summary path: forget the previous run's.
    resetSummary()
    stdio = captureStdio()
    // Loading src/ (transpiled, and instrumented under --coverage) takes seconds once per test
    // file: it is not part of the run's time.
    const { run } = await import('../../src/main.js')
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const finished = await Promise.race([
      run().then(() => true),
      new Promise<false>(
        resolve => (timer = setTimeout(() => resolve(false), options.timeoutMs ?? 60_000))
      )
    ]).finally(() => clearTimeout(timer))
    const ms = performance.now() - started
    const code = finished ? Number(process.exitCode ?? 0) : null
    const [stdout, stderr] = [stdio.stdout(), stdio.stderr()]
    stdio.restore()
    return await collect(ws, options, { code, stdout, stderr, ms })
  } finally {
    stdio?.restore()
    process.env = savedEnv
    process.exitCode = undefined
    resetSummary()
    await rm(ws.dir, { recursive: true, force: true })
  }
}

/** @actions/core caches the job summary's path: forget the previous run's. */
export function resetSummary(): void {
  const summary = core.summary as unknown as { _filePath?: string; emptyBuffer(): unknown }
  summary._filePath = undefined
  summary.emptyBuffer()
}

/** Spawns the committed dist/index.js as the runner does. */
export async function runBundle(options: RunOptions = {}): Promise<Run> {
  const ws = await prepare(options)
  try {
    const started = performance.now()
    const child = spawn(process.execPath, [options.bundle ?? BUNDLE], {
      env: ws.env,
      cwd: ws.dir,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    options.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)))
    clearTimeout(timer)
    const ms = performance.now() - started
    return await collect(ws, options, { code, stdout, stderr, ms })
  } finally {
    await rm(ws.dir, { recursive: true, force: true })
  }
}

/** A fleet document for the `targets` input: [name, url, extra YAML keys]. */
export function fleet(entries: [string, string, string?][]): string {
  return entries
    .map(([name, url, extra]) => `- name: ${name}\n  url: "${url}"${extra ? `\n  ${extra}` : ''}`)
    .join('\n')
}

/** GITHUB_OUTPUT as @actions/core writes it: name<<delimiter, value lines, delimiter. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}
