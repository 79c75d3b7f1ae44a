// Exponential backoff with jitter between attempts; a server's Retry-After wins when it gives one.
const BASE_MS = 500
const CAP_MS = 8_000

export function backoffMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random = Math.random
): number {
  if (retryAfterMs !== undefined) return retryAfterMs
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** (attempt - 1))
  // "Equal jitter": at least half the ceiling, so retries never bunch up at zero.
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
