// A server may close an idle keep-alive connection just as our next request goes out on it: the
// request then fails with the connection closed or reset before any answer. That is a race of
// connection reuse, not a verdict on the server, so such a request is sent once more over a new
// connection (as Go's net/http does, and Node advises with `req.reusedSocket`). undici says which
// socket a request went out on only through its diagnostics channels: this module listens there
// and marks the error of such a request. WeakMap and WeakSet only, and no closure per request:
// this runs for every request of a sweep, and keeps nothing alive past it.
import { subscribe } from 'node:diagnostics_channel'

/** The errors of a connection closed or reset under a request, with nothing answered. */
const RESET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])

/** socket → requests sent on it so far */
const sentOn = new WeakMap<object, number>()
/** requests sent on a socket that had carried one before, and not answered yet */
const reusedUnanswered = new WeakSet<object>()
/** errors of requests in reusedUnanswered that failed with the connection closed or reset */
const stale = new WeakSet<object>()

/** undici:client:sendHeaders: the request is about to be written to `socket`. */
function onSend(message: unknown): void {
  const { request, socket } = message as { request: object; socket: object }
  const before = sentOn.get(socket) ?? 0
  sentOn.set(socket, before + 1)
  if (before > 0) reusedUnanswered.add(request)
}

/** undici:request:headers: an answer began (an error from now on is the server's doing). */
function onHeaders(message: unknown): void {
  reusedUnanswered.delete((message as { request: object }).request)
}

/** undici:request:error: the request failed; the same error object rejects its request(). */
function onError(message: unknown): void {
  const { request, error } = message as { request: object; error: unknown }
  if (
    reusedUnanswered.has(request) &&
    typeof error === 'object' &&
    error !== null &&
    RESET_CODES.has((error as { code?: unknown }).code as string)
  )
    stale.add(error)
}

let watching = false

/** Starts listening, once (before the first request: see createDispatcher). */
export function watchConnections(): void {
  if (watching) return
  watching = true
  subscribe('undici:client:sendHeaders', onSend)
  subscribe('undici:request:headers', onHeaders)
  subscribe('undici:request:error', onError)
}

/**
 * Whether `error` is a request's that failed with its connection closed or reset before any
 * answer, on a connection that had carried an earlier request.
 */
export function isStaleConnection(error: unknown): boolean {
  return typeof error === 'object' && error !== null && stale.has(error)
}
