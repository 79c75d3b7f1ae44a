// `addresses: all`: from declared targets and what their host names resolved to, the targets to
// ask (one instance per address) and what the round already knows about each group (its name
// did not resolve; it has fewer or more instances than its `count`). Pure.
import { isIPv4 } from 'node:net'
import { err, ok, type Result } from '../common/result.js'
import { MAX_TARGETS } from '../common/values.js'
import type { Target } from '../fleet/target.js'
import type { NoReport, Observation, Surplus } from '../verdict/observation.js'
import type { Reason } from '../verdict/reason.js'
import { listUrl, podObservation, podSlots, type PodList } from './pods.js'
import { plural } from '../common/plural.js'

/** The addresses a host name resolved to, or why there are none; and what resolving took. */
export type Resolution = Result<string[], Reason> & { attempts?: number; ms?: number }

/** "api@10.0.0.7", "api@2001:db8::7": an instance's name (IPv6 without brackets). */
export function instanceName(name: string, address: string): string {
  return `${name}@${address}`
}

/** The host name an `addresses: all` target resolves (lower case, no brackets, no port). */
export function hostOf(target: Target): string {
  return new URL(target.url).hostname
}

/**
 * Each address once, IPv4 before IPv6, each in numeric order: DNS servers rotate their answers,
 * and instances should keep their place from one round to the next.
 */
export function orderAddresses(addresses: readonly string[]): string[] {
  const keyed = [...new Set(addresses)].map(a => ({ a, key: sortKey(a) }))
  keyed.sort((x, y) =>
    x.key < y.key ? -1 : x.key > y.key ? 1 : x.a < y.a ? -1 : x.a > y.a ? 1 : 0
  )
  return keyed.map(k => k.a)
}

/** A text that sorts like the address: "4" and 4 bytes, or "6" and 16, in fixed-width hex. */
function sortKey(address: string): string {
  if (isIPv4(address)) {
    return `4${address
      .split('.')
      .map(o => Number(o).toString(16).padStart(2, '0'))
      .join('')}`
  }
  return `6${ipv6Groups(address)
    .map(g => g.toString(16).padStart(4, '0'))
    .join('')}`
}

/** The eight 16-bit groups of an IPv6 address (with a trailing dotted quad, if any). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '')
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number)
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const parse = (s: string | undefined) => (s ? s.split(':').map(g => parseInt(g, 16) || 0) : [])
  const before = parse(head)
  const after = parse(tail)
  const zeros = tail === undefined ? 0 : Math.max(0, 8 - before.length - after.length)
  return [...before, ...new Array<number>(zeros).fill(0), ...after]
}

/** What an unmet `count` makes of a group: too few is missing; too many, undeclared. */
export type CountProblem =
  | { status: 'missing'; code: 'count-short'; reason: string }
  | { status: 'undeclared'; code: 'count-over'; reason: string }

export function countProblem(
  found: number,
  count: number | undefined,
  noun = 'instances'
): CountProblem | undefined {
  if (count === undefined || found === count) return undefined
  return found < count
    ? { status: 'missing', code: 'count-short', reason: `found ${found} of ${count} ${noun}` }
    : {
        status: 'undeclared',
        code: 'count-over',
        reason: `found ${found} ${noun}, ${count} declared`
      }
}

/** A group's own entry: its name did not resolve (missing), or its count is not met. */
export type GroupOutcome = (NoReport | Surplus) & { target: Target; attempts: number; ms: number }

/** A round's pods of a `kubernetes` target (keyed by its name), or why they were not listed. */
export type PodListing = Result<PodList, Reason> & { attempts?: number; ms?: number }

/**
 * A place in the round's results: a target to ask, a group's own entry, or a pod known without
 * asking (not Ready, no such port, the image digest it runs).
 */
type Slot = { ask: Target } | { outcome: GroupOutcome } | { known: Observation }

export interface FanOut {
  /** the targets to ask, in fleet order: plain ones as declared, then each group's instances */
  targets: Target[]
  /** the groups' own entries: a name that did not resolve, a count not met */
  outcomes: GroupOutcome[]
  /** `kubernetes`: pods known without asking */
  known: Observation[]
  /** both, in fleet order (a group's entry right before its instances) */
  slots: Slot[]
}

/**
 * One instance per address of each `addresses: all` target (keyed in `resolved` by hostOf), the
 * rest as declared; or, past the 10,000-target cap, why the fleet cannot be checked. A group
 * without a resolution is missing, never skipped.
 */
