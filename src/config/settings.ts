// Reads the action's inputs and the files they name into typed settings. All input I/O is here.
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { expectedFromEvent } from '../expected/from-event.js'
import { parseFleet } from '../fleet/parse.js'
import type { Target } from '../fleet/target.js'
import type { ExpectedBuild } from '../verdict/judge.js'
import { ConfigError, quote, type Source } from './errors.js'
import { parseHeaderLines } from './headers.js'
import {
  checkBoolean,
  checkBuild,
  checkCount,
  checkDuration,
  MAX_CONCURRENCY,
  MAX_RETRIES,
  type Checked
} from './values.js'

export interface Settings {
  targets: Target[]
  expected: ExpectedBuild
  /** for the log: where the expected build came from */
  expectedSource: string
  retries: number
  concurrency: number
  reportPath?: string
  summary: boolean
}

/** An input's value, or its default when empty; problems are collected, not thrown one by one. */
function input<T>(
  name: string,
  fallback: string,
  check: (s: string) => Checked<T>,
  problems: string[]
): T {
  const raw = core.getInput(name)
  const r = check(raw === '' ? fallback : raw)
  if ('value' in r) return r.value
  problems.push(`input \`${name}\`: ${quote(raw)} is not valid; expected ${r.expected}`)
  return undefined as T
}

export async function readSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const problems: string[] = []
  const timeoutMs = input('timeout', '10s', checkDuration, problems)
  const retries = input('retries', '2', s => checkCount(s, 0, MAX_RETRIES), problems)
  const concurrency = input('concurrency', '32', s => checkCount(s, 1, MAX_CONCURRENCY), problems)
  const summary = input('summary', 'true', checkBoolean, problems)
  const reportPath = core.getInput('report-path') || undefined

  // Mask header values before anything else can print them.
  const headers = parseHeaderLines(core.getInput('headers'))
  for (const value of Object.values(headers)) core.setSecret(value)

  const expectedInput = core.getInput('expected')
  let expected: ExpectedBuild | undefined
  let expectedSource = 'input `expected`'
  if (expectedInput.toLowerCase() === 'consensus') {
    expected = { kind: 'consensus' }
    expectedSource = 'consensus: the build most targets report'
  } else if (expectedInput !== '') {
    const r = checkBuild(expectedInput)
    if ('value' in r) expected = { kind: 'build', build: r.value }
    else
      problems.push(
        `input \`expected\`: ${quote(expectedInput)} is not valid; expected ${r.expected}, or "consensus"`
      )
  } else {
    const event = expectedFromEvent(
      env.GITHUB_EVENT_NAME ?? '',
      await readEventPayload(env),
      env.GITHUB_SHA
    )
    if (typeof event === 'string') problems.push(event)
    else {
      expected = { kind: 'build', build: event.build }
      expectedSource = event.source
    }
  }

  const fleetInput = await readFleetInput(env)
  if (problems.length) throw new ConfigError(problems.map(message => ({ message })))
  const fleet = parseFleet(fleetInput.text, fleetInput.source, { timeoutMs, headers, env })
  for (const secret of fleet.secrets) core.setSecret(secret)
  return {
    targets: fleet.targets,
    expected: expected as ExpectedBuild,
    expectedSource,
    retries,
    concurrency,
    reportPath,
    summary
  }
}

async function readFleetInput(env: NodeJS.ProcessEnv): Promise<{ text: string; source: Source }> {
  const inline = core.getInput('targets', { trimWhitespace: false })
  const file = core.getInput('targets-file')
  if (inline.trim() !== '' && file !== '') {
    throw new ConfigError(
      'inputs `targets` and `targets-file` are both set; expected exactly one of them'
    )
  }
  if (inline.trim() !== '') return { text: inline, source: { label: 'input `targets`' } }
  if (file === '') {
    throw new ConfigError(
      'neither `targets` nor `targets-file` is set; expected exactly one of them (the fleet to check)'
    )
  }
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const full = path.resolve(workspace, file)
  try {
    return {
      text: await readFile(full, 'utf8'),
      source: { label: `targets-file \`${file}\``, file }
    }
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new ConfigError(
      `input \`targets-file\`: cannot read ${quote(file)} (${why} at ${full}); expected a fleet file (YAML or JSON), relative to the workspace`
    )
  }
}

async function readEventPayload(
  env: NodeJS.ProcessEnv
): Promise<Record<string, unknown> | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined
  try {
    return JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}
