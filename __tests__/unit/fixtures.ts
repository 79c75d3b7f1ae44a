// Builders shared by the unit tests: targets, observations and verdicts without any I/O.
import type { Target } from '../../src/fleet/target.js'
import type { Observation } from '../../src/verdict/observation.js'
import type { Status, TargetVerdict, Verdict } from '../../src/verdict/judge.js'

export function makeTarget(name: string, extra: Partial<Target> = {}): Target {
  return {
    name,
    url: `https://${name}.example.com/version?token=x`,
    displayUrl: `https://${name}.example.com/version`,
    extraction: { kind: 'auto' },
    headers: {},
    timeoutMs: 10_000,
    samples: 1,
    cacheBust: false,
    ...extra
  }
}

/** A target that answered with `build`. */
export function reported(name: string, build: string, extra: Partial<Target> = {}): Observation {
  return { target: makeTarget(name, extra), build, attempts: 1, ms: 12 }
}

/** A target with no usable report. */
export function missing(name: string, reason: string, extra: Partial<Target> = {}): Observation {
  return { target: makeTarget(name, extra), reason, attempts: 3, ms: 10_000 }
}

export function targetVerdict(
  name: string,
  status: Status,
  extra: Partial<TargetVerdict> = {}
): TargetVerdict {
  return {
    name,
    url: `https://${name}.example.com/version`,
    status,
    reported: status === 'missing' ? null : status === 'current' ? 'abc1234' : 'def5678',
    expected: 'abc1234',
    reason:
      status === 'missing'
        ? 'connection refused'
        : status === 'stale'
          ? 'reports def5678; expected abc1234'
          : null,
    attempts: 1,
    ms: 5,
    ...extra
  }
}

export function verdictOf(targets: TargetVerdict[], extra: Partial<Verdict> = {}): Verdict {
  return {
    expected: 'abc1234',
    consensus: false,
    result: targets.every(t => t.status === 'current') ? 'pass' : 'fail',
    targets,
    groups: [],
    ...extra
  }
}
