// Reporting where GitHub users look: a commit status and a sticky PR comment. A reporting
// problem never changes the outcome: the fleet's verdict alone decides the exit code.
import { host } from '../host/host.js'
import { isPlaceholder } from '../build/placeholders.js'
import { hexOf, sameBuild } from '../build/compare.js'
import type { Verdict } from '../verdict/judge.js'
import { describeApiError, isPermissionProblem, type Api, type Repo } from './api.js'
import { postCommitStatus, runUrl } from './commit-status.js'
import { commentBody, commentMarker, findPullRequest, upsertComment } from './pr-comment.js'

export interface GitHubReporting {
  commitStatus?: string
  prComment: boolean
  /** the commit the event is about, when the expected build is not a full commit hash */
  eventSha?: string
  eventName: string
  payload?: Record<string, unknown>
}

export async function publishToGitHub(
  api: Api,
  repo: Repo,
  v: Verdict,
  /** where the expected build came from, for the comment (the job summary's text) */
  expectedSource: string | undefined,
  options: GitHubReporting,
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  const context = options.commitStatus
  if (context) {
    const sha = statusCommit(v, options.eventSha)
    if (!sha) {
      host().warning(
        v.consensus
          ? 'commit-status: no event commit to post on (under `expected: consensus` the status goes on the commit the workflow runs for, and this event has none)'
          : `commit-status: no full commit hash to post on (expected build ${JSON.stringify(v.expected)}); set \`expected\` to a 40-character commit hash`
      )
    } else {
      await attempt('post the commit status', 'statuses: write', async () => {
        await postCommitStatus(api, repo, sha, context, v, runUrl(env))
        host().info(
          `Commit status "${context}" set to ${v.result === 'pass' ? 'success' : 'failure'} on ${sha}`
        )
      })
    }
  }
  if (options.prComment) {
    await attempt('update the pull request comment', 'pull-requests: write', async () => {
      const pr = await findPullRequest(api, repo, options.eventName, options.payload)
      if (!pr.ok) return host().info(`pr-comment: skipped, ${pr.error}`)
      // The declared fleet only: undeclared reports-file entries come and go between runs.
      const declared = v.targets.filter(t => t.status !== 'undeclared')
      const marker = commentMarker(declared.map(t => ({ name: t.name, url: t.url })))
      const done = await upsertComment(
        api,
        repo,
        pr.value,
        marker,
        commentBody(marker, v, { expectedSource })
      )
      host().info(`pr-comment: ${done} on #${pr.value}`)
    })
  }
}

/**
 * The commit the status goes on. Under consensus, the event's commit: the servers' agreed build
 * is what they say, and a status there would mark a commit nobody asked about. Otherwise the
 * expected build when it is a full commit hash; the event's commit stands in only for the build
 * it is (or for a build that is no hash): never a status on a commit the fleet was not checked
 * against.
 */
export function statusCommit(v: Verdict, eventSha: string | undefined): string | undefined {
  // A 40-hex commit, and not git's null commit (a push that deletes a branch).
  const full = (s: string | null | undefined) =>
    s && hexOf(s)?.length === 40 && !isPlaceholder(s) ? hexOf(s) : undefined
  if (v.consensus) return full(eventSha)
  const expected = v.expected
  if (full(expected)) return full(expected)
  const event = full(eventSha)
  if (!event) return undefined
  return !expected || !hexOf(expected) || sameBuild(event, expected) ? event : undefined
}

async function attempt(what: string, permission: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn()
  } catch (error) {
    const hint = isPermissionProblem(error)
      ? `; grant \`${permission}\` in the workflow's \`permissions:\` (pull requests from forks get a read-only token whatever it says)`
      : ''
    host().warning(
      `fleet-check could not ${what} (${describeApiError(error)})${hint}. The fleet's verdict stands.`
    )
  }
}
