// Where the expected build comes from (src/expected/resolve.ts): every source and every error,
// with the deployment lookup as a plain fake function (no API, no module mock).
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { err, ok, type Result } from '../../src/common/result.js'
import {
  planExpected,
  resolveExpected,
  type DeploymentLookup,
  type ExpectedInputs,
  type ExpectedPlan
} from '../../src/expected/resolve.js'
import type { Deployed, NoDeployment } from '../../src/github/deployments.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'
const DEPLOYED = 'ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12'

const inputs = (over: Partial<ExpectedInputs> = {}): ExpectedInputs => ({
  expected: '',
  environment: '',
  eventName: 'push',
  payload: {},
  sha: SHA,
  ...over
})

/** A deployment lookup that answers `answer` and records what it was asked. */
function fakeLookup(answer: Result<Deployed, NoDeployment>) {
  const asked: string[] = []
  const lookup: DeploymentLookup = async environment => {
    asked.push(environment)
    return answer
  }
  return { lookup, asked }
}

const neverCalled: DeploymentLookup = () => {
  throw new Error('the deployment lookup was called')
}

describe('planExpected: the `expected` input', () => {
  test('a build, trimmed, from input `expected`', () => {
    expect(planExpected(inputs({ expected: ` ${HEAD} ` }))).toEqual(
      ok({ expected: { kind: 'build', build: HEAD, source: 'input `expected`' } })
    )
  })

  test('a build id that is no commit hash is a build too', () => {
    expect(planExpected(inputs({ expected: 'v1.2.3+build.42' }))).toEqual(
      ok({ expected: { kind: 'build', build: 'v1.2.3+build.42', source: 'input `expected`' } })
    )
  })

  test('a short hex build comes with a warning; an abbreviation or a number does not', () => {
    expect(planExpected(inputs({ expected: 'abc12' }))).toEqual(
      ok({
        expected: { kind: 'build', build: 'abc12', source: 'input `expected`' },
        warning:
          'input `expected`: "abc12" is 5 hex characters: it only matches a report of exactly that text; an abbreviated commit hash needs at least 7 characters to match a full one'
      })
    )
    for (const build of ['abc1234', '12345', SHA]) {
      const r = planExpected(inputs({ expected: build }))
      expect(r).toEqual(ok({ expected: { kind: 'build', build, source: 'input `expected`' } }))
      expect(r.ok && 'warning' in r.value).toBe(false)
    }
  })

  test.each(['consensus', 'Consensus', 'CONSENSUS'])('%s: consensus', given => {
    expect(planExpected(inputs({ expected: given }))).toEqual(
      ok({ expected: { kind: 'consensus', source: 'consensus: the build most targets report' } })
    )
  })

  test('a branch name says why it is no build', () => {
    expect(planExpected(inputs({ expected: 'main' }))).toEqual(
      err(
        'input `expected`: "main" looks like a branch name; fleet-check compares builds: give a commit hash (such as ${{ github.sha }}) or a build id, or leave it empty to use the event\'s commit'
      )
    )
  })

  test.each(['two words', 'unknown', 'x'.repeat(129)])('%j is not valid', given => {
    expect(planExpected(inputs({ expected: given }))).toEqual(
      err(
        `input \`expected\`: ${JSON.stringify(given.length > 80 ? `${given.slice(0, 77)}...` : given)} is not valid; expected a build id such as a commit hash: one word of at most 128 characters, not a placeholder, or "consensus"`
      )
    )
  })

  test('a given `expected` needs nothing from the event', () => {
    const r = planExpected(inputs({ expected: HEAD, eventName: 'pull_request', sha: undefined }))
    expect(r).toEqual(ok({ expected: { kind: 'build', build: HEAD, source: 'input `expected`' } }))
  })
})

describe('planExpected: `expected-environment`', () => {
  test('a deployment to look up once the API is connected', () => {
    expect(planExpected(inputs({ environment: 'production' }))).toEqual(
      ok({
        expected: {
          kind: 'deployment',
          environment: 'production',
          source: 'the newest successful deployment to environment "production"'
        }
      })
    )
  })

  test('it needs nothing from the event either', () => {
    const r = planExpected(inputs({ environment: 'staging', eventName: 'merge_group' }))
    expect(r.ok && r.value.expected.kind).toBe('deployment')
  })

  test.each([HEAD, 'consensus', 'main'])('together with `expected` %j: an error', given => {
    expect(planExpected(inputs({ expected: given, environment: 'production' }))).toEqual(
      err('inputs `expected` and `expected-environment` are both set; expected at most one of them')
    )
  })
})

