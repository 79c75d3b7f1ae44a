// Reads the action's inputs and the files they name into typed settings. All input I/O is here.
import * as core from '@actions/core'
import { X509Certificate } from 'node:crypto'
import { open, readFile } from 'node:fs/promises'
import path from 'node:path'
import { expectedFromEvent } from '../expected/from-event.js'
import { parseFleet } from '../fleet/parse.js'
import { parseReports, type ReportEntry } from '../fleet/reports-file.js'
import type { Target } from '../fleet/target.js'
import { loadRegexEngine, needsRegexEngine } from '../common/regex.js'
import type { ExpectedBuild } from '../verdict/judge.js'
import { ConfigError, quote, type Source } from '../common/errors.js'
import { parseHeaderLines } from './headers.js'
import { secretForms } from '../common/secrets.js'
import {
  checkBoolean,
  checkCount,
  checkDuration,
  checkSamples,
  checkSize,
  MAX_INPUT_BYTES,
  MAX_CONCURRENCY,
  MAX_INTERVAL_MS,
  MAX_RETRIES,
  MAX_STABLE_ROUNDS,
  MAX_WAIT_MS,
  sizeProblem,
  type Checked
} from '../common/values.js'
import { checkBuild, shortHexHint } from '../build/build-id.js'

export interface Settings {
  targets: Target[]
  /** undefined when it comes from `expected-environment`, resolved through the API */
  expected?: ExpectedBuild
  expectedEnvironment?: string
  /** for the log: where the expected build came from */
  expectedSource: string
  retries: number
  concurrency: number
  /** extra CA certificates (PEM) from `ca-file` */
  ca?: string
  waitMs: number
  intervalMs: number
  stableRounds: number
  reportPath?: string
  summary: boolean
  /** builds from an earlier step, compared instead of polled */
  reports?: ReportEntry[]
  allowUndeclared: boolean
  githubToken: string
  /** every value masked in the log, to keep out of reports too */
  secrets: string[]
  commitStatus?: string
  prComment: boolean
  eventName: string
  payload?: Record<string, unknown>
  /** the commit the event is about, whatever `expected` says */
  eventSha?: string
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
  const polling = readPolling(problems)
  const summary = input('summary', 'true', checkBoolean, problems)
  const headers = readHeaders(problems)
  const github = readGitHub(problems)
  const expected = await readExpected(env, github.expectedEnvironment, problems)
  const ca = await readCaFile(core.getInput('ca-file'), env, problems)
  const reports = await readReportsFile(core.getInput('reports-file'), env, problems)
  if (!reports) checkProxyVariables(env, problems)
  const fleetInput = await readFleetInput(env)
  if (problems.length) throw new ConfigError(problems.map(message => ({ message })))

  // re2js is loaded only for a fleet that may use `regex`: start-up compiles every module loaded.
  const regex = needsRegexEngine(fleetInput.text) ? await loadRegexEngine() : undefined
  const fleet = parseFleet(fleetInput.text, fleetInput.source, {
    ...polling,
    headers,
    urlOptional: reports !== undefined,
    env,
    regex
  })
  const masked = new Set(secretForms(Object.values(headers)))
  for (const secret of secretForms(fleet.secrets)) if (!masked.has(secret)) core.setSecret(secret)
  warnShortExpected(fleet.targets, fleetInput.source)
  return {
    ...polling,
    ...github,
    ...expected,
    targets: fleet.targets,
    ca,
    reports,
    reportPath: core.getInput('report-path') || undefined,
    summary,
    // Every form each secret can take (the credentials of "Bearer x", Basic's user and
    // password, URL encodings), as masked in the log.
    secrets: secretForms([
      ...Object.values(headers),
      ...fleet.secrets,
      ...(github.githubToken ? [github.githubToken] : [])
    ])
  }
}

/** One warning per short hex `expected` in the fleet file, naming a target that has it. */
function warnShortExpected(targets: readonly Target[], source: Source): void {
  const short = new Map<string, { hint: string; names: string[] }>()
  for (const t of targets) {
    if (t.expected === undefined) continue
    const seen = short.get(t.expected)
    if (seen) seen.names.push(t.name)
    else {
      const hint = shortHexHint(t.expected)
      if (hint) short.set(t.expected, { hint, names: [t.name] })
    }
  }
  for (const [build, { hint, names }] of short) {
    const more = names.length > 1 ? ` and ${names.length - 1} more` : ''
    core.warning(
      `${source.label}: \`expected\` ${quote(build)} (target ${quote(names[0])}${more}) ${hint}`
    )
  }
}

