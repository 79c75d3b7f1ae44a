// Checking a whole fleet: each target with retries, at most `concurrency` at once, over one
// shared connection pool.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Dispatcher } from 'undici'
import type { Target } from '../fleet/target.js'
import { mapLimit } from '../util/pool.js'
import { groupBuilds, shortBuilds } from '../verdict/compare.js'
import { backoffMs } from './backoff.js'
import { cacheHeaders, type CacheHeaders } from './cache.js'
import { extractBuild } from './extract.js'
import { createDispatcher, fetchOnce, type DispatcherOptions } from './http.js'

/** What one target said: a build, or why there is none. */
export interface Observation {
  target: Target
  build?: string
  reason?: string
  /** set when samples disagreed: each build they saw */
  builds?: string[]
  cache?: CacheHeaders
  /** where the answer came from (origin and path) when a redirect was followed or refused */
  finalUrl?: string
  attempts: number
  ms: number
}

export interface CheckOptions extends DispatcherOptions {
  retries: number
  concurrency: number
}

/** One sample's outcome, after its retries. */
interface Sample {
  build?: string
  reason?: string
  cache?: CacheHeaders
  finalUrl?: string
  attempts: number
}

/** `onObservation` hears each target as soon as it is checked (a cancelled run reports them). */
export async function checkFleet(
  targets: readonly Target[],
  options: CheckOptions,
  onObservation?: (o: Observation) => void
): Promise<Observation[]> {
  const dispatcher = createDispatcher({ ...options, connections: options.concurrency })
  try {
    return await mapLimit(targets, options.concurrency, async t => {
      const o = await checkTarget(t, options.retries, dispatcher, () => createDispatcher(options))
      onObservation?.(o)
      return o
    })
  } finally {
    // Keep-alive sockets would otherwise hold the process open after the verdict.
    await dispatcher.destroy()
  }
}

/**
 * One target: one request (with retries), or with `samples` > 1 that many, each over a fresh
 * connection so a load balancer routes each anew; samples that disagree make the target mixed.
 */
export async function checkTarget(
  target: Target,
  retries: number,
  dispatcher: Dispatcher,
  freshDispatcher: () => Dispatcher = () => createDispatcher()
): Promise<Observation> {
  const start = performance.now()
  const samples: Sample[] = []
  if (target.samples <= 1) samples.push(await sample(target, retries, dispatcher))
  for (let i = 0; target.samples > 1 && i < target.samples; i++) {
    const fresh = freshDispatcher()
    try {
      samples.push(await sample(target, retries, fresh))
    } finally {
      await fresh.destroy()
    }
  }
  const ms = Math.round(performance.now() - start)
  const attempts = samples.reduce((n, s) => n + s.attempts, 0)
  return { target, ...combine(samples), attempts, ms }
}

/** Samples agree on one build, disagree (mixed), or some have no report (missing). */
export function combine(
  samples: readonly Sample[]
): Pick<Observation, 'build' | 'reason' | 'builds' | 'cache' | 'finalUrl'> {
  const reporting = samples.filter(s => s.build !== undefined)
  // Where the answer came from, like the cache headers: from the first sample that reported
  // one, or from the sample whose reason is given.
  const from = (s: Sample | undefined) => (s?.finalUrl ? { finalUrl: s.finalUrl } : {})
  const reported = () => from(reporting.find(s => s.finalUrl))
  const groups = groupBuilds(reporting.map(s => s.build as string))
  // The one matching rule (sameBuild): a lookalike of the build is a disagreement, not a match.
  if (groups.length > 1) {
    const shown = shortBuilds(groups.map(g => g.build))
    const seen = groups.map((g, i) => `${g.members.length}× ${shown[i]}`).join(', ')
    return {
      builds: groups.map(g => g.build),
      reason: `samples disagree: ${seen}`,
      ...reported()
    }
  }
  const failed = samples.filter(s => s.build === undefined)
  if (failed.length) {
    const reason = failed[0].reason ?? 'no report'
    return {
      reason:
        samples.length > 1 ? `${failed.length} of ${samples.length} samples: ${reason}` : reason,
      ...from(failed[0])
    }
  }
  return {
    build: groups[0].build,
    cache: reporting.find(s => s.cache)?.cache,
    ...reported()
  }
}

async function sample(target: Target, retries: number, dispatcher: Dispatcher): Promise<Sample> {
  for (let attempt = 1; ; attempt++) {
    // The attempt's deadline covers reading the build too: a regex stops matching there.
    const deadline = performance.now() + target.timeoutMs
    const result = await fetchOnce(target, dispatcher)
    const finalUrl = result.finalUrl ? { finalUrl: result.finalUrl } : {}
    if (result.ok) {
      const found = extractBuild(result.response, target.extraction, deadline)
      return {
        ...found,
        cache: cacheHeaders(result.response.headers),
        ...finalUrl,
        attempts: attempt
      }
    }
    if (!result.transient || attempt > retries)
      return { reason: result.reason, ...finalUrl, attempts: attempt }
    await sleep(backoffMs(attempt, result.retryAfterMs))
  }
}
