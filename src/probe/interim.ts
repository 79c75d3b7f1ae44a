// Interim `100 Continue` responses. A server may send one before its real response even when
// the request did not ask for it (RFC 9110 §15.2: a client must be able to parse one it did not
// expect), but undici 6 drops the connection on any 100 ("bad response"). So each socket the
// pool opens drops a 100 Continue at the start of a response before undici's parser sees it.
// Other 1xx (102, 103 Early Hints) undici reads and skips itself.
import type { Duplex } from 'node:stream'
import { buildConnector, Client, Pool, type Dispatcher } from 'undici'

/** Interim responses bigger than this are not looked into: undici deals with them as before. */
const MAX_INTERIM_BYTES = 16 * 1024
const END = Buffer.from('\r\n\r\n')
const STATUS = 'HTTP/1.x 1xx' // then a space or CR

export type Head =
  /** too few bytes to tell */
  | 'more'
  /** the final response (or anything that is not an interim one): hand it all to undici */
  | 'final'
  /** an interim response of `length` bytes: skipped when it is a 100, else left to undici */
  | { length: number; skip: boolean }

/** What a response's first bytes are. Pure. */
export function headOf(data: Buffer): Head {
  const n = Math.min(data.length, STATUS.length + 1)
  for (let i = 0; i < n; i++) {
    const c = data[i]
    const want = STATUS.charCodeAt(i)
    const digit = c >= 0x30 && c <= 0x39
    const ok =
      i === STATUS.length
        ? c === 0x20 || c === 0x0d // "HTTP/1.1 100 Continue" or "HTTP/1.1 100\r\n"
        : i === 7
          ? c === 0x30 || c === 0x31 // HTTP/1.0 or HTTP/1.1
          : want === 0x78 // x
            ? digit
            : c === want
    if (!ok) return 'final'
  }
  if (n <= STATUS.length) return 'more'
  const status = data.toString('latin1', 9, 12)
  // 101 Switching Protocols ends the HTTP exchange: it is no interim response.
  if (status === '101') return 'final'
  const end = data.indexOf(END)
  if (end < 0) return data.length > MAX_INTERIM_BYTES ? 'final' : 'more'
  return { length: end + END.length, skip: status === '100' }
}

/**
 * Patches one socket: a request written marks the start of a response (undici sends one request
 * at a time per socket), and reads there drop any 100 Continue, also after a 103 Early Hints.
 * Reads elsewhere, and everything from the final status line on, pass untouched.
 */
export function skipContinue(socket: Duplex): Duplex {
  const read = socket.read.bind(socket)
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean
  let atStart = false
  let held: Buffer | null = null
  socket.write = ((...args: unknown[]) => {
    atStart = true
    return write(...args)
  }) as typeof socket.write
  socket.read = ((size?: number) => {
    // read(0) is the stream machinery asking for a refill, not undici taking data.
    if (!atStart || size !== undefined) return read(size)
    const out: Buffer[] = []
    while (atStart) {
      const chunk = read() as Buffer | null
      if (chunk === null) break // what is held waits for the next 'readable'
      let data = held ? Buffer.concat([held, chunk]) : chunk
      held = null
      while (data.length) {
        const head = headOf(data)
        if (head === 'more') {
          held = data
          break
        }
        if (head === 'final') {
          atStart = false
          out.push(data)
          break
        }
        if (!head.skip) out.push(data.subarray(0, head.length))
        data = data.subarray(head.length)
      }
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : Buffer.concat(out)
  }) as typeof socket.read
  return socket
}

type Connector = buildConnector.connector

/** Wraps a connector (or the TLS options undici would build one from) to patch each socket. */
function connectorSkippingContinue(
  connect: Connector | buildConnector.BuildOptions | undefined
): Connector {
  const inner =
    typeof connect === 'function' ? connect : buildConnector({ ...(connect ?? {}) } as never)
  return (options, callback) =>
    inner(options, (...args) => {
      if (args[0]) callback(args[0], null)
      else callback(null, skipContinue(args[1]) as (typeof args)[1])
    })
}

/**
 * An Agent `factory`: the default one (Client for one connection, else Pool) with every socket
 * patched. Given to a ProxyAgent too, it reaches the sockets tunnelled through the proxy.
 */
export function poolSkippingContinue(origin: string | URL, options: object): Dispatcher {
  const o = options as Client.Options & { connections?: number | null }
  const connect = connectorSkippingContinue(o.connect)
  return o.connections === 1
    ? new Client(origin, { ...o, connect })
    : new Pool(origin, { ...(o as Pool.Options), connect })
}
