// The expected build from GitHub's own record: the newest deployment of an environment whose
// latest status is success. The API does not document its order, so both lists are sorted here.
import { err, ok, type Result } from '../common/result.js'
import { describeApiError, isPermissionProblem, type Api, type Repo } from './api.js'

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

/** The deployment the expected build comes from. */
export interface Deployed {
  sha: string
  id: number
}

/** Why no deployment gives the expected build. */
export type NoDeployment =
  /** the API answered: no deployment, or none whose latest status is success */
  | { kind: 'none'; reason: string }
  /** the API could not be asked; `permission`: the token lacks one */
  | { kind: 'unreadable'; reason: string; permission: boolean }

const INSPECTED = 30

export function newestFirst<T extends { id: number; created_at: string }>(
  items: readonly T[]
): T[] {
  return [...items].sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id
  )
}

/** The newest successful deployment, or why there is none. Never throws: an API error is described. */
export async function lastSuccessfulDeployment(
  api: Api,
  repo: Repo,
  environment: string
): Promise<Result<Deployed, NoDeployment>> {
  try {
    return await newestSuccessful(api, repo, environment)
  } catch (error) {
    return err({
      kind: 'unreadable',
      reason: describeApiError(error),
      permission: isPermissionProblem(error)
    })
  }
}

async function newestSuccessful(
  api: Api,
  repo: Repo,
  environment: string
): Promise<Result<Deployed, NoDeployment>> {
  const { data } = await api.request<Deployment[]>('GET /repos/{owner}/{repo}/deployments', {
    ...repo,
    environment,
    per_page: 100
  })
  if (data.length === 0)
    return err({
      kind: 'none',
      reason: `no deployments to environment ${JSON.stringify(environment)}`
    })
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
    if (newestFirst(statuses.data)[0]?.state === 'success') return ok({ sha: d.sha, id: d.id })
  }
  const inspected = Math.min(data.length, INSPECTED)
  const env = JSON.stringify(environment)
  return err({
    kind: 'none',
    reason:
      inspected === 1
        ? `the only deployment to environment ${env} does not have success as its latest status`
        : `none of the newest ${inspected} deployments to environment ${env} has success as its latest status`
  })
}
