import type { BuildPattern } from '../common/regex.js'
import { err, ok, type Result } from '../common/result.js'
import type { Invalid } from '../common/values.js'

/** How the reported build is read from a response. */
export type Extraction =
  | { kind: 'auto' }
  | { kind: 'json'; path: string[] }
  | { kind: 'header'; name: string }
  | { kind: 'regex'; pattern: BuildPattern }

/** How a check's value is read: as the build is, but always configured (no well-known fields). */
export type CheckExtraction = Exclude<Extraction, { kind: 'auto' }>

/** What a check's value must be: a literal, or whatever most of the fleet reports. */
export type CheckExpected = { kind: 'value'; value: string } | { kind: 'consensus' }

/**
 * A named fact read from the same answer as the build (a config hash, a flag, a schema version)
 * and compared with its own expectation.
 */
export interface Check {
  /** letters, digits and dashes; never "build" */
  name: string
  extraction: CheckExtraction
  expected: CheckExpected
}

/**
 * Where a redirect may lead: `same-host` (the default) keeps to the target's host, since another
 * host's answer does not show what this server runs; `any` follows to any host.
 */
export type RedirectPolicy = (typeof REDIRECT_POLICIES)[number]

/** The `redirects` key's values (in any case): also the JSON Schema's enum. */
export const REDIRECT_POLICIES = ['same-host', 'any'] as const

/** One declared server, fully resolved: ranges expanded, defaults applied, ${VAR}s read. */
export interface Target {
  name: string
  /** the URL requested, credentials removed (they travel as an Authorization header) */
  url: string
  /** what reports show: no credentials, no query */
  displayUrl: string
  /** this target's own expected build, when the fleet file gives one */
  expected?: string
  extraction: Extraction
  /** configured request headers; never logged */
  headers: Record<string, string>
  timeoutMs: number
  /** requests per round, each on a fresh connection; more than one can find a mixed pool */
  samples: number
  /** add a unique query parameter to every request */
  cacheBust: boolean
  /** the `redirects` key; absent means `same-host` */
  redirects?: RedirectPolicy
  /** `addresses: all`: every address the host name resolves to is checked; absent means `one` */
  addresses?: 'all'
  /** with `addresses: all`: how many instances there must be */
  count?: number
  /**
   * set by the fan-out: the declared name an instance (or a group's own entry) belongs to
   */
  group?: string
  /** set by the fan-out on an instance: the address it connects to, whatever DNS says later */
  address?: string
  /** `kubernetes`: the pods of a label selector are the targets (instead of `url`) */
  kubernetes?: KubeSpec
  /** set by the discovery on a pod of a `kubernetes` target */
  pod?: PodInfo
  /**
   * the `checks` (defaults' merged with the target's own), in declaration order; absent when
   * there are none, so that a fleet without checks does no work for them
   */
  checks?: readonly Check[]
}

/** A `kubernetes` mapping: which pods, and how each reports its build. */
export interface KubeSpec {
  selector: string
  /** a container port number or name; absent only with `report: image` */
  port?: number | string
  /** starts with "/" */
  path: string
  /** absent: the context's namespace, else "default" */
  namespace?: string
  /** absent: the kubeconfig's current context */
  context?: string
  via: 'proxy' | 'pod-ip'
  report: 'http' | 'image'
  container?: string
}

/** What a pod target carries into the report. */
export interface PodInfo {
  name: string
  node: string | null
  ready: boolean
  /** being deleted: still checked, since it may still serve */
  terminating?: boolean
}

/** "no hash at git.commit.id", "no header X-Build-Sha": how a reason names the extraction. */
export function describeExtraction(e: Extraction): string {
  switch (e.kind) {
    case 'json':
      return `json: ${e.path.join('.')}`
    case 'header':
      return `header: ${e.name}`
    case 'regex':
      return `regex: ${e.pattern.source}`
    case 'auto':
      return 'well-known fields'
  }
}

export function checkRedirects(text: string): Result<RedirectPolicy, Invalid> {
  const t = text.trim().toLowerCase()
  const found = REDIRECT_POLICIES.find(p => p === t)
  if (found) return ok(found)
  return err({
    expected:
      '"same-host" (a redirect may change the scheme to https, the port and the path, not the host) or "any"'
  })
}
