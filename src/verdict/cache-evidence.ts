// CDNs and caches often ignore no-cache and serve the previous build behind a green deploy.
// These headers, kept with a stale answer, say whether it came from a cache.

export const CACHE_HEADERS = ['age', 'x-cache', 'cf-cache-status', 'x-vercel-cache'] as const

export type CacheHeaders = Partial<Record<(typeof CACHE_HEADERS)[number], string>>

const HIT = {
  // "HIT", "TCP_MEM_HIT" (Akamai), "RefreshHit from cloudfront", "HIT, MISS" (several caches)
  'x-cache': /(^|[\s,_])(refresh)?hit(\b|_)/i,
  'cf-cache-status': /^(hit|stale|updating|revalidated)$/i,
  'x-vercel-cache': /^(hit|stale|prerender)$/i
} as const

/** "Age: 120", "CF-Cache-Status: HIT": the evidence that an answer came from a cache, if any. */
export function cacheEvidence(cache: CacheHeaders | undefined): string | undefined {
  if (!cache) return undefined
  const evidence: string[] = []
  if (cache.age !== undefined && Number(cache.age) > 0) evidence.push(`Age: ${cache.age}`)
  if (cache['x-cache'] && HIT['x-cache'].test(cache['x-cache']))
    evidence.push(`X-Cache: ${cache['x-cache']}`)
  if (cache['cf-cache-status'] && HIT['cf-cache-status'].test(cache['cf-cache-status'])) {
    evidence.push(`CF-Cache-Status: ${cache['cf-cache-status']}`)
  }
  if (cache['x-vercel-cache'] && HIT['x-vercel-cache'].test(cache['x-vercel-cache'])) {
    evidence.push(`X-Vercel-Cache: ${cache['x-vercel-cache']}`)
  }
  return evidence.length ? evidence.join(', ') : undefined
}
