// The `dns-servers` input: the resolvers to ask instead of the system's, for split-horizon DNS on
// self-hosted runners (and for tests). Pure.
import { isIPv4, isIPv6 } from 'node:net'
import { quote } from '../common/errors.js'
import { err, ok, type Result } from '../common/result.js'
import type { Invalid } from '../common/values.js'

export const MAX_DNS_SERVERS = 16

const EXPECTED =
  'IP addresses of DNS servers, each with an optional port, separated by commas or new lines, such as "10.0.0.2", "10.0.0.2:5353" or "[fd00::53]:5353"'

/**
 * The servers, each in the form dns.Resolver#setServers takes ("10.0.0.2", "10.0.0.2:5353",
 * "fd00::53", "[fd00::53]:5353"); none for an empty input (the system resolver).
 */
export function parseDnsServers(text: string): Result<string[], Invalid> {
  const entries = text.split(/[,\s]+/).filter(e => e !== '')
  if (entries.length > MAX_DNS_SERVERS) {
    return err({
      problem: `has ${entries.length} servers`,
      expected: `at most ${MAX_DNS_SERVERS} ${EXPECTED}`
    })
  }
  const servers: string[] = []
  for (const entry of entries) {
    const server = dnsServer(entry)
    if (server === undefined) {
      return err({
        problem: `has ${quote(entry)}, which is not an IP address with an optional port`,
        expected: EXPECTED
      })
    }
    servers.push(server)
  }
  return ok(servers)
}

/** One server in setServers' form, or undefined when it is none. */
function dnsServer(entry: string): string | undefined {
  // A zone (fe80::1%eth0) is refused: the resolver takes none.
  if (entry.includes('%')) return undefined
  if (isIPv4(entry) || isIPv6(entry)) return entry
  const v4 = /^([\d.]+):(\d+)$/.exec(entry)
  if (v4) return isIPv4(v4[1]) && isPort(v4[2]) ? entry : undefined
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (v6 && isIPv6(v6[1])) {
    return v6[2] === undefined ? v6[1] : isPort(v6[2]) ? entry : undefined
  }
  return undefined
}

function isPort(text: string): boolean {
  const n = Number(text)
  return /^\d{1,5}$/.test(text) && n >= 1 && n <= 65535
}