describe('planExpected: the event, when `expected` is empty', () => {
  test('GITHUB_SHA of a push', () => {
    expect(planExpected(inputs())).toEqual(
      ok({ expected: { kind: 'build', build: SHA, source: 'GITHUB_SHA of the push event' } })
    )
  })

  test("a pull request's head, not GITHUB_SHA", () => {
    const r = planExpected(
      inputs({ eventName: 'pull_request', payload: { pull_request: { head: { sha: HEAD } } } })
    )
    expect(r).toEqual(
      ok({
        expected: {
          kind: 'build',
          build: HEAD,
          source: 'pull_request.head.sha of the pull_request event'
        }
      })
    )
  })

  test('a payload without the build is an error, never GITHUB_SHA', () => {
    expect(planExpected(inputs({ eventName: 'workflow_run', payload: undefined }))).toEqual(
      err(
        'input `expected` is empty and the workflow_run event payload has no workflow_run.head_sha; expected a build in `expected` or an event that names one'
      )
    )
  })

  test('no GITHUB_SHA is an error', () => {
    expect(planExpected(inputs({ sha: '' }))).toEqual(
      err(
        'input `expected` is empty and GITHUB_SHA is not set; expected a build id in `expected` (or `consensus`)'
      )
    )
  })
})

describe('resolveExpected', () => {
  test('a build or consensus is the answer already: no lookup', async () => {
    const build: ExpectedPlan = { kind: 'build', build: HEAD, source: 'input `expected`' }
    const consensus: ExpectedPlan = { kind: 'consensus', source: 'consensus' }
    expect(await resolveExpected(build, neverCalled)).toEqual(ok(build))
    expect(await resolveExpected(consensus, neverCalled)).toEqual(ok(consensus))
  })

  const production: ExpectedPlan = {
    kind: 'deployment',
    environment: 'production',
    source: 'the newest successful deployment to environment "production"'
  }

  test("the deployment's commit, with the deployment it came from", async () => {
    const { lookup, asked } = fakeLookup(ok({ sha: DEPLOYED, id: 12 }))
    expect(await resolveExpected(production, lookup)).toEqual(
      ok({
        kind: 'build',
        build: DEPLOYED,
        source: 'the newest successful deployment to environment "production"',
        deployment: { id: 12, environment: 'production' }
      })
    )
    expect(asked).toEqual(['production'])
  })

  test('no successful deployment is an error', async () => {
    const { lookup } = fakeLookup(
      err({ kind: 'none', reason: 'no deployments to environment "production"' })
    )
    expect(await resolveExpected(production, lookup)).toEqual(
      err(
        'input `expected-environment`: no deployments to environment "production"; expected a deployment whose latest status is success'
      )
    )
  })

  test('an API that cannot be read is an error; a permission problem names the permission', async () => {
    const forbidden = fakeLookup(
      err({
        kind: 'unreadable',
        reason: 'HTTP 403: Resource not accessible by integration',
        permission: true
      })
    )
    expect(await resolveExpected(production, forbidden.lookup)).toEqual(
      err(
        'input `expected-environment`: cannot read the deployments of "production" (HTTP 403: Resource not accessible by integration); grant `deployments: read` in the workflow\'s `permissions:`'
      )
    )
    const down = fakeLookup(err({ kind: 'unreadable', reason: 'HTTP 502: bad', permission: false }))
    expect(await resolveExpected(production, down.lookup)).toEqual(
      err(
        'input `expected-environment`: cannot read the deployments of "production" (HTTP 502: bad)'
      )
    )
  })
})

describe('properties', () => {
  const text = fc.string({ maxLength: 20 })
  const anyInputs = fc.record({
    expected: fc.oneof(text, fc.constant(''), fc.constant('consensus'), fc.constant(HEAD)),
    environment: fc.oneof(fc.constant(''), text),
    eventName: fc.constantFrom('', 'push', 'pull_request', 'merge_group', 'deployment'),
    payload: fc.constantFrom(undefined, {}, { pull_request: { head: { sha: HEAD } } }),
    sha: fc.constantFrom(undefined, '', SHA)
  })

  test('`expected` and `expected-environment` together never plan a build', () => {
    fc.assert(
      fc.property(anyInputs, i => {
        const r = planExpected(i)
        if (i.expected !== '' && i.environment !== '') expect(r.ok).toBe(false)
        if (r.ok && r.value.expected.kind === 'build')
          expect(r.value.expected.build.trim()).not.toBe('')
      })
    )
  })

  test('a lookup that finds nothing is never a build to check against', async () => {
    const failure = fc.oneof(
      fc.record({ kind: fc.constant('none' as const), reason: text }),
      fc.record({
        kind: fc.constant('unreadable' as const),
        reason: text,
        permission: fc.boolean()
      })
    )
    await fc.assert(
      fc.asyncProperty(text.filter(Boolean), failure, async (environment, why) => {
        const plan: ExpectedPlan = { kind: 'deployment', environment, source: 'x' }
        const r = await resolveExpected(plan, fakeLookup(err(why)).lookup)
        expect(r.ok).toBe(false)
        expect(!r.ok && r.error).toMatch(/^input `expected-environment`: /)
      })
    )
  })
})
