// What the run takes from GitHub: the API features and their token, the triggering event, and
// from those (with `expected`) the plan for the expected build, which src/expected/ decides.
import { host } from '../host/host.js'
import { readFile } from 'node:fs/promises'
import { quote } from '../common/errors.js'
import { secretForms } from '../common/secrets.js'
import { checkBoolean } from '../common/values.js'
import { expectedFromEvent } from '../expected/from-event.js'
import type { Result } from '../common/result.js'
import type { FoundBuild } from '../expected/from-ci.js'
import { planExpected, type ExpectedPlan } from '../expected/resolve.js'
import { checkedInput, inputValue, rawInput } from './inputs.js'

/** The context name `commit-status: true` posts under. */
export const DEFAULT_STATUS_CONTEXT = 'fleet-check'

/**
 * `commit-status` as people write it: empty or false for no status, true for one under the
 * default context name, any other text for one under that name. (As a name, "false" would post
 * the very status it was meant to turn off.)
 */
export function commitStatusContext(text: string): string | undefined {
  const t = text.trim()
  if (t === '' || t.toLowerCase() === 'false') return undefined
  if (t.toLowerCase() === 'true') return DEFAULT_STATUS_CONTEXT
  return t
}

/** The GitHub API features and their token, masked before anything else can print it. */
export function readGitHub(problems: string[]) {
  const commitStatus = commitStatusContext(inputValue('commit-status'))
  if (commitStatus && commitStatus.length > 255) {
    problems.push(
      `input \`commit-status\`: ${quote(commitStatus)} is too long; expected a context name of at most 255 characters`
    )
  }
  const prComment = checkedInput('pr-comment', checkBoolean, problems)
  const expectedEnvironment = inputValue('expected-environment')
  const githubToken = rawInput('github-token')
  for (const secret of secretForms([githubToken])) host().setSecret(secret)
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
    allowUndeclared: checkedInput('allow-undeclared', checkBoolean, problems)
  }
}

export interface GitHubEvent {
  eventName: string
  payload?: Record<string, unknown>
  /** the commit the event is about, whatever `expected` says (for the commit status) */
  eventSha?: string
}

/** The triggering event: its name, its payload (GITHUB_EVENT_PATH) and its commit. */
export async function readEvent(env: NodeJS.ProcessEnv): Promise<GitHubEvent> {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const payload = await readEventPayload(env)
  const commit = expectedFromEvent(eventName, payload, env.GITHUB_SHA)
  return { eventName, payload, eventSha: commit.ok ? commit.value.build : undefined }
}

/**
 * The expected build as far as the inputs and the event tell (an `expected-environment`
 * deployment is looked up once the API is connected); undefined after a problem.
 */
export function readExpected(
  event: GitHubEvent,
  env: NodeJS.ProcessEnv,
  expectedEnvironment: string,
  problems: string[],
  fallback?: Result<FoundBuild>
): ExpectedPlan | undefined {
  const planned = planExpected({
    expected: rawInput('expected'),
    environment: expectedEnvironment,
    eventName: event.eventName,
    payload: event.payload,
    sha: env.GITHUB_SHA,
    ...(fallback ? { fallback } : {})
  })
  if (!planned.ok) {
    problems.push(planned.error)
    return undefined
  }
  if (planned.value.warning) host().warning(planned.value.warning)
  if (planned.value.notice) host().notice(planned.value.notice)
  return planned.value.expected
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
