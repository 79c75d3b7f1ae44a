// Runs the committed bundle, dist/index.js, as the runner does: INPUT_* variables, and
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. Users run the bundle, so the bundle is what we test.
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
  /** ms from spawn to exit */
  ms: number
  /** the temporary workspace (GITHUB_WORKSPACE), removed after the run unless keepWorkspace */
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
  timeoutMs?: number
}

export async function runAction(
  options: RunOptions = {}
): Promise<ActionRun & { files: Record<string, string> }> {
  const workspace = await mkdtemp(path.join(tmpdir(), 'fleet-check-'))
  try {
    const outputFile = path.join(workspace, '.github_output')
    const summaryFile = path.join(workspace, '.github_step_summary')
    const eventFile = path.join(workspace, '.github_event.json')
    await writeFile(outputFile, '')
    await writeFile(summaryFile, '')
    await writeFile(eventFile, JSON.stringify(options.event ?? {}))
    for (const [name, content] of Object.entries(options.files ?? {})) {
      await writeFile(path.join(workspace, name), content)
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: workspace,
      ...options.env
    }
    for (const [name, value] of Object.entries(options.inputs ?? {})) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
    const started = performance.now()
    const child = spawn(process.execPath, [BUNDLE], {
      env,
      cwd: workspace,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)))
    clearTimeout(timer)
    const ms = performance.now() - started
    const files: Record<string, string> = {}
    for (const name of options.readFiles ?? []) {
      files[name] = await readFile(path.join(workspace, name), 'utf8').catch(() => '')
    }
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputs(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
      ms,
      workspace,
      files
    }
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
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
