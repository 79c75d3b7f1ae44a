// What main.ts loads, only for fleets that use `addresses: all`, `kubernetes` or `dns-servers`
// (plain checks start without it): a round's fan-out, putting its results in fleet order, and
// the lookup of connections through `dns-servers`.
import { mapLimit } from '../common/pool.js'
import { ok, type Result } from '../common/result.js'
import type { Target } from '../fleet/target.js'
import type { CheckOptions } from '../probe/check.js'
import { resolveAll, type ResolveOptions } from './dns.js'
import { fanOut, type FanOut, type PodListing } from './fan-out.js'
import { connect, listPods, type Connection } from './kubernetes.js'

export { connectLookup } from './dns.js'
export { inFleetOrder } from './fan-out.js'
export { loadKubeConfig } from './kubernetes.js'

type KubeConfig = Awaited<ReturnType<typeof import('./kubernetes.js').loadKubeConfig>>

/** A round's fan-out, and what asking its pods needs. */
export interface Round extends FanOut {
  /** pods through their API server: that server's connections and credentials */
  dispatcherFor?: CheckOptions['dispatcherFor']
  /** credentials this round used (a token, a client key): to mask and redact */
  secrets: string[]
  /** closes the API servers' connections, once the round's pods are checked */
  close(): Promise<void>
}

/**
 * Resolves every `addresses: all` name and lists every `kubernetes` target's pods again
 * (instances and pods come and go during a rollout) and fans the fleet out; or, past the
 * 10,000-target cap, why it cannot be checked.
 */
export async function discover(
  targets: readonly Target[],
  options: ResolveOptions,
  kube?: KubeConfig
): Promise<Result<Round, string>> {
  const resolved = await resolveAll(targets, options)
  const pods = new Map<string, PodListing>()
  const conns = new Map<string, Connection>()
  const close = async () => {
    await Promise.all([...conns.values()].map(c => c.dispatcher.destroy()))
  }
  const declared = targets.filter(t => t.kubernetes)
  if (kube && declared.length) {
    // One connection a context, made one at a time (the config's current context is switched).
    const failed = new Map<string, PodListing>()
    for (const t of declared) {
      const key = t.kubernetes?.context ?? ''
      if (conns.has(key) || failed.has(key)) continue
      // The longest timeout of the context's targets bounds its connects.
      const timeoutMs = declared
        .filter(x => (x.kubernetes?.context ?? '') === key)
        .reduce((ms, x) => Math.max(ms, x.timeoutMs), 0)
      const c = await connect(kube, t.kubernetes?.context, options.concurrency, timeoutMs)
      if (c.ok) conns.set(key, c.value)
      else failed.set(key, c)
    }
    try {
      const listed = await mapLimit(declared, options.concurrency, async t => {
        const key = t.kubernetes?.context ?? ''
        const c = conns.get(key)
        return [t.name, c ? await listPods(t, c, options.retries) : failed.get(key)] as const
      })
      for (const [name, l] of listed) if (l) pods.set(name, l)
    } catch (e) {
      await close()
      throw e
    }
  }
  const fan = fanOut(targets, resolved, pods)
  if (!fan.ok) {
    await close()
    return fan
  }
  const secrets = [...conns.values()].flatMap(c => c.secrets)
  const dispatcherFor: CheckOptions['dispatcherFor'] = t => {
    const spec = t.kubernetes
    if (!t.pod || !spec || spec.via !== 'proxy' || spec.report !== 'http') return undefined
    const c = conns.get(spec.context ?? '')
    return c ? { shared: c.dispatcher, fresh: c.fresh } : undefined
  }
  return ok({ ...fan.value, ...(conns.size ? { dispatcherFor } : {}), secrets, close })
}
