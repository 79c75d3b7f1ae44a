// A recording stand-in for the GitHub REST API on loopback: the bundle reaches it through
// GITHUB_API_URL, as it reaches GitHub Enterprise Server. It keeps state (statuses, comments,
// deployments) across runs, answers queued replies first (a 403, a 503 once), and records every
// request with its method, path, query and JSON body.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type Route =
  | 'createStatus'
  | 'listComments'
  | 'createComment'
  | 'updateComment'
  | 'commitPulls'
  | 'listDeployments'
  | 'deploymentStatuses'

export interface ApiRequest {
  method: string
  /** the path without the query, as received (with any /api/v3 prefix) */
  path: string
  query: Record<string, string>
  /** the parsed JSON body, or undefined when there was none */
  body: unknown
  headers: http.IncomingHttpHeaders
  /** the route it matched, or undefined for an unknown path */
  route?: Route
}

export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export interface CommitStatus {
  sha: string
  state: string
  context: string
  description?: string
  target_url?: string
}

export interface Comment {
  id: number
  body: string
  user: { login: string }
  created_at: string
  updated_at: string
}

export interface PullRequest {
  number: number
  state: 'open' | 'closed'
  head: { sha: string }
}

export interface Deployment {
  id: number
  sha: string
  environment: string
  created_at: string
}

export interface DeploymentStatus {
  id: number
  state: string
  created_at: string
}

export interface FakeGitHub {
  /** http://127.0.0.1:port */
  origin: string
  /** every request, in order */
  requests: ApiRequest[]
  /** statuses posted, in order */
  statuses: CommitStatus[]
  /** comments by issue number */
  comments: Map<number, Comment[]>
  /** pull requests by commit sha, for GET /repos/{o}/{r}/commits/{sha}/pulls */
  pulls: Map<string, PullRequest[]>
  /** every deployment, in the order the API answers them (not necessarily newest first) */
  deployments: Deployment[]
  /** statuses by deployment id, in the order the API answers them */
  deploymentStatuses: Map<number, DeploymentStatus[]>
  /** replies for a route, each used once, before its normal answer */
  queue(route: Route, ...replies: Reply[]): void
  /** a reply for every request of a route (undefined: back to the normal answer) */
  always(route: Route, reply: Reply | undefined): void
  /** requests of one route */
  calls(route: Route): ApiRequest[]
  /** forget requests, state and replies */
  reset(): void
  /** the environment a runner would give the action, pointing at this API */
  env(extra?: Record<string, string>): Record<string, string>
  close(): Promise<void>
}

export const OWNER = 'octo'
export const REPO = 'fleet'
export const RUN_URL = 'https://github.example/octo/fleet/actions/runs/42/attempts/1'

/** What GitHub answers a token without the permission (a fork's read-only token). */
export function forbidden(message = 'Resource not accessible by integration'): Reply {
  return {
    status: 403,
    body: { message, documentation_url: 'https://docs.github.com/rest', status: '403' }
  }
}

export const serverError: Reply = { status: 503, body: { message: 'Service Unavailable' } }

