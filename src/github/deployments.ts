// The expected build from GitHub's own record: the newest deployment of an environment whose
// latest status is success. The API does not document its order, so both lists are sorted here.
import type { Api, Repo } from './api.js'

export interface Deployment {
  id: number
  sha: string
  created_at: string
}

export interface DeploymentStatus {
  id: number
  state: string
  created_at: string
}

const INSPECTED = 30

export function newestFirst<T extends { id: number; created_at: string }>(
  items: readonly T[]
): T[] {
  return [...items].sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id
  )
}

/** The sha of the newest successful deployment, or an error message. */
export async function lastSuccessfulDeployment(
  api: Api,
  repo: Repo,
  environment: string
): Promise<{ sha: string; id: number } | string> {
  const { data } = await api.request<Deployment[]>('GET /repos/{owner}/{repo}/deployments', {
    ...repo,
    environment,
    per_page: 100
  })
  if (data.length === 0) return `no deployments to environment ${JSON.stringify(environment)}`
  for (const d of newestFirst(data).slice(0, INSPECTED)) {
    const statuses = await api.request<DeploymentStatus[]>(
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      {
        ...repo,
        deployment_id: d.id,
        per_page: 100
      }
    )
    // A newer failed or in-progress deployment is skipped: only its latest status counts.
    if (newestFirst(statuses.data)[0]?.state === 'success') return { sha: d.sha, id: d.id }
  }
  return `none of the newest ${Math.min(data.length, INSPECTED)} deployments to environment ${JSON.stringify(environment)} has success as its latest status`
}
