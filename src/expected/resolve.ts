// The build the fleet is checked against, decided here and nowhere else: the `expected` input (a
// build, or `consensus`), the newest successful deployment of `expected-environment`, or the
// commit the event is about. Pure: the deployment lookup (the GitHub API) is passed in.
import { checkBuild, shortHexHint } from '../build/build-id.js'
import { quote } from '../common/errors.js'
import { describeInvalid } from '../common/values.js'
import { err, ok, type Result } from '../common/result.js'
import type { Deployed, NoDeployment } from '../github/deployments.js'
import type { FoundBuild } from './from-ci.js'
import { expectedFromEvent } from './from-event.js'

/** What the fleet is checked against, and where that came from (for the log). */
export type ExpectedBuild =
  | {
      kind: 'build'
      build: string
      source: string
      /** the deployment it was read from, with `expected-environment` */
      deployment?: { id: number; environment: string }
    }
  | { kind: 'consensus'; source: string }

/** `expected-environment`: the build is looked up once the API is connected. */
export interface DeploymentToLookUp {
  kind: 'deployment'
  environment: string
  source: string
}

/** What the inputs and the event decide, before any API call. */
export type ExpectedPlan = ExpectedBuild | DeploymentToLookUp

export interface ExpectedInputs {
  /** the `expected` input, as given */
  expected: string
  /** the `expected-environment` input; empty when not set */
  environment: string
  eventName: string
  payload: Record<string, unknown> | undefined
  /** GITHUB_SHA */
  sha: string | undefined
  /**
   * the command line: where the build comes from when neither `expected` nor GITHUB_SHA gives
   * one (a CI variable, git HEAD), or why none was found
   */
  fallback?: Result<FoundBuild>
}

export interface Planned {
  expected: ExpectedPlan
  /** a warning for the log: an `expected` that is a build, but too short a hex to abbreviate */
  warning?: string
  /** a notice for the log: a scheduled run checks against the commit it happened to run on */
  notice?: string
}

/** The newest successful deployment to an environment: the GitHub API, passed in. */
export type DeploymentLookup = (environment: string) => Promise<Result<Deployed, NoDeployment>>

/** Step one, while the inputs are read: the build, consensus, or the deployment to look up. */
export function planExpected(inputs: ExpectedInputs): Result<Planned> {
  const { expected: given, environment } = inputs
  if (environment && given) {
    return err(
      'inputs `expected` and `expected-environment` are both set; expected at most one of them'
    )
  }
  if (environment) {
    const source = `the newest successful deployment to environment ${quote(environment)}`
    return ok({ expected: { kind: 'deployment', environment, source } })
  }
  if (given.toLowerCase() === 'consensus') {
    return ok({
      expected: { kind: 'consensus', source: 'consensus: the build most targets report' }
    })
  }
  if (given !== '') {
    const r = checkBuild(given)
    if (!r.ok) {
      return err(
        r.error.problem
          ? `input \`expected\`: ${quote(given)} ${r.error.problem}; fleet-check compares builds: give a commit hash (such as \${{ github.sha }}) or a build id, or leave it empty to use the event's commit`
          : `input \`expected\`: ${quote(given)} is not valid; expected ${r.error.expected}, or "consensus"`
      )
    }
    const hint = shortHexHint(r.value)
    return ok({
      expected: { kind: 'build', build: r.value, source: 'input `expected`' },
      ...(hint ? { warning: `input \`expected\`: ${quote(r.value)} ${hint}` } : {})
    })
  }
  if (inputs.fallback && !inputs.sha?.trim()) return fromFallback(inputs.fallback)
  const event = expectedFromEvent(inputs.eventName, inputs.payload, inputs.sha)
  if (!event.ok) return event
  const expected: ExpectedBuild = { kind: 'build', ...event.value }
  return ok({ expected, ...(inputs.eventName === 'schedule' ? { notice: SCHEDULED } : {}) })
}

/**
 * A schedule has no commit of its own: GITHUB_SHA is the default branch's head when it fired,
 * which is what is deployed only if every push deploys. An empty `expected` (an unset
 * `${{ vars.X }}` is empty too) is said out loud, with what a drift check wants instead.
 * workflow_dispatch gets no notice: its commit is the ref the person chose to run on.
 */
const SCHEDULED =
  'input `expected` is empty, so this scheduled run compares the fleet with the commit the schedule ran on (GITHUB_SHA, the head of the default branch), not with what was deployed. To check for drift, set input `expected-environment` (the newest successful deployment to an environment) or set input `expected` to consensus (the build most targets report). An `expected: ${{ vars.NAME }}` whose variable is not set is empty too'

/** A CI variable's commit or git HEAD: checked like any expected build, named by its source. */
function fromFallback(found: Result<FoundBuild>): Result<Planned> {
  if (!found.ok) return found
  const { build, source } = found.value
  const r = checkBuild(build)
  if (!r.ok) {
    return err(`${source}: ${describeInvalid(build, r.error)}; or give the build with --expected`)
  }
  const hint = shortHexHint(r.value)
  return ok({
    expected: { kind: 'build', build: r.value, source },
    ...(hint ? { warning: `${source}: ${quote(r.value)} ${hint}` } : {})
  })
}

/**
 * Step two, once the API is connected: an `expected-environment` deployment is looked up; any
 * other plan is the build already. No deployment is an error, never a pass.
 */
export async function resolveExpected(
  plan: ExpectedPlan,
  deployment: DeploymentLookup
): Promise<Result<ExpectedBuild>> {
  if (plan.kind !== 'deployment') return ok(plan)
  const { environment, source } = plan
  const found = await deployment(environment)
  if (found.ok) {
    const { sha, id } = found.value
    return ok({ kind: 'build', build: sha, source, deployment: { id, environment } })
  }
  const why = found.error
  if (why.kind === 'none') {
    return err(
      `input \`expected-environment\`: ${why.reason}; expected a deployment whose latest status is success`
    )
  }
  const hint = why.permission ? "; grant `deployments: read` in the workflow's `permissions:`" : ''
  return err(
    `input \`expected-environment\`: cannot read the deployments of ${JSON.stringify(environment)} (${why.reason})${hint}`
  )
}
