// Reporting where GitHub users look: a commit status and a sticky PR comment. A reporting
// problem never changes the outcome: the fleet's verdict alone decides the exit code.
import * as core from '@actions/core'
import { hexOf, sameBuild } from '../verdict/compare.js'
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
  headline: string,
  options: GitHubReporting,
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  if (options.commitStatus) {
    // The event's commit stands in only for the build it is (or for a build that is no hash):
    // never a status on a commit the fleet was not checked against.
    const sha = [v.expected, options.eventSha].find(
      s =>
        s &&
        hexOf(s)?.length === 40 &&
        (!v.expected || !hexOf(v.expected) || sameBuild(s, v.expected))
    )
    if (!sha) {
      core.warning(
        `commit-status: no full commit hash to post on (expected build ${JSON.stringify(v.expected)}); set \`expected\` to a 40-character commit hash`
      )
    } else {
      await attempt('post the commit status', 'statuses: write', async () => {
        await postCommitStatus(api, repo, sha, options.commitStatus as string, v, runUrl(env))
        core.info(
          `Commit status "${options.commitStatus}" set to ${v.result === 'pass' ? 'success' : 'failure'} on ${sha}`
        )
      })
    }
  }
  if (options.prComment) {
    await attempt('update the pull request comment', 'pull-requests: write', async () => {
      const pr = await findPullRequest(api, repo, options.eventName, options.payload)
      if (typeof pr === 'string') return core.info(`pr-comment: skipped, ${pr}`)
      // The declared fleet only: undeclared reports-file entries come and go between runs.
      const declared = v.targets.filter(t => t.status !== 'undeclared')
      const marker = commentMarker(declared.map(t => ({ name: t.name, url: t.url })))
      const done = await upsertComment(api, repo, pr, marker, commentBody(marker, v, headline))
      core.info(`pr-comment: ${done} on #${pr}`)
    })
  }
}

async function attempt(what: string, permission: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn()
  } catch (error) {
    const hint = isPermissionProblem(error)
      ? `; grant \`${permission}\` in the workflow's \`permissions:\` (pull requests from forks get a read-only token whatever it says)`
      : ''
    core.warning(
      `fleet-check could not ${what} (${describeApiError(error)})${hint}. The fleet's verdict stands.`
    )
  }
}
