// A commit status with a stable context: the requirable verdict on the deployed commit, also
// when the workflow runs on deployment_status, workflow_run or schedule.
import { forLog } from '../report/sanitize.js'
import { shortBuild } from '../build/compare.js'
import { isGroupEntry, type Verdict } from '../verdict/judge.js'
import type { Api, Repo } from './api.js'
import { plural } from '../common/plural.js'

export const DESCRIPTION_LIMIT = 140

/**
 * "8 of 8 targets current" or "1 stale, 2 missing; 5 of 8 targets current"; under consensus
 * "8 of 8 targets agree on 1a2b3c4" (the status sits on the event's commit, so it names the
 * build the servers agree on). At most 140 characters.
 */
export function statusDescription(v: Verdict): string {
  const count = (s: string) => v.targets.filter(t => t.status === s).length
  // Declared targets: undeclared reports-file entries are counted on their own, and so is a
  // group's own entry (`addresses: all`: its instances are the targets).
  const n = v.targets.filter(t => t.status !== 'undeclared' && !isGroupEntry(t)).length
  const current = count('current')
  const tally = !v.consensus
    ? `${current} of ${plural(n, 'target')} current`
    : v.expected === null
      ? `no build has a majority of ${plural(n, 'target')}`
      : `${current} of ${plural(n, 'target')} agree on ${forLog(shortBuild(v.expected), 40)}`
  let text: string
  if (v.result === 'pass') text = tally
  else {
    const off = ['stale', 'mixed', 'missing', 'undeclared']
      .map(s => [s, count(s)] as const)
      .filter(([, k]) => k > 0)
      .map(([s, k]) => `${k} ${s}`)
    text = off.length ? `${off.join(', ')}; ${tally}` : `not stable yet; ${tally}`
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
