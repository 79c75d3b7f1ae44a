// Checking a whole fleet: each target with retries, at most `concurrency` at once, over one
// shared connection pool.
import { sleep } from '../common/sleep.js'
import type { Dispatcher } from 'undici'
import type { Target } from '../fleet/target.js'
import { mapLimit } from '../common/pool.js'
import { backoffMs } from './backoff.js'
import { cacheHeaders } from './cache.js'
import { extractBuild, type ParsedBody } from './extract.js'
import { readChecks } from './extract-checks.js'
import { createDispatcher, fetchOnce, type DispatcherOptions } from './http.js'
import { combine, type Observation, type Reported, type Sample } from '../verdict/observation.js'
import type { Reason } from '../verdict/reason.js'

export interface CheckOptions extends DispatcherOptions {
  retries: number
  concurrency: number
  /**
   * Connections of their own for some targets (a pod through its API server, with the
   * kubeconfig's TLS): a shared pool, and fresh ones for samples. Undefined: the fleet's pool.
   */
  dispatcherFor?: (t: Target) => { shared: Dispatcher; fresh: () => Dispatcher } | undefined
}

/** `onObservation` hears each target as soon as it is checked (a cancelled run reports them). */
export async function checkFleet(
  targets: readonly Target[],
  options: CheckOptions,
  onObservation?: (o: Observation) => void
): Promise<Observation[]> {
  // A pool per round, never kept across rounds: each round is a fresh look, its connections
  // opened anew (a name resolved again, a load balancer routing anew), so an answer over a
  // connection made before a DNS change or a rollback cannot speak for the server of now.
  const dispatcher = createDispatcher({ ...options, connections: options.concurrency })
  const fresh = () => createDispatcher(options)
  try {
    return await mapLimit(targets, options.concurrency, async t => {
      const own = options.dispatcherFor?.(t)
      const o = own
        ? await checkTarget(t, options.retries, own.shared, own.fresh)
        : t.address === undefined
          ? await checkTarget(t, options.retries, dispatcher, fresh)
          : await checkInstance(t, t.address, options)
      onObservation?.(o)
      return o
    })
  } finally {
    // Keep-alive sockets would otherwise hold the process open after the verdict.
    await dispatcher.destroy()
  }
}

/**
 * An instance of `addresses: all`: connections of its own, to its address. undici pools by
 * origin, and every instance of a name has the same origin: a shared pool would send one
 * instance's request down another's socket. Closed once checked: thousands of instances must
 * not hold a socket each until the round ends.
 */
async function checkInstance(
  target: Target,
  address: string,
  options: CheckOptions
): Promise<Observation> {
  const pinned = { ...options, pin: { host: new URL(target.url).hostname, address } }
  const dispatcher = createDispatcher(pinned)
  try {
    return await checkTarget(target, options.retries, dispatcher, () => createDispatcher(pinned))
  } finally {
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
  if (target.samples <= 1) samples.push(await sample(target, retries, dispatcher, freshDispatcher))
  for (let i = 0; target.samples > 1 && i < target.samples; i++) {
    const fresh = freshDispatcher()
    try {
      samples.push(await sample(target, retries, fresh, freshDispatcher))
    } finally {
      await fresh.destroy()
    }
  }
  const ms = Math.round(performance.now() - start)
  let attempts = 0
  for (const s of samples) attempts += s.attempts
  // Object.assign, not a spread with fields after it: V8 builds that far slower, and the object
  // it makes is slower to read (10,000 targets pass through here).
  return Object.assign({ target }, combine(samples, target.checks), { attempts, ms })
}

/**
 * One answer, with retries. A request that failed on a reused connection closed or reset before
 * any answer (see reused-connection.ts) is sent once more at once over a new connection: no
 * retry (no backoff, not counted against `retries`), but an attempt in the report. A failure on a
 * new connection is never resent so.
 */
async function sample(
  target: Target,
  retries: number,
  dispatcher: Dispatcher,
  freshDispatcher: () => Dispatcher
): Promise<Sample> {
  for (let attempt = 1, retry = 0; ; attempt++, retry++) {
    // The attempt's deadline covers reading the build too: a regex stops matching there.
    let deadline = performance.now() + target.timeoutMs
    let result = await fetchOnce(target, dispatcher)
    if (!result.ok && result.staleConnection) {
      attempt++
      deadline = performance.now() + target.timeoutMs
      const fresh = freshDispatcher()
      try {
        result = await fetchOnce(target, fresh)
      } finally {
        await fresh.destroy()
      }
    }
    const { finalUrl } = result
    if (result.ok) {
      // The checks read the same answer (its JSON parsed once); none without checks.
      const body: ParsedBody | undefined = target.checks ? {} : undefined
      const found = extractBuild(result.response, target.extraction, deadline, body)
      let s: Sample
      if (found.ok) {
        // Field by field, no spreads: this runs for every target.
        const reported: Sample & Reported = {
          kind: 'reported',
          build: found.value,
          attempts: attempt
        }
        const cache = cacheHeaders(result.response.headers)
        if (cache) reported.cache = cache
        if (finalUrl !== undefined) reported.finalUrl = finalUrl
        s = reported
      } else s = noReport(found.error, finalUrl, attempt)
      // Even when the build cannot be read: the report shows what the checks say.
      if (target.checks && body)
        s.checks = readChecks(result.response, target.checks, deadline, body)
      return s
    }
    if (!result.transient || retry >= retries) return noReport(result, finalUrl, attempt)
    // The backoff of this retry, whatever was resent before it.
    await sleep(backoffMs(retry + 1, result.retryAfterMs))
  }
}

/** A sample without a report, field by field (no spreads): `why` may carry more than a reason. */
function noReport(why: Reason, finalUrl: string | undefined, attempts: number): Sample {
  const s: Sample = { kind: 'none', code: why.code, reason: why.reason, attempts }
  if (finalUrl !== undefined) s.finalUrl = finalUrl
  return s
}