/** How the fleet is polled: deadlines, retries, rounds, samples. */
function readPolling(problems: string[]) {
  const waitMs = input('wait', '0', s => checkDuration(s, MAX_WAIT_MS, true), problems)
  const stableRounds = input(
    'stable-rounds',
    '1',
    s => checkCount(s, 1, MAX_STABLE_ROUNDS),
    problems
  )
  if (stableRounds > 1 && waitMs === 0) {
    problems.push(
      `input \`stable-rounds\`: ${quote(core.getInput('stable-rounds'))} needs more than one round; expected \`wait\` above 0 as well`
    )
  }
  return {
    timeoutMs: input('timeout', '10s', checkDuration, problems),
    retries: input('retries', '2', s => checkCount(s, 0, MAX_RETRIES), problems),
    concurrency: input('concurrency', '32', s => checkCount(s, 1, MAX_CONCURRENCY), problems),
    waitMs,
    intervalMs: input('interval', '10s', s => checkDuration(s, MAX_INTERVAL_MS), problems),
    stableRounds,
    samples: input('samples', '1', checkSamples, problems),
    cacheBust: input('cache-bust', 'true', checkBoolean, problems)
  }
}

/** The `headers` input, masked before anything else can print it. */
function readHeaders(problems: string[]): Record<string, string> {
  let headers: Record<string, string> = {}
  try {
    headers = parseHeaderLines(core.getInput('headers'))
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    problems.push(...e.problems.map(p => p.message))
  }
  for (const secret of secretForms(Object.values(headers))) core.setSecret(secret)
  return headers
}

/** The GitHub API features and their token. */
function readGitHub(problems: string[]) {
  const commitStatus = core.getInput('commit-status') || undefined
  if (commitStatus && commitStatus.length > 255) {
    problems.push(
      `input \`commit-status\`: ${quote(commitStatus)} is too long; expected a context name of at most 255 characters`
    )
  }
  const prComment = input('pr-comment', 'false', checkBoolean, problems)
  const expectedEnvironment = core.getInput('expected-environment') || undefined
  const githubToken = core.getInput('github-token')
  for (const secret of secretForms([githubToken])) core.setSecret(secret)
  if ((commitStatus || prComment || expectedEnvironment) && !githubToken) {
    problems.push(
      'input `github-token` is empty; expected a token (the default, `${{ github.token }}`, works) for commit-status, pr-comment and expected-environment'
    )
  }
  return {
    githubToken,
    commitStatus,
    prComment,
    expectedEnvironment,
    allowUndeclared: input('allow-undeclared', 'false', checkBoolean, problems)
  }
}

/** The build to check against: `expected`, an environment's deployment, or the event's commit. */
async function readExpected(
  env: NodeJS.ProcessEnv,
  expectedEnvironment: string | undefined,
  problems: string[]
) {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const payload = await readEventPayload(env)
  const fromEvent = expectedFromEvent(eventName, payload, env.GITHUB_SHA)
  const event = {
    eventName,
    payload,
    eventSha: typeof fromEvent === 'string' ? undefined : fromEvent.build
  }
  const given = core.getInput('expected')
  if (expectedEnvironment && given) {
    problems.push(
      'inputs `expected` and `expected-environment` are both set; expected at most one of them'
    )
    return { ...event, expectedSource: '' }
  }
  if (expectedEnvironment) {
    // Resolved through the API once the settings are read.
    const expectedSource = `the newest successful deployment to environment ${quote(expectedEnvironment)}`
    return { ...event, expectedSource }
  }
  if (given.toLowerCase() === 'consensus') {
    const expected: ExpectedBuild = { kind: 'consensus' }
    return { ...event, expected, expectedSource: 'consensus: the build most targets report' }
  }
  if (given !== '') {
    const r = checkBuild(given)
    if ('value' in r) {
      const hint = shortHexHint(r.value)
      if (hint) core.warning(`input \`expected\`: ${quote(r.value)} ${hint}`)
      const expected: ExpectedBuild = { kind: 'build', build: r.value }
      return { ...event, expected, expectedSource: 'input `expected`' }
    }
    problems.push(
      r.problem
        ? `input \`expected\`: ${quote(given)} ${r.problem}; fleet-check compares builds: give a commit hash (such as \${{ github.sha }}) or a build id, or leave it empty to use the event's commit`
        : `input \`expected\`: ${quote(given)} is not valid; expected ${r.expected}, or "consensus"`
    )
    return { ...event, expectedSource: '' }
  }
  if (typeof fromEvent === 'string') {
    problems.push(fromEvent)
    return { ...event, expectedSource: '' }
  }
  const expected: ExpectedBuild = { kind: 'build', build: fromEvent.build }
  return { ...event, expected, expectedSource: fromEvent.source }
}

