// One GET through undici's `dispatch`, the layer under `request()`. A build is read from a small
// body, so a handler that keeps the chunks does: no body stream, async resource, URL object or
// options copy per request as `request()` makes (about a fifth of a request's CPU, measured in
// BENCHMARKS.md). The sockets, pools, proxies and TLS are undici's as before.
import type { IncomingHttpHeaders } from 'node:http'
import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { parseHeaders } from 'undici/lib/core/util.js'

export interface GetResponse {
  statusCode: number
  /** As `request()` gives them: lower-case names, repeated ones as arrays */
  headers: IncomingHttpHeaders
  /**
   * The body as sent (still coded), once complete; `undefined` when it passed `limit` (the
   * request is then aborted). Rejects with the connection's error, or the deadline's reason.
   */
  body(): Promise<Buffer | undefined>
  /** No interest in the body: the request is aborted, and its connection closed. */
  drop(): void
  /**
   * The body as it arrives, when `stream` chose so for this response (then `body()` is not
   * used). Its reader holds it to `limit`; nothing is read past the chunk that crosses it.
   * Destroying it aborts the request.
   */
  stream?: Readable
}

export interface GetOptions {
  origin: string
  /** path and query */
  path: string
  headers: Record<string, string>
  /** body bytes kept at most */
  limit: number
  /**
   * The attempt's deadline. When it passes, the promise rejects with DEADLINE at once, also while
   * undici is still connecting (it would otherwise wait for its own connect timeout in a TLS
   * handshake), and the request is aborted.
   */
  deadline: Deadline
  /** Whether a response is read as a stream (a coded body is decoded as it comes) */
  stream?: (statusCode: number, headers: IncomingHttpHeaders) => boolean
}

/** The response head, or the error before it. */
export function get(dispatcher: Dispatcher, options: GetOptions): Promise<GetResponse> {
  return new Promise((resolve, reject) => {
    const handler = new Handler(options, resolve, reject)
    dispatcher.dispatch(
      { origin: options.origin, path: options.path, method: 'GET', headers: options.headers },
      handler
    )
  })
}

const ABORTED = new Error('body dropped')
/** What a request whose deadline passed rejects with */
export const DEADLINE = new Error('deadline passed')

const expire = (deadline: Deadline) => deadline.expire()

/**
 * One timer for an attempt: its hops and its body. Lighter than an AbortController per request
 * (an EventTarget, a listener and a closure each, seen in large sweeps); the signal is made only
 * for a coded body, whose decoding pipeline takes one.
 */
export class Deadline {
  expired = false
  /**
   * The request in flight, cancelled when time is up (one at a time: hops are sequential). The
   * handler itself, not a closure over it: with a closure made per request and kept here, V8
   * promoted nearly every request's objects to the old generation (issue 14: 24 MB of garbage
   * promoted in a 10,000-target sweep instead of 9, and 40 MB more peak RSS).
   */
  inFlight: { cancel(): void } | undefined
  private readonly timer: NodeJS.Timeout
  private controller: AbortController | undefined

  constructor(ms: number) {
    // One shared callback, not a closure per attempt (see inFlight).
    this.timer = setTimeout(expire, ms, this)
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController()
      if (this.expired) this.controller.abort(DEADLINE)
    }
    return this.controller.signal
  }

  clear(): void {
    clearTimeout(this.timer)
  }

  /** The timer's: time is up. */
  expire(): void {
    this.expired = true
    this.inFlight?.cancel()
    this.controller?.abort(DEADLINE)
  }
}

class Handler implements Dispatcher.DispatchHandlers {
  private abort: ((error: Error) => void) | undefined
  private chunks: Buffer[] = []
  private size = 0
  /** the body's outcome once known, and its waiter once asked */
  private done: { body?: Buffer; error?: unknown } | undefined
  private waiter:
    { resolve: (b: Buffer | undefined) => void; reject: (e: unknown) => void } | undefined
  private settled = false
  private readable: Readable | undefined

  constructor(
    private readonly options: GetOptions,
    private readonly resolve: (r: GetResponse) => void,
    private readonly reject: (e: unknown) => void
  ) {
    const { deadline } = options
    if (deadline.expired) queueMicrotask(() => this.cancel())
    else deadline.inFlight = this
  }

  onConnect(abort: (error: Error) => void): void {
    if (this.options.deadline.expired || this.settled) abort(DEADLINE)
    else this.abort = abort
  }

  onHeaders(statusCode: number, raw: Buffer[]): boolean {
    // 1xx: undici reads past interim responses; the final one follows.
    if (statusCode < 200 || this.settled) return true
    const headers = parseHeaders(raw) as IncomingHttpHeaders
    const response: GetResponse = {
      statusCode,
      headers,
      body: () => this.body(),
      drop: () => this.finish({ error: ABORTED }, ABORTED)
    }
    if (this.options.stream?.(statusCode, headers)) {
      this.readable = new Readable({
        read() {},
        destroy: (error, done) => {
          this.finish({ error: error ?? ABORTED }, ABORTED)
          done(error)
        }
      })
      // Its reader listens; dropped unread, its error must not go unheard (a crash).
      this.readable.on('error', () => undefined)
      response.stream = this.readable
    }
    this.settled = true
    this.resolve(response)
    return true
  }

  onData(chunk: Buffer): boolean {
    if (this.done) return true
    this.size += chunk.length
    const over = this.size > this.options.limit
    if (this.readable) {
      this.readable.push(chunk)
      // The reader counts the same bytes and refuses the body at this chunk: nothing more is
      // read, so a fast server cannot pile a large body up ahead of a slower decoder.
      if (over) {
        this.done = {}
        this.readable.push(null)
        this.abort?.(ABORTED)
      }
    } else if (over) {
      this.chunks = []
      this.finish({}, ABORTED)
    } else this.chunks.push(chunk)
    return true
  }

  onComplete(): void {
    if (this.done) return
    if (this.readable) {
      this.done = {}
      this.readable.push(null)
      return
    }
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)
    this.chunks = []
    this.finish({ body })
  }

  onError(error: Error): void {
    if (!this.settled) {
      this.settled = true
      this.reject(error)
    } else if (!this.done) this.finish({ error })
  }

  /** The deadline: the head's or the body's promise rejects now, and the request is aborted. */
  cancel(): void {
    if (!this.settled) {
      this.settled = true
      this.reject(DEADLINE)
    } else if (!this.done) this.finish({ error: DEADLINE })
    this.abort?.(DEADLINE)
  }

  private finish(outcome: { body?: Buffer; error?: unknown }, abortWith?: Error): void {
    if (this.done) return
    this.done = outcome
    if (outcome.error !== undefined && this.readable && !this.readable.destroyed)
      this.readable.destroy(outcome.error as Error)
    if (this.waiter) this.settleWaiter()
    if (abortWith) this.abort?.(abortWith)
  }

  private body(): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject }
      if (this.done) this.settleWaiter()
    })
  }

  private settleWaiter(): void {
    const { waiter, done } = this
    if (!waiter || !done) return
    this.waiter = undefined
    if (done.error !== undefined) waiter.reject(done.error)
    else waiter.resolve(done.body)
  }
}
