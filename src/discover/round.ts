// What main.ts loads, only for fleets that use `addresses: all` or `dns-servers` (plain checks
// start without it): a round's fan-out, putting its results in fleet order, and the lookup of
// connections through `dns-servers`.
import type { Result } from '../common/result.js'
import type { Target } from '../fleet/target.js'
import { resolveAll, type ResolveOptions } from './dns.js'
import { fanOut, type FanOut } from './fan-out.js'

export { connectLookup } from './dns.js'
export { inFleetOrder } from './fan-out.js'

/**
 * Resolves every `addresses: all` name again (instances come and go during a rollout) and fans
 * the fleet out; or, past the 10,000-target cap, why it cannot be checked.
 */
export async function discover(
  targets: readonly Target[],
  options: ResolveOptions
): Promise<Result<FanOut, string>> {
  return fanOut(targets, await resolveAll(targets, options))
}
