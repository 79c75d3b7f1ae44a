// `kubernetes` targets: from a round's pod list to the targets to ask (one per pod) and what the
// round already knows without asking (a pod not Ready, a port name it lacks, the image digest it
// runs, a count not met, a list that failed). Pure.
import { quote } from '../common/errors.js'
import type { KubeSpec, PodInfo, Target } from '../fleet/target.js'
import type { Observation } from '../verdict/observation.js'
import { reason, type Reason } from '../verdict/reason.js'

/** The parts of a core/v1 Pod this reads; anything may be absent. */
export interface Pod {
  metadata?: { name?: string; deletionTimestamp?: string | null }
  spec?: {
    nodeName?: string
    containers?: { name?: string; ports?: { name?: string; containerPort?: number }[] }[]
  }
  status?: {
    phase?: string
    podIP?: string
    conditions?: { type?: string; status?: string }[]
    containerStatuses?: {
      name?: string
      imageID?: string
      state?: {
        waiting?: { reason?: string }
        running?: unknown
        terminated?: { reason?: string }
      }
    }[]
  }
}

/** A round's pods of one `kubernetes` target, and where they live. */
export interface PodList {
  /** the API server's URL, without a trailing "/" */
  server: string
  namespace: string
  pods: Pod[]
  /** headers every request through the API server carries (its credentials) */
  headers: Record<string, string>
}

/** The URL that lists a target's pods (the group entry's url too). */
export function listUrl(server: string, namespace: string, selector: string): string {
  return `${server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods?labelSelector=${encodeURIComponent(selector)}`
}

/** "api/api-7d9f-x2x4": a pod's target name. */
export function podTargetName(name: string, pod: string): string {
  return `${name}/${pod}`
}

/** Pods that have ended (Succeeded, Failed) are no targets; every other pod is. */
export function isLive(pod: Pod): boolean {
  const phase = pod.status?.phase
  return phase !== 'Succeeded' && phase !== 'Failed'
}

export function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True')
}

/** "Pending", "CrashLoopBackOff": the first waiting (or terminated) container's reason, else the phase. */
export function notReadyWhy(pod: Pod): string {
  for (const c of pod.status?.containerStatuses ?? []) {
    const why = c.state?.waiting?.reason ?? c.state?.terminated?.reason
    if (why) return why
  }
  return pod.status?.phase ?? 'Unknown'
}

/** The `sha256:<64 hex>` in an imageID, whatever prefix the runtime writes; else undefined. */
export function imageDigest(imageID: string | undefined): string | undefined {
  const m = /sha256:([0-9a-f]{64})(?![0-9a-f])/i.exec(imageID ?? '')
  return m ? `sha256:${m[1].toLowerCase()}` : undefined
}

/** The digest a pod runs, for report: image; or why it has none. */
export function podDigest(pod: Pod, container: string | undefined): { digest: string } | Reason {
  const statuses = pod.status?.containerStatuses ?? []
  const name = pod.metadata?.name ?? ''
  let status = statuses[0]
  if (container !== undefined) {
    status = statuses.find(s => s.name === container) as (typeof statuses)[number]
    if (!status) {
      const has = statuses.map(s => s.name ?? '').join(', ') || 'none'
      return reason(
        'no-digest',
        `no status of container ${quote(container)} in pod ${name} (containers: ${has})`
      )
    }
  } else if (statuses.length > 1) {
    const has = statuses.map(s => s.name ?? '').join(', ')
    return reason(
      'no-digest',
      `pod ${name} has ${statuses.length} containers (${has}); expected container: to name the one to check`
    )
  } else if (!status) {
    return reason('no-digest', `pod ${name} has no container status yet`)
  }
  const digest = imageDigest(status.imageID)
  if (digest) return { digest }
  return reason('no-digest', `container ${quote(status.name ?? '')} runs no image digest yet`)
}

/** The number of a container port given by name, from the pod's spec; undefined when none has it. */
export function resolvePort(pod: Pod, port: number | string): number | undefined {
  if (typeof port === 'number') return port
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === port && p.containerPort) return p.containerPort
  }
  return undefined
}