export function fanOut(
  targets: readonly Target[],
  resolved: ReadonlyMap<string, Resolution>,
  pods: ReadonlyMap<string, PodListing> = new Map()
): Result<FanOut, string> {
  const out: FanOut = { targets: [], outcomes: [], known: [], slots: [] }
  const sizes: { name: string; n: number }[] = []
  for (const t of targets) {
    if (t.kubernetes) {
      const n = fanOutPods(t, pods.get(t.name), out)
      if (n !== undefined) sizes.push({ name: t.name, n })
      continue
    }
    if (t.addresses !== 'all') {
      out.targets.push(t)
      out.slots.push({ ask: t })
      continue
    }
    const host = hostOf(t)
    const r: Resolution =
      resolved.get(host) ?? err({ code: 'dns', reason: `${host}: not resolved` })
    const group = { ...t, group: t.name }
    const took = { attempts: r.attempts ?? 1, ms: r.ms ?? 0 }
    const addresses = r.ok ? orderAddresses(r.value) : []
    if (!r.ok || addresses.length === 0) {
      const why = r.ok ? { code: 'dns' as const, reason: `${host}: no A or AAAA records` } : r.error
      addOutcome(out, { target: group, kind: 'none', ...why, ...took })
      continue
    }
    const problem = countProblem(addresses.length, t.count)
    if (problem) addOutcome(out, countOutcome(group, problem, took))
    for (const address of addresses) {
      const instance: Target = { ...t, name: instanceName(t.name, address), group: t.name, address }
      out.targets.push(instance)
      out.slots.push({ ask: instance })
    }
    sizes.push({ name: t.name, n: addresses.length })
  }
  if (out.targets.length > MAX_TARGETS) return err(capMessage(out.targets.length, sizes))
  return ok(out)
}

/** A `kubernetes` target's pods into `out`; how many there are (undefined: not listed). */
function fanOutPods(t: Target, listing: PodListing | undefined, out: FanOut): number | undefined {
  const took = { attempts: listing?.attempts ?? 1, ms: listing?.ms ?? 0 }
  const r: PodListing =
    listing ?? err({ code: 'kube-api', reason: `pods of ${t.name}: not listed` })
  if (!r.ok) {
    addOutcome(out, { target: { ...t, group: t.name }, kind: 'none', ...r.error, ...took })
    return undefined
  }
  const url = listUrl(r.value.server, r.value.namespace, t.kubernetes?.selector ?? '')
  const group: Target = { ...t, group: t.name, url, displayUrl: url }
  const slots = podSlots(group, r.value)
  // Fewer pods than declared, or none at all: the group is missing, never an empty pass.
  const problem =
    countProblem(slots.length, t.count, 'pods') ??
    (slots.length === 0
      ? ({ status: 'missing', code: 'count-short', reason: `found no pods` } as const)
      : undefined)
  if (problem) addOutcome(out, countOutcome(group, problem, took))
  for (const s of slots) {
    if ('ask' in s) {
      out.targets.push(s.ask)
      out.slots.push({ ask: s.ask })
    } else {
      out.known.push(s.known)
      out.slots.push({ known: s.known })
    }
  }
  return slots.length
}

function capMessage(total: number, sizes: { name: string; n: number }[]): string {
  const largest = [...sizes]
    .sort((a, b) => b.n - a.n)
    .slice(0, 3)
    .map(s => `${s.name}: ${s.n.toLocaleString('en-US')}`)
    .join(', ')
  const instances = sizes.reduce((n, s) => n + s.n, 0)
  return (
    `the fleet has ${total.toLocaleString('en-US')} targets once addresses: all names are resolved ` +
    `(${instances.toLocaleString('en-US')} instances of ${plural(sizes.length, 'name')}; largest ${largest}); ` +
    `expected at most ${MAX_TARGETS}: split the fleet across steps, or check fewer names with addresses: all`
  )
}

/** The round's observations in fleet order: each group's entry right before its instances. */
export function inFleetOrder(fan: FanOut, observed: readonly Observation[]): Observation[] {
  const byTarget = new Map(observed.map(o => [o.target, o]))
  return fan.slots.map((s): Observation => {
    if ('outcome' in s) return s.outcome
    if ('known' in s) return s.known
    // Every target asked has an observation; one without would be missing, never dropped.
    const o = byTarget.get(s.ask)
    if (o && s.ask.pod) return podObservation(o)
    return (
      o ?? {
        target: s.ask,
        kind: 'none',
        code: 'request-failed',
        reason: 'not checked',
        attempts: 0,
        ms: 0
      }
    )
  })
}

/** A group's own entry, among the outcomes and in its place in fleet order. */
function addOutcome(out: FanOut, outcome: GroupOutcome): void {
  out.outcomes.push(outcome)
  out.slots.push({ outcome })
}

/** An unmet count as the group's entry: too few is missing, too many is a surplus. */
function countOutcome(
  group: Target,
  { code, reason }: CountProblem,
  took: { attempts: number; ms: number }
): GroupOutcome {
  return code === 'count-short'
    ? { target: group, kind: 'none', code, reason, ...took }
    : { target: group, kind: 'surplus', code, reason, ...took }
}
