import { describe, expect, test } from '@jest/globals'
import { err, ok } from '../../src/common/result.js'
import { expectedFromEvent } from '../../src/expected/from-event.js'

const GITHUB_SHA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const HEAD = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

describe('events that use GITHUB_SHA', () => {
  test.each(['push', 'schedule', 'workflow_dispatch', 'release', 'repository_dispatch'])(
    '%s',
    event => {
      expect(
        expectedFromEvent(event, { pull_request: { head: { sha: HEAD } } }, GITHUB_SHA)
      ).toEqual(ok({ build: GITHUB_SHA, source: `GITHUB_SHA of the ${event} event` }))
    }
  )

  test('no payload is fine', () => {
    expect(expectedFromEvent('push', undefined, ` ${GITHUB_SHA}\n`)).toEqual(
      ok({ build: GITHUB_SHA, source: 'GITHUB_SHA of the push event' })
    )
  })

  test('an unnamed event', () => {
    expect(expectedFromEvent('', undefined, GITHUB_SHA)).toEqual(
      ok({ build: GITHUB_SHA, source: 'GITHUB_SHA of the unknown event' })
    )
  })

  test.each([undefined, '', '  '])('GITHUB_SHA %j is an error', sha => {
    expect(expectedFromEvent('push', {}, sha)).toEqual(
      err(
        'input `expected` is empty and GITHUB_SHA is not set; expected a build id in `expected` (or `consensus`)'
      )
    )
  })
})

describe('events whose payload names the build', () => {
  test.each([
    ['pull_request', { pull_request: { head: { sha: HEAD } } }, 'pull_request.head.sha'],
    ['pull_request_target', { pull_request: { head: { sha: HEAD } } }, 'pull_request.head.sha'],
    ['pull_request_review', { pull_request: { head: { sha: HEAD } } }, 'pull_request.head.sha'],
    [
      'pull_request_review_comment',
      { pull_request: { head: { sha: HEAD } } },
      'pull_request.head.sha'
    ],
    ['merge_group', { merge_group: { head_sha: HEAD } }, 'merge_group.head_sha'],
    ['workflow_run', { workflow_run: { head_sha: HEAD } }, 'workflow_run.head_sha'],
    ['deployment', { deployment: { sha: HEAD } }, 'deployment.sha'],
    [
      'deployment_status',
      { deployment: { sha: HEAD }, deployment_status: { state: 'success' } },
      'deployment.sha'
    ]
  ])('%s reads %j, not GITHUB_SHA', (event, payload, field) => {
    expect(expectedFromEvent(event, payload, GITHUB_SHA)).toEqual(
      ok({ build: HEAD, source: `${field} of the ${event} event` })
    )
  })

  test.each([
    ['pull_request', {}, 'pull_request.head.sha'],
    ['pull_request_target', { pull_request: { head: {} } }, 'pull_request.head.sha'],
    ['pull_request_review', { pull_request: null }, 'pull_request.head.sha'],
    ['pull_request_review_comment', undefined, 'pull_request.head.sha'],
    ['merge_group', { merge_group: { head_sha: '' } }, 'merge_group.head_sha'],
    ['workflow_run', { workflow_run: { head_sha: 42 } }, 'workflow_run.head_sha'],
    ['deployment', { deployment: 'abc' }, 'deployment.sha'],
    ['deployment_status', { deployment_status: { sha: HEAD } }, 'deployment.sha']
  ])('%s without %j is an error, never a fallback to GITHUB_SHA', (event, payload, field) => {
    const r = expectedFromEvent(event, payload as Record<string, unknown> | undefined, GITHUB_SHA)
    expect(r).toEqual(
      err(
        `input \`expected\` is empty and the ${event} event payload has no ${field}; expected a build in \`expected\` or an event that names one`
      )
    )
  })

  test('the payload value is trimmed', () => {
    expect(
      expectedFromEvent('merge_group', { merge_group: { head_sha: ` ${HEAD}\n` } }, undefined)
    ).toEqual(ok({ build: HEAD, source: 'merge_group.head_sha of the merge_group event' }))
  })
})
