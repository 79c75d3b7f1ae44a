// The GitHub REST API, loaded only when a feature needs it: plain fleet checks never pay for
// Octokit's start-up. Requests are few and retried on 5xx and rate limits.
import { sleep } from '../common/sleep.js'

export interface Repo {
  owner: string
  repo: string
}

/** The parts of Octokit this action uses. */
export interface Api {
  request<T = unknown>(
    route: string,
    params?: Record<string, unknown>
  ): Promise<{ status: number; data: T }>
}

/** An API error with the HTTP status, as Octokit throws it. */
export interface ApiError {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined> }
}

const ATTEMPTS = 4
const MAX_WAIT_MS = 60_000

export async function createApi(token: string): Promise<Api> {
  const { getOctokit } = await import('@actions/github')
  // Read now, not when @actions/github was first imported (GHES, and the tests' fake API).
  const baseUrl = process.env.GITHUB_API_URL || undefined
  const octokit = getOctokit(token, baseUrl ? { baseUrl } : {})
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options)
      } catch (error) {
        const wait = retryDelay(error as ApiError, attempt)
        if (wait === undefined || attempt >= ATTEMPTS) throw error
        await sleep(wait)
      }
    }
  })
  return octokit as unknown as Api
}

/** How long to wait before retrying, or undefined when the error is not worth a retry. */
export function retryDelay(error: ApiError, attempt: number, now = Date.now()): number | undefined {
  const status = error.status ?? 0
  const headers = error.response?.headers ?? {}
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined))
  if (!rateLimited && status < 500) return undefined
  // A limit that lifts later than a minute from now is not worth the runner's time: give up.
  const within = (ms: number) => (ms <= MAX_WAIT_MS ? ms : undefined)
  const retryAfter = Number(headers['retry-after'])
  if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined)
    return within(retryAfter * 1000)
  const reset = Number(headers['x-ratelimit-reset'])
  if (rateLimited && Number.isFinite(reset) && reset > 0)
    return within(Math.max(reset * 1000 - now, 0) + 1000)
  return Math.min(1000 * 2 ** (attempt - 1), MAX_WAIT_MS)
}

export function repoFromEnv(env: NodeJS.ProcessEnv): Repo | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return owner && repo ? { owner, repo } : undefined
}

/** 403 and 404 mean the token lacks a permission (fork PRs get read-only tokens). */
export function isPermissionProblem(error: unknown): boolean {
  const status = (error as ApiError)?.status
  return status === 403 || status === 404
}

export function describeApiError(error: unknown): string {
  const e = error as ApiError
  return e?.status
    ? `HTTP ${e.status}: ${e.message ?? ''}`.trim()
    : String((e as Error)?.message ?? error)
}
