// The cache headers an answer came with, kept as evidence for a stale verdict.
import { CACHE_HEADERS, type CacheHeaders } from '../verdict/cache-evidence.js'

export function cacheHeaders(
  headers: Record<string, string | string[] | undefined>
): CacheHeaders | undefined {
  let found: CacheHeaders | undefined
  for (const name of CACHE_HEADERS) {
    const v = headers[name]
    const value = Array.isArray(v) ? v.join(', ') : v
    if (value !== undefined) (found ??= {})[name] = value.slice(0, 200)
  }
  return found
}
