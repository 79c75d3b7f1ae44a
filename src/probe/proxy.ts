// Which proxy variable carries a request to a URL, by the rules of undici's EnvHttpProxyAgent
// (which the probe uses): the lower-case variable first, HTTP_PROXY also for https when
// HTTPS_PROXY is unset, and NO_PROXY entries (`*`, exact hosts, `.suffix` or `*.suffix`, each
// with an optional port). Pure.

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 }

/** The name of the variable whose proxy a request to `url` would go through, or undefined. */
export function proxyVariableFor(url: string, env: NodeJS.ProcessEnv): string | undefined {
  const u = new URL(url)
  const http = env.http_proxy !== undefined ? 'http_proxy' : 'HTTP_PROXY'
  const https = env.https_proxy !== undefined ? 'https_proxy' : 'HTTPS_PROXY'
  const variable = u.protocol === 'https:' && env[https] ? https : env[http] ? http : undefined
  if (variable === undefined) return undefined
  // undici strips the port from `host` so that IPv6 brackets stay.
  const hostname = u.host.replace(/:\d*$/, '').toLowerCase()
  const port = Number.parseInt(u.port, 10) || DEFAULT_PORTS[u.protocol] || 0
  return bypassed(hostname, port, env.no_proxy ?? env.NO_PROXY ?? '') ? undefined : variable
}

function bypassed(hostname: string, port: number, noProxy: string): boolean {
  if (noProxy === '*') return true
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue
    const parsed = /^(.+):(\d+)$/.exec(entry)
    const host = (parsed ? parsed[1] : entry).toLowerCase()
    const entryPort = parsed ? Number.parseInt(parsed[2], 10) : 0
    if (entryPort && entryPort !== port) continue
    if (!/^[.*]/.test(host) ? hostname === host : hostname.endsWith(host.replace(/^\*/, '')))
      return true
  }
  return false
}
