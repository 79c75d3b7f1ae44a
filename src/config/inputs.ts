// Every input of the action, with the default action.yml declares for it: the one list the code
// reads inputs by (__tests__/unit/action-yml.test.ts holds action.yml to it, both ways). The
// runner passes a declared default itself; the code applies it too, for an input set to ''.
import { host } from '../host/host.js'
import type { Result } from '../common/result.js'
import { describeInvalid, type Invalid } from '../common/values.js'

export interface InputSpec {
  /** what an empty input stands for; none: empty means not set */
  default?: string
  /**
   * action.yml's default is this workflow expression, which only the runner evaluates: the code
   * has no fallback for it, and an empty value stays empty
   */
  runnerDefault?: string
  /** leading and trailing whitespace is kept (inline YAML) */
  keepWhitespace?: boolean
}

export const INPUTS = {
  targets: { keepWhitespace: true },
  'targets-file': {},
  expected: { default: '' },
  timeout: { default: '10s' },
  retries: { default: '2' },
  concurrency: { default: '32' },
  headers: { default: '' },
  wait: { default: '0' },
  interval: { default: '10s' },
  'stable-rounds': { default: '1' },
  samples: { default: '1' },
  'cache-bust': { default: 'true' },
  'ca-file': { default: '' },
  'github-token': { runnerDefault: '${{ github.token }}' },
  'commit-status': { default: '' },
  'pr-comment': { default: 'false' },
  'expected-environment': { default: '' },
  'reports-file': { default: '' },
  'allow-undeclared': { default: 'false' },
  'report-path': { default: '' },
  summary: { default: 'true' },
  'dns-servers': { default: '' }
} as const satisfies Record<string, InputSpec>

export type InputName = keyof typeof INPUTS

/** The input as the runner passed it ('' when empty): what a message quotes. */
export function rawInput(name: InputName): string {
  const spec: InputSpec = INPUTS[name]
  return host().input(name, !spec.keepWhitespace)
}

/** The input, or its default when empty. */
export function inputValue(name: InputName): string {
  const spec: InputSpec = INPUTS[name]
  return rawInput(name) || (spec.default ?? '')
}

/**
 * The input (or its default) through its validator. A problem is collected, not thrown, so that
 * every bad input is reported at once; the value is then never used.
 */
export function checkedInput<T>(
  name: InputName,
  check: (text: string) => Result<T, Invalid>,
  problems: string[]
): T {
  const r = check(inputValue(name))
  if (r.ok) return r.value
  problems.push(`input \`${name}\`: ${describeInvalid(rawInput(name), r.error)}`)
  return undefined as T
}
