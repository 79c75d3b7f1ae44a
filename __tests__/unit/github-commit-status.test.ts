import { describe, expect, test } from '@jest/globals'
import { DESCRIPTION_LIMIT, runUrl, statusDescription } from '../../src/github/commit-status.js'
import type { TargetVerdict } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from './fixtures.js'

describe('statusDescription', () => {
  test('a passing fleet: how many targets are current', () => {
    const v = verdictOf([targetVerdict('a', 'current'), targetVerdict('b', 'current')])
    expect(statusDescription(v)).toBe('2 of 2 targets current')
  })

  test('a failing fleet: the count of each kind, then the current ones', () => {
    const v = verdictOf([
      targetVerdict('a', 'current'),
      targetVerdict('b', 'stale'),
      targetVerdict('c', 'missing'),
      targetVerdict('d', 'missing'),
      targetVerdict('e', 'mixed'),
      targetVerdict('f', 'undeclared')
    ])
    expect(v.result).toBe('fail')
    expect(statusDescription(v)).toBe(
      '1 stale, 1 mixed, 2 missing, 1 undeclared; 1 of 5 targets current'
    )
  })

  test('allowed undeclared entries pass and do not count as targets', () => {
    const v = verdictOf([targetVerdict('a', 'current'), targetVerdict('ghost', 'undeclared')], {
      result: 'pass',
      allowUndeclared: true
    })
    expect(statusDescription(v)).toBe('1 of 1 target current')
  })

  test('failing with every target current (rounds not yet stable) still says why not', () => {
    const v = verdictOf([targetVerdict('a', 'current')], {
      result: 'fail',
      rounds: { count: 3, passesInARow: 1, required: 3 }
    })
    expect(statusDescription(v)).toBe('not stable yet; 1 of 1 target current')
  })

  test('never over 140 characters, whatever the counts', () => {
    // one target repeated: only the counts matter, and 270,000 distinct objects take seconds
    const many = (status: 'stale' | 'missing' | 'mixed' | 'undeclared', n: number) =>
      Array<TargetVerdict>(n).fill(targetVerdict(status, status))
    const v = verdictOf([
      ...many('stale', 123456),
      ...many('mixed', 23456),
      ...many('missing', 123456),
      ...many('undeclared', 12345)
    ])
    const text = statusDescription(v)
    expect(DESCRIPTION_LIMIT).toBe(140)
    expect(text.length).toBeLessThanOrEqual(140)
    expect(text).toBe(
      '123456 stale, 23456 mixed, 123456 missing, 12345 undeclared; 0 of 270368 targets current'
    )
  })
})

describe('runUrl', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'octo/fleet',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '1'
  }

  test('the run attempt on the server of the run', () => {
    expect(runUrl(env)).toBe('https://github.example/octo/fleet/actions/runs/42/attempts/1')
    expect(runUrl({ ...env, GITHUB_RUN_ATTEMPT: '3' })).toBe(
      'https://github.example/octo/fleet/actions/runs/42/attempts/3'
    )
  })

  test('without an attempt, the run', () => {
    expect(runUrl({ ...env, GITHUB_RUN_ATTEMPT: '' })).toBe(
      'https://github.example/octo/fleet/actions/runs/42'
    )
  })

  test('github.com when GITHUB_SERVER_URL is not set', () => {
    expect(runUrl({ ...env, GITHUB_SERVER_URL: undefined })).toBe(
      'https://github.com/octo/fleet/actions/runs/42/attempts/1'
    )
  })

  test('no link without the repository or the run id', () => {
    expect(runUrl({ ...env, GITHUB_REPOSITORY: undefined })).toBeUndefined()
    expect(runUrl({ ...env, GITHUB_RUN_ID: '' })).toBeUndefined()
  })
})