const ROUTES: [Route, string, RegExp][] = [
  ['createStatus', 'POST', /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/],
  ['listComments', 'GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/],
  ['createComment', 'POST', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/],
  ['updateComment', 'PATCH', /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/],
  ['commitPulls', 'GET', /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/pulls$/],
  ['listDeployments', 'GET', /^\/repos\/([^/]+)\/([^/]+)\/deployments$/],
  ['deploymentStatuses', 'GET', /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/]
]

/** Starts the fake; `prefix` is a base path such as /api/v3 (GitHub Enterprise Server). */
export async function startFakeGitHub(prefix = ''): Promise<FakeGitHub> {
  const requests: ApiRequest[] = []
  const statuses: CommitStatus[] = []
  const comments = new Map<number, Comment[]>()
  const pulls = new Map<string, PullRequest[]>()
  const deployments: Deployment[] = []
  const deploymentStatuses = new Map<number, DeploymentStatus[]>()
  const queued = new Map<Route, Reply[]>()
  const fixed = new Map<Route, Reply>()
  let nextCommentId = 1000
  let clock = Date.parse('2026-01-01T00:00:00Z')
  const now = () => new Date((clock += 1000)).toISOString()

  const answer = (res: http.ServerResponse, r: Reply) => {
    res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers })
    res.end(r.body === undefined ? '' : JSON.stringify(r.body))
  }
  const notFound: Reply = { status: 404, body: { message: 'Not Found' } }

  /** The normal answer of a route, changing the state as GitHub would. */
  const handle = (route: Route, m: RegExpExecArray, req: ApiRequest): Reply => {
    const [, owner, repo, key] = m
    if (owner !== OWNER || repo !== REPO) return notFound
    const body = (req.body ?? {}) as Record<string, unknown>
    switch (route) {
      case 'createStatus': {
        const s = { sha: key, ...body } as CommitStatus
        statuses.push(s)
        return { status: 201, body: { id: statuses.length, ...s } }
      }
      case 'listComments': {
        const all = comments.get(Number(key)) ?? []
        const perPage = Number(req.query.per_page ?? 30)
        const page = Number(req.query.page ?? 1)
        return { status: 200, body: all.slice((page - 1) * perPage, page * perPage) }
      }
      case 'createComment': {
        const time = now()
        const c: Comment = {
          id: nextCommentId++,
          body: String(body.body),
          user: { login: 'github-actions[bot]' },
          created_at: time,
          updated_at: time
        }
        comments.set(Number(key), [...(comments.get(Number(key)) ?? []), c])
        return { status: 201, body: c }
      }
      case 'updateComment': {
        const c = [...comments.values()].flat().find(x => x.id === Number(key))
        if (!c) return notFound
        c.body = String(body.body)
        c.updated_at = now()
        return { status: 200, body: c }
      }
      case 'commitPulls':
        return { status: 200, body: pulls.get(key) ?? [] }
      case 'listDeployments': {
        const env = req.query.environment
        return {
          status: 200,
          body: deployments.filter(d => env === undefined || d.environment === env)
        }
      }
      case 'deploymentStatuses':
        if (!deployments.some(d => d.id === Number(key))) return notFound
        return { status: 200, body: deploymentStatuses.get(Number(key)) ?? [] }
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = text === '' ? undefined : JSON.parse(text)
      } catch {
        body = text
      }
      const recorded: ApiRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        headers: req.headers
      }
      requests.push(recorded)
      const bare = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : ''
      for (const [route, method, pattern] of ROUTES) {
        const m = pattern.exec(bare)
        if (!m || method !== req.method) continue
        recorded.route = route
        const next = queued.get(route)?.shift() ?? fixed.get(route)
        return answer(res, next ?? handle(route, m, recorded))
      }
      answer(res, notFound)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    origin,
    requests,
    statuses,
    comments,
    pulls,
    deployments,
    deploymentStatuses,
    queue: (route, ...replies) => queued.set(route, [...(queued.get(route) ?? []), ...replies]),
    always: (route, reply) => (reply ? fixed.set(route, reply) : fixed.delete(route)),
    calls: route => requests.filter(r => r.route === route),
    reset() {
      requests.length = 0
      statuses.length = 0
      comments.clear()
      pulls.clear()
      deployments.length = 0
      deploymentStatuses.clear()
      queued.clear()
      fixed.clear()
    },
    env: (extra = {}) => ({
      GITHUB_API_URL: `${origin}${prefix}`,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '1',
      ...extra
    }),
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A fleet declared inline, one target per name, each at <origin>/<name>/version. */
export function fleetYaml(origin: string, targetNames: string[]): string {
  return targetNames.map(n => `- {name: ${n}, url: "${origin}/${n}/version"}`).join('\n')
}
