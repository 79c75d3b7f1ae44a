// Target objects built directly, as the fleet parser would resolve them.
import type { Target } from '../../src/fleet/target.js'

export function target(url: string, overrides: Partial<Target> = {}): Target {
  return {
    name: overrides.name ?? new URL(url).host,
    url,
    displayUrl: url,
    extraction: { kind: 'auto' },
    headers: {},
    timeoutMs: 1000,
    samples: 1,
    cacheBust: false,
    ...overrides
  }
}

/** Runs `fn` and also reports how long it took, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - start }
}
