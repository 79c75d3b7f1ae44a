// A commit status with a stable context: the requirable verdict on the deployed commit, also
// when the workflow runs on deployment_status, workflow_run or schedule.
import type { Verdict } from '../verdict/judge.js'
import type { Api, Repo } from './api.js'

export const DESCRIPTION_LIMIT = 140

/** "8 of 8 targets current" or "1 stale, 2 missing of 8 targets (5 current)", at most 140 characters. */
export function statusDescription(v: Verdict): string {
  const count = (s: string) => v.targets.filter(t => t.status === s).length
  // Declared targets: undeclared reports-file entries are counted on their own.
  const n = v.targets.length - count('undeclared')
  const current = count('current')
  let text: string
  if (v.result === 'pass') text = `${current} of ${n} targets current`
  else {
    const off = ['stale', 'mixed', 'missing', 'undeclared']
      .map(s => [s, count(s)] as const)
      .filter(([, k]) => k > 0)
      .map(([s, k]) => `${k} ${s}`)
    text = off.length
      ? `${off.join(', ')}; ${current} of ${n} targets current`
      : `not stable yet; ${current} of ${n} targets current`
  }
  return text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 1)}…` : text
}

export async function postCommitStatus(
  api: Api,
  repo: Repo,
  sha: string,
  context: string,
  v: Verdict,
  targetUrl: string | undefined
): Promise<void> {
  await api.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
    ...repo,
    sha,
    // Only a passing fleet gives success; everything else is failure.
    state: v.result === 'pass' ? 'success' : 'failure',
    context,
    description: statusDescription(v),
    ...(targetUrl ? { target_url: targetUrl } : {})
  })
}

/** The run's page: where a reader of the status finds the log and the summary. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined
  const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`
}
