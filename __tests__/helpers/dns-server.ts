// A real DNS server on loopback UDP for fan-out tests: answers A and AAAA from a zone the test
// sets (and changes mid-run), or NXDOMAIN / SERVFAIL, or nothing at all (a resolver timeout).
import dgram from 'node:dgram'
import type { AddressInfo } from 'node:net'
import * as packet from 'dns-packet'

export interface Records {
  A?: string[]
  AAAA?: string[]
  /** answer with this error instead of records */
  rcode?: 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'
  /** never answer: the resolver times out */
  drop?: boolean
}

export interface DnsServer {
  /** "127.0.0.1:port", as `dns-servers` takes it */
  server: string
  port: number
  /** every question asked, in order */
  queries: { name: string; type: string }[]
  /** sets (replaces) the records of a name; names are case-insensitive */
  set(name: string, records: Records): void
  close(): Promise<void>
}

export async function startDnsServer(zone: Record<string, Records> = {}): Promise<DnsServer> {
  const records = new Map<string, Records>()
  const set = (name: string, r: Records) => records.set(name.toLowerCase().replace(/\.$/, ''), r)
  for (const [name, r] of Object.entries(zone)) set(name, r)
  const queries: DnsServer['queries'] = []
  const socket = dgram.createSocket('udp4')
  socket.on('message', (message, from) => {
    let query: packet.Packet
    try {
      query = packet.decode(message)
    } catch {
      return
    }
    const question = query.questions?.[0]
    if (!question) return
    queries.push({ name: question.name, type: question.type })
    const r = records.get(question.name.toLowerCase())
    if (r?.drop) return
    const rcode = r?.rcode ?? (r ? 'NOERROR' : 'NXDOMAIN')
    const values =
      question.type === 'A' ? (r?.A ?? []) : question.type === 'AAAA' ? (r?.AAAA ?? []) : []
    const answer = packet.encode({
      id: query.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | rcodeFlag(rcode),
      questions: [question],
      answers:
        rcode === 'NOERROR'
          ? values.map(data => ({ type: question.type as 'A', name: question.name, ttl: 1, data }))
          : []
    })
    socket.send(answer, from.port, from.address)
  })
  await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve))
  const port = (socket.address() as AddressInfo).port
  return {
    server: `127.0.0.1:${port}`,
    port,
    queries,
    set,
    close: () => new Promise(resolve => socket.close(() => resolve()))
  }
}

// dns-packet takes the response code in the low four bits of the flags.
function rcodeFlag(rcode: string): number {
  return { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 }[rcode] ?? 0
}
