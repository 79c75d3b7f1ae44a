// Checking a whole fleet: each target with retries, at most `concurrency` at once, over one
// shared connection pool.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Dispatcher } from 'undici'
import type { Target } from '../fleet/target.js'
import { mapLimit } from '../util/pool.js'
import { backoffMs } from './backoff.js'
import { extractBuild } from './extract.js'
import { createDispatcher, fetchOnce } from './http.js'

/** What one target said: a build, or why there is none. */
export interface Observation {
  target: Target
  build?: string
  reason?: string
  attempts: number
  ms: number
}

export interface CheckOptions {
  retries: number
  concurrency: number
}

export async function checkFleet(
  targets: readonly Target[],
  options: CheckOptions
): Promise<Observation[]> {
  const dispatcher = createDispatcher()
  try {
    return await mapLimit(targets, options.concurrency, t =>
      checkTarget(t, options.retries, dispatcher)
    )
  } finally {
    // Keep-alive sockets would otherwise hold the process open after the verdict.
    await dispatcher.destroy()
  }
}

export async function checkTarget(
  target: Target,
  retries: number,
  dispatcher: Dispatcher
): Promise<Observation> {
  const start = performance.now()
  const done = (found: { build?: string; reason?: string }, attempts: number): Observation => ({
    target,
    ...found,
    attempts,
    ms: Math.round(performance.now() - start)
  })
  for (let attempt = 1; ; attempt++) {
    const result = await fetchOnce(target, dispatcher)
    if (result.ok) return done(extractBuild(result.response, target.extraction), attempt)
    if (!result.transient || attempt > retries) return done({ reason: result.reason }, attempt)
    await sleep(backoffMs(attempt, result.retryAfterMs))
  }
}
