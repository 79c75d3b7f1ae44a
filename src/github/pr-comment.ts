// One sticky comment per fleet on the pull request, found by a hidden marker, updated in place
// and left alone when nothing changed.
import { createHash } from 'node:crypto'
import type { Verdict } from '../verdict/judge.js'
import { renderSummary } from '../report/summary.js'
import { err, ok, type Result } from '../common/result.js'
import type { Api, Repo } from './api.js'

/** GitHub refuses comments over 65,536 characters; bytes bound characters from above. */
export const COMMENT_LIMIT_BYTES = 60_000

/** A marker per fleet, so two fleet-check steps keep two comments. */
export function commentMarker(targets: readonly { name: string; url: string }[]): string {
  const hash = createHash('sha256')
  for (const t of targets) hash.update(`${t.name}\n${t.url}\n`)
  return `<!-- fleet-check:${hash.digest('hex').slice(0, 16)} -->`
}

/** The marker, then the job summary's text (cut to a comment's limit). */
export function commentBody(
  marker: string,
  v: Verdict,
  options: { expectedSource?: string } = {}
): string {
  const limit = COMMENT_LIMIT_BYTES - marker.length - 1
  return `${marker}\n${renderSummary(v, { ...options, limit })}`
}

type Payload = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** The pull request this event is about, or why there is none (for the log). */
export async function findPullRequest(
  api: Api,
  repo: Repo,
  eventName: string,
  payload: Payload | undefined
): Promise<Result<number>> {
  if (eventName.startsWith('pull_request')) {
    const n = payload?.pull_request?.number
    return typeof n === 'number'
      ? ok(n)
      : err(`the ${eventName} payload has no pull_request.number`)
  }
  if (eventName === 'workflow_run') {
    const sha = payload?.workflow_run?.head_sha
    if (typeof sha !== 'string') return err('the workflow_run payload has no head_sha')
    const { data } = await api.request<{ number: number; state: string; head: { sha: string } }[]>(
      'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
      { ...repo, commit_sha: sha, per_page: 100 }
    )
    const heads = data.filter(pr => pr.head?.sha === sha)
    const pr = heads.find(p => p.state === 'open') ?? heads[0]
    return pr ? ok(pr.number) : err(`no pull request has head ${sha}`)
  }
  return err(`a ${eventName || 'unknown'} event is not about a pull request`)
}

interface Comment {
  id: number
  body?: string
}

/** Creates the comment, or updates the one with this marker; returns what it did. */
export async function upsertComment(
  api: Api,
  repo: Repo,
  issue: number,
  marker: string,
  body: string
): Promise<'created' | 'updated' | 'unchanged'> {
  let existing: Comment | undefined
  for (let page = 1; page <= 30 && !existing; page++) {
    const { data } = await api.request<Comment[]>(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      {
        ...repo,
        issue_number: issue,
        per_page: 100,
        page
      }
    )
    existing = data.find(c => c.body?.startsWith(marker))
    if (data.length < 100) break
  }
  if (!existing) {
    await api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: issue,
      body
    })
    return 'created'
  }
  if (existing.body === body) return 'unchanged'
  await api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
    ...repo,
    comment_id: existing.id,
    body
  })
  return 'updated'
}
