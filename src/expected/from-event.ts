// The build a fleet must run when `expected` is empty: the commit the triggering event is about.
// Pure: the event name, payload and GITHUB_SHA come in as arguments.
import { err, ok, type Result } from '../common/result.js'

export interface EventBuild {
  build: string
  /** for the log: where the build came from */
  source: string
}

type Payload = Record<string, unknown>

const FROM_PAYLOAD: Record<string, string[]> = {
  pull_request: ['pull_request', 'head', 'sha'],
  pull_request_target: ['pull_request', 'head', 'sha'],
  pull_request_review: ['pull_request', 'head', 'sha'],
  pull_request_review_comment: ['pull_request', 'head', 'sha'],
  merge_group: ['merge_group', 'head_sha'],
  workflow_run: ['workflow_run', 'head_sha'],
  deployment: ['deployment', 'sha'],
  deployment_status: ['deployment', 'sha']
}

/** The expected build for an event, or an error message saying what is missing. */
export function expectedFromEvent(
  eventName: string,
  payload: Payload | undefined,
  sha: string | undefined
): Result<EventBuild> {
  const path = FROM_PAYLOAD[eventName]
  if (path) {
    let v: unknown = payload
    for (const k of path) v = v !== null && typeof v === 'object' ? (v as Payload)[k] : undefined
    if (typeof v === 'string' && v.trim() !== '')
      return ok({ build: v.trim(), source: `${path.join('.')} of the ${eventName} event` })
    return err(
      `input \`expected\` is empty and the ${eventName} event payload has no ${path.join('.')}; expected a build in \`expected\` or an event that names one`
    )
  }
  if (sha && sha.trim() !== '')
    return ok({ build: sha.trim(), source: `GITHUB_SHA of the ${eventName || 'unknown'} event` })
  return err(
    'input `expected` is empty and GITHUB_SHA is not set; expected a build id in `expected` (or `consensus`)'
  )
}