/** What a pod target carries into the report. */
export function podInfo(pod: Pod): PodInfo {
  return {
    name: pod.metadata?.name ?? '',
    node: pod.spec?.nodeName || null,
    ready: isReady(pod),
    ...(pod.metadata?.deletionTimestamp ? { terminating: true } : {})
  }
}

/** A pod to ask, or what is already known about it. */
export type PodSlot = { ask: Target } | { known: Observation }

/**
 * One slot per live pod of `target`, in the order listed (the API sorts by name): a request
 * through the API server's proxy (or to the pod's IP), the image digest it runs, or why it
 * cannot be asked.
 */
export function podSlots(target: Target, list: PodList): PodSlot[] {
  const spec = target.kubernetes as KubeSpec
  const slots: PodSlot[] = []
  for (const pod of list.pods.filter(isLive)) {
    const name = pod.metadata?.name ?? ''
    const info = podInfo(pod)
    const base = `${list.server}/api/v1/namespaces/${encodeURIComponent(list.namespace)}/pods/${encodeURIComponent(name)}`
    const t: Target = {
      ...target,
      name: podTargetName(target.name, name),
      group: target.name,
      pod: info,
      url: base,
      displayUrl: base
    }
    const known = (o: { digest: string } | Reason): PodSlot => ({
      known:
        'digest' in o
          ? { target: t, kind: 'reported', build: o.digest, attempts: 0, ms: 0 }
          : { target: t, kind: 'none', ...terminating(o, info), attempts: 0, ms: 0 }
    })
    if (!info.ready) {
      slots.push(known(reason('not-ready', `not ready: ${notReadyWhy(pod)}`)))
      continue
    }
    if (spec.report === 'image') {
      slots.push(known(podDigest(pod, spec.container)))
      continue
    }
    const port = resolvePort(pod, spec.port as number | string)
    if (port === undefined) {
      slots.push(
        known(reason('no-port', `no container port named ${quote(spec.port)} in pod ${name}`))
      )
      continue
    }
    if (spec.via === 'pod-ip') {
      const ip = pod.status?.podIP
      if (!ip) {
        slots.push(known(reason('not-ready', `pod ${name} has no IP address yet`)))
        continue
      }
      const url = `http://${ip.includes(':') ? `[${ip}]` : ip}:${port}${spec.path}`
      slots.push({ ask: { ...t, url, displayUrl: url } })
      continue
    }
    // The API server dials the port verbatim: the number, never the name.
    const url = `${base}:${port}/proxy${spec.path}`
    slots.push({ ask: { ...t, url, displayUrl: url, headers: { ...t.headers, ...list.headers } } })
  }
  return slots
}

/**
 * A pod's observation once asked: a 401 or 403 through the API server's proxy is most likely
 * the credentials lacking `get pods/proxy` (the pod's own would need an Authorization header,
 * which cannot go through the proxy).
 */
export function podObservation(o: Observation): Observation {
  const t = o.target
  if (!t.pod || o.kind !== 'none') return o
  const refused =
    t.kubernetes?.via === 'proxy' && o.code === 'http-status' && /^HTTP 40[13]\b/.test(o.reason)
  const why: Reason = refused
    ? reason(
        'kube-api',
        `${o.reason} through the API server proxy: the credentials may not get pods/proxy in namespace ${quote(namespaceOf(t.url))}; add an RBAC Role rule: apiGroups: [""], resources: ["pods/proxy"], verbs: ["get"] (or the pod itself refused)`
      )
    : { code: o.code, reason: o.reason }
  return { ...o, ...terminating(why, t.pod) }
}

/** A terminating pod's failure says so: it may still serve, or be gone a moment later. */
function terminating(r: Reason, info: PodInfo): Reason {
  return info.terminating ? { code: r.code, reason: `${r.reason} (pod terminating)` } : r
}

function namespaceOf(url: string): string {
  const m = /\/api\/v1\/namespaces\/([^/]+)\/pods\//.exec(url)
  return m ? decodeURIComponent(m[1]) : ''
}
