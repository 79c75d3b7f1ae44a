// The command line's arguments, parsed with Node's own util.parseArgs into the action's inputs
// (same names, meanings and defaults) and the command's own options. Pure.
import { parseArgs } from 'node:util'
import type { InputName } from '../config/inputs.js'
import { err, ok, type Result } from '../common/result.js'

export type Format = 'text' | 'json'

export interface CommandLine {
  command: 'check' | 'schema' | 'help' | 'version'
  /** the action's inputs the options give; every other input has its default */
  inputs: Partial<Record<InputName, string>>
  format: Format
  junit?: string
  report?: string
  quiet: boolean
  verbose: boolean
  /** false with --no-color; otherwise decided by NO_COLOR, FORCE_COLOR and the terminal */
  color: boolean
}

/** Options that set an action input of the same name. */
const INPUT_OPTIONS = [
  'targets-file',
  'targets',
  'expected',
  'timeout',
  'retries',
  'concurrency',
  'wait',
  'interval',
  'stable-rounds',
  'samples',
  'ca-file',
  'dns-servers',
  'reports-file'
] as const satisfies readonly InputName[]

/** The option each input is set by, for messages: the action's wording names inputs. */
export const OPTION_FOR_INPUT: Partial<Record<InputName, string>> = {
  ...Object.fromEntries(INPUT_OPTIONS.map(name => [name, `--${name}`])),
  headers: '--header',
  'cache-bust': '--no-cache-bust',
  'allow-undeclared': '--allow-undeclared',
  'report-path': '--report'
}

const OPTIONS = {
  ...Object.fromEntries(INPUT_OPTIONS.map(name => [name, { type: 'string' as const }])),
  header: { type: 'string', multiple: true },
  'no-cache-bust': { type: 'boolean' },
  'allow-undeclared': { type: 'boolean' },
  format: { type: 'string' },
  junit: { type: 'string' },
  report: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
} as const

export const USAGE = `Usage: fleet-check [FLEET_FILE] [options]
       fleet-check schema

Checks that every server of a fleet runs the expected build. Exits 0 when every
target is current, 1 when any is stale, missing, mixed or undeclared, 2 on bad
input or usage.

Fleet:
  FLEET_FILE, --targets-file FILE  the fleet file (YAML, or one URL per line)
  --targets TEXT                   the fleet inline, instead of a file
  --expected BUILD|consensus       the build every target must run; default: the
                                   first of GITHUB_SHA, CI_COMMIT_SHA, GIT_COMMIT,
                                   CIRCLE_SHA1, BUILDKITE_COMMIT, BITBUCKET_COMMIT,
                                   then git HEAD of the working directory
  --header "Name: value"           a request header for every target (repeatable)
  --reports-file FILE              compare builds an earlier step collected
  --allow-undeclared               reports-file entries no target declares pass

Requests:
  --timeout DURATION               per request (default 10s)
  --retries N                      per target (default 2)
  --concurrency N                  targets checked at once (default 32)
  --samples N                      answers per target that must agree (default 1)
  --no-cache-bust                  no cache-busting query or headers
  --ca-file FILE                   extra CA certificates (PEM)
  --dns-servers LIST               resolvers for every host name

Rollouts:
  --wait DURATION                  keep checking until the fleet passes (default 0)
  --interval DURATION              between rounds (default 10s)
  --stable-rounds N                passing rounds in a row required (default 1)

Output:
  --format text|json               json: the full report on stdout, nothing else
  --junit FILE                     a JUnit XML report (GitLab, Jenkins, ...)
  --report FILE                    the full JSON report
  -q, --quiet                      print only a failure
  -v, --verbose                    list every target, and the check's own log
  --no-color                       no colours (also NO_COLOR=1)
  -h, --help                       this help
  --version                        the version
`

export function parseCommandLine(argv: string[]): Result<CommandLine> {
  let parsed
  try {
    parsed = parseArgs({
      args: joinInlineFleet(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    // Node's own message names the option ("Unknown option '--timout'").
    return err((error as Error).message)
  }
  const { values, positionals } = parsed as {
    values: Record<string, string | string[] | boolean | undefined>
    positionals: string[]
  }
  const flag = (name: string) => values[name] === true
  const text = (name: string) => values[name] as string | undefined

  const base = {
    inputs: {},
    format: 'text' as Format,
    quiet: false,
    verbose: false,
    color: !flag('no-color')
  }
  if (flag('help')) return ok({ ...base, command: 'help' })
  if (flag('version')) return ok({ ...base, command: 'version' })
  if (positionals[0] === 'schema') {
    if (positionals.length > 1) return err(`unexpected argument ${JSON.stringify(positionals[1])}`)
    return ok({ ...base, command: 'schema' })
  }
  if (positionals.length > 1) {
    return err(
      `unexpected argument ${JSON.stringify(positionals[1])}; expected one fleet file at most`
    )
  }

  const inputs: Partial<Record<InputName, string>> = {}
  for (const name of INPUT_OPTIONS) {
    const value = text(name)
    if (value !== undefined) inputs[name] = value
  }
  const file = positionals[0]
  if (file !== undefined) {
    if (inputs['targets-file'] !== undefined) {
      return err('FLEET_FILE and --targets-file are both given; expected one of them')
    }
    inputs['targets-file'] = file
  }
  const headers = values.header as string[] | undefined
  // One line each, as the `headers` input takes them: a value with a line break is refused there.
  if (headers) inputs.headers = headers.join('\n')
  if (flag('no-cache-bust')) inputs['cache-bust'] = 'false'
  if (flag('allow-undeclared')) inputs['allow-undeclared'] = 'true'

  const format = text('format') ?? 'text'
  if (format !== 'text' && format !== 'json') {
    return err(`option --format: ${JSON.stringify(format)} is not valid; expected text or json`)
  }
  if (flag('quiet') && flag('verbose')) {
    return err('options --quiet and --verbose are both given; expected at most one of them')
  }
  return ok({
    ...base,
    command: 'check',
    inputs,
    format,
    ...(text('junit') !== undefined ? { junit: text('junit') } : {}),
    ...(text('report') !== undefined ? { report: text('report') } : {}),
    quiet: flag('quiet'),
    verbose: flag('verbose')
  })
}

/**
 * An inline YAML fleet starts with "- " more often than not, which parseArgs refuses as the value
 * of `--targets X` (it only takes `--targets=X`): the next argument is the value, whatever it is.
 */
function joinInlineFleet(argv: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)]
    if (argv[i] === '--targets' && i + 1 < argv.length) out.push(`--targets=${argv[++i]}`)
    else out.push(argv[i])
  }
  return out
}
