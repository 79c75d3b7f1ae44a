// Reading a target's checks out of the same response as its build. Pure.
import type { Check } from '../fleet/target.js'
import { valueSample, type CheckSample } from '../verdict/check-outcome.js'
import { extractRaw, type ParsedBody, type ReadResponse } from './extract.js'

/** As long as a build may be: a check's value is shown whole in reasons and reports. */
const MAX_VALUE = 256

/**
 * Each check's value, or why there is none (the reason names the check). `body` is shared with
 * the build's extraction: a JSON body is parsed once.
 */
export function readChecks(
  response: ReadResponse,
  checks: readonly Check[],
  deadline: number | undefined,
  body: ParsedBody
): CheckSample[] {
  return checks.map(check => readCheck(response, check, deadline, body))
}

function readCheck(
  response: ReadResponse,
  check: Check,
  deadline: number | undefined,
  body: ParsedBody
): CheckSample {
  const { name } = check
  const found = extractRaw(response, check.extraction, deadline, body, name)
  if (!found.ok) {
    // "no config at config.sha" names the check already; other reasons get its name first.
    const { reason } = found.error
    return {
      kind: 'none',
      reason: reason.startsWith(`no ${name} at `) ? reason : `${name}: ${reason}`
    }
  }
  const value = found.value.trim()
  if (value.length > MAX_VALUE) {
    return {
      kind: 'none',
      reason: `${name}: reported value is longer than ${MAX_VALUE} characters`
    }
  }
  return valueSample(name, value)
}