async function readFleetInput(env: NodeJS.ProcessEnv): Promise<{ text: string; source: Source }> {
  const inline = core.getInput('targets', { trimWhitespace: false })
  const file = core.getInput('targets-file')
  if (inline.trim() !== '' && file !== '') {
    throw new ConfigError(
      'inputs `targets` and `targets-file` are both set; expected exactly one of them'
    )
  }
  if (inline.trim() !== '') {
    const size = checkSize(Buffer.byteLength(inline))
    if ('expected' in size) {
      throw new ConfigError(
        `input \`targets\` ${size.problem}; expected a fleet of ${size.expected} (about 10,000 targets take 1.5 MiB)`
      )
    }
    return { text: inline, source: { label: 'input `targets`' } }
  }
  if (file === '') {
    throw new ConfigError(
      'neither `targets` nor `targets-file` is set; expected exactly one of them (the fleet to check)'
    )
  }
  const full = workspacePath(file, env)
  let read: Capped
  try {
    read = await readCapped(full)
  } catch (e) {
    const why = describeReadError(e)
    throw new ConfigError(
      `input \`targets-file\`: cannot read ${quote(file)} (${why} at ${full}); expected a fleet file (YAML or JSON), relative to the workspace`
    )
  }
  if ('over' in read) {
    const size = sizeProblem(read.over)
    const message = `input \`targets-file\`: ${quote(file)} ${size.problem}; expected a fleet file of ${size.expected}`
    throw new ConfigError([{ message, file }])
  }
  return { text: read.text, source: { label: `targets-file \`${file}\``, file } }
}

async function readReportsFile(
  file: string,
  env: NodeJS.ProcessEnv,
  problems: string[]
): Promise<ReportEntry[] | undefined> {
  if (file === '') return undefined
  const full = workspacePath(file, env)
  let read: Capped
  try {
    read = await readCapped(full)
  } catch (e) {
    problems.push(
      `input \`reports-file\`: cannot read ${quote(file)} (${describeReadError(e)} at ${full}); expected a JSON file written by an earlier step, relative to the workspace`
    )
    return undefined
  }
  if ('over' in read) {
    const size = sizeProblem(read.over)
    problems.push(
      `input \`reports-file\`: ${quote(file)} ${size.problem}; expected a JSON file of ${size.expected}`
    )
    return undefined
  }
  try {
    return parseReports(read.text, file)
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    problems.push(...e.problems.map(p => p.message))
    return undefined
  }
}

type Capped = { text: string } | { over: number | undefined }

/**
 * A file's text, or its size when over the cap for inputs (MAX_INPUT_BYTES), without reading more
 * than the cap: the size from stat, and a read that stops one byte past the cap (for a pipe, a
 * device or a file still growing, whose size stat does not tell; `over` is then undefined).
 */
async function readCapped(full: string, max = MAX_INPUT_BYTES): Promise<Capped> {
  const handle = await open(full, 'r')
  try {
    const { size } = await handle.stat()
    if (size > max) return { over: size }
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1, 64 * 1024), max + 1 - total))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) return { text: Buffer.concat(chunks, total).toString('utf8') }
      chunks.push(chunk.subarray(0, bytesRead))
      total += bytesRead
      if (total > max) return { over: undefined }
    }
  } finally {
    await handle.close()
  }
}

function workspacePath(file: string, env: NodeJS.ProcessEnv): string {
  return path.resolve(env.GITHUB_WORKSPACE || process.cwd(), file)
}

/** The PEM text of `ca-file`, or undefined when it is not set. */
async function readCaFile(
  file: string,
  env: NodeJS.ProcessEnv,
  problems: string[]
): Promise<string | undefined> {
  if (file === '') return undefined
  const full = workspacePath(file, env)
  let pem: string
  try {
    pem = await readFile(full, 'utf8')
  } catch (e) {
    problems.push(
      `input \`ca-file\`: cannot read ${quote(file)} (${describeReadError(e)} at ${full}); expected a PEM file of CA certificates, relative to the workspace`
    )
    return undefined
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
  if (blocks.length === 0) {
    problems.push(
      `input \`ca-file\`: ${quote(file)} has no "-----BEGIN CERTIFICATE-----" block; expected a PEM file of CA certificates`
    )
    return undefined
  }
  // TLS would silently skip a block it cannot read, and the error would come later, unexplained.
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block)
    } catch (e) {
      problems.push(
        `input \`ca-file\`: ${quote(file)}: certificate ${i + 1} of ${blocks.length} cannot be read (${(e as Error).message}); expected PEM certificates`
      )
      return undefined
    }
  }
  return pem
}

/**
 * The proxy variables undici will use (it reads the lower-case one first). One it cannot parse
 * would fail every request with a stack trace: say so before any request instead.
 */
function checkProxyVariables(env: NodeJS.ProcessEnv, problems: string[]): void {
  for (const [lower, upper] of [
    ['http_proxy', 'HTTP_PROXY'],
    ['https_proxy', 'HTTPS_PROXY']
  ]) {
    const name = env[lower] !== undefined ? lower : upper
    const value = env[name]
    if (!value) continue
    let protocol = ''
    try {
      protocol = new URL(value).protocol
    } catch {
      // not a URL at all
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      // A proxy URL may carry a password: never quote it.
      const shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i, '$1***@')
      problems.push(
        `environment variable ${name}: ${quote(shown)} is not valid; expected an http:// or https:// proxy URL, such as "http://proxy.example.com:3128"`
      )
    }
  }
}

function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return (e as Error).message
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
