// Reads the action's inputs and the files they name into typed settings. All input I/O is in
// src/config/: the input table (inputs.ts), the files (files.ts), GitHub's side (github-inputs.ts).
import { host } from '../host/host.js'
import { shortHexHint } from '../build/build-id.js'
import { ConfigError, quote, type Source } from '../common/errors.js'
import { loadRegexEngine, needsRegexEngine } from '../common/regex.js'
import { redactor } from '../common/redaction.js'
import { secretForms } from '../common/secrets.js'
import {
  checkBoolean,
  checkCount,
  checkDuration,
  checkSamples,
  MAX_CONCURRENCY,
  MAX_INTERVAL_MS,
  MAX_RETRIES,
  MAX_STABLE_ROUNDS,
  MAX_WAIT_MS
} from '../common/values.js'
import { parseDnsServers } from '../discover/dns-servers.js'
import type { FoundBuild } from '../expected/from-ci.js'
import type { ExpectedPlan } from '../expected/resolve.js'
import type { Result } from '../common/result.js'
import { isUrlLines, parseFleet } from '../fleet/parse.js'
import type { ReportEntry } from '../fleet/reports-file.js'
import type { Target } from '../fleet/target.js'
import { proxyVariableFor } from '../probe/proxy.js'
import { readCaFile, readFleetInput, readReportsFile } from './files.js'
import { readEvent, readExpected, readGitHub } from './github-inputs.js'
import { parseHeaderLines } from './headers.js'
import { checkedInput, inputValue, rawInput } from './inputs.js'

export interface Settings {
  targets: Target[]
  /** where the fleet came from, for the log: "input `targets`" or "targets-file `fleet.yml`" */
  fleetSource: string
  /** the expected build; an `expected-environment` deployment is looked up once the API connects */
  expected: ExpectedPlan
  retries: number
  concurrency: number
  /** extra CA certificates (PEM) from `ca-file` */
  ca?: string
  /** `dns-servers`: the resolvers for every host name; none: the system resolver */
  dnsServers: string[]
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

export interface ReadOptions {
  /**
   * the command line: the expected build when neither `expected` nor GITHUB_SHA gives one (a
   * CI variable, git HEAD), or why none was found
   */
  expectedFallback?: Result<FoundBuild>
}

export async function readSettings(
  env: NodeJS.ProcessEnv = process.env,
  options: ReadOptions = {}
): Promise<Settings> {
  const problems: string[] = []
  const polling = readPolling(problems)
  const summary = checkedInput('summary', checkBoolean, problems)
  const headers = readHeaders(problems)
  const dnsServers = checkedInput('dns-servers', parseDnsServers, problems)
  const { expectedEnvironment, ...github } = readGitHub(problems)
  const event = await readEvent(env)
  const expected = readExpected(event, env, expectedEnvironment, problems, options.expectedFallback)
  const ca = await readCaFile(env, problems)
  const reports = await readReportsFile(env, problems)
  if (!reports) checkProxyVariables(env, problems)
  const fleetInput = await readFleetInput(env)
  if (problems.length) throw new ConfigError(problems.map(message => ({ message })))

  // re2js is loaded only for a fleet that may use `regex`: start-up compiles every module loaded.
  const regex = needsRegexEngine(fleetInput.text) ? await loadRegexEngine() : undefined
  // yaml and valibot likewise, only for fleet text that is not one URL a line.
  const yaml = isUrlLines(fleetInput.text)
    ? undefined
    : (await import('../fleet/yaml-kit.js')).yamlKit
  const parsed = parseFleet(fleetInput.text, fleetInput.source, {
    ...polling,
    headers,
    urlOptional: reports !== undefined,
    env,
    regex,
    yaml
  })
  if (!parsed.ok) throw new ConfigError(parsed.error)
  const fleet = parsed.value
  const masked = new Set(secretForms(Object.values(headers)))
  for (const secret of secretForms(fleet.secrets)) if (!masked.has(secret)) host().setSecret(secret)
  checkPinnedProxies(fleet.targets, env, redactor(secretForms(fleet.secrets)))
  warnShortExpected(fleet.targets, fleetInput.source)
  return {
    ...polling,
    ...github,
    ...event,
    // Set whenever no problem was found.
    expected: expected as ExpectedPlan,
    targets: fleet.targets,
    fleetSource: fleetInput.source.label,
    ca,
    dnsServers,
    reports,
    reportPath: inputValue('report-path') || undefined,
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

/**
 * `addresses: all` connects to each address itself: through a proxy, which resolves the name on
 * its side, no chosen instance can be reached. A host a proxy variable covers is bad input, so
 * that no proxied answer from whichever instance passes for a pinned one, and no direct
 * connection bypasses the proxy unasked. One problem a host name.
 */
function checkPinnedProxies(
  targets: readonly Target[],
  env: NodeJS.ProcessEnv,
  hide: (text: string) => string
): void {
  const hosts = new Map<string, { variable: string; names: string[] }>()
  for (const t of targets) {
    if (t.addresses !== 'all') continue
    const host = new URL(t.url).hostname
    const seen = hosts.get(host)
    if (seen) {
      seen.names.push(t.name)
      continue
    }
    const variable = proxyVariableFor(t.url, env)
    if (variable) hosts.set(host, { variable, names: [t.name] })
  }
  if (hosts.size === 0) return
  const problems = [...hosts].map(([host, { variable, names }]) => {
    const more = names.length > 1 ? ` and ${names.length - 1} more` : ''
    // A host from a ${VAR} is a secret: the summary is not masked.
    const shown = hide(host)
    return {
      message: `target ${quote(names[0])}${more}: addresses: all connects to each address of ${shown} itself, which cannot go through the proxy in ${variable} (the proxy would resolve the name on its side and reach any instance); expected ${shown} in NO_PROXY (such as NO_PROXY=${shown}), or addresses: one`
    }
  })
  throw new ConfigError(problems)
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
    host().warning(
      `${source.label}: \`expected\` ${quote(build)} (target ${quote(names[0])}${more}) ${hint}`
    )
  }
}

/** How the fleet is polled: deadlines, retries, rounds, samples. */
function readPolling(problems: string[]) {
  const waitMs = checkedInput('wait', s => checkDuration(s, MAX_WAIT_MS, true), problems)
  const stableRounds = checkedInput(
    'stable-rounds',
    s => checkCount(s, 1, MAX_STABLE_ROUNDS),
    problems
  )
  if (stableRounds > 1 && waitMs === 0) {
    problems.push(
      `input \`stable-rounds\`: ${quote(rawInput('stable-rounds'))} needs more than one round; expected \`wait\` above 0 as well`
    )
  }
  return {
    timeoutMs: checkedInput('timeout', checkDuration, problems),
    retries: checkedInput('retries', s => checkCount(s, 0, MAX_RETRIES), problems),
    concurrency: checkedInput('concurrency', s => checkCount(s, 1, MAX_CONCURRENCY), problems),
    waitMs,
    intervalMs: checkedInput('interval', s => checkDuration(s, MAX_INTERVAL_MS), problems),
    stableRounds,
    samples: checkedInput('samples', checkSamples, problems),
    cacheBust: checkedInput('cache-bust', checkBoolean, problems)
  }
}

/** The `headers` input, masked before anything else can print it. */
function readHeaders(problems: string[]): Record<string, string> {
  const parsed = parseHeaderLines(inputValue('headers'))
  if (!parsed.ok) problems.push(...parsed.error.map(p => p.message))
  const headers = parsed.ok ? parsed.value : {}
  for (const secret of secretForms(Object.values(headers))) host().setSecret(secret)
  return headers
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
