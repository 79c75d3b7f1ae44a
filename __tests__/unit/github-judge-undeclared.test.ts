import { describe, expect, test } from '@jest/globals'
import { failing, judge } from '../../src/verdict/judge.js'
import { headline } from '../../src/report/headline.js'
import { namesByStatus } from '../../src/report/report-json.js'
import { missing, reported } from './fixtures.js'

const A = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const B = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'
const build = { kind: 'build', build: A } as const

describe('judge with undeclared reports-file entries', () => {
  const observations = [reported('a', A), reported('b', A)]
  const ghost = { name: 'ghost', build: B }

  test('an undeclared entry is listed after the targets and fails the fleet', () => {
    const v = judge(observations, build, { entries: [ghost], allowed: false })
    expect(v.result).toBe('fail')
    expect(v.allowUndeclared).toBeUndefined()
    expect(v.targets.map(t => [t.name, t.status])).toEqual([
      ['a', 'current'],
      ['b', 'current'],
      ['ghost', 'undeclared']
    ])
    expect(v.targets[2]).toEqual({
      name: 'ghost',
      url: '',
      status: 'undeclared',
      reported: B,
      expected: null,
      reason: 'in the reports-file but not declared in the fleet',
      code: 'undeclared',
      attempts: 0,
      ms: 0
    })
    expect(failing(v).map(t => t.name)).toEqual(['ghost'])
    expect(namesByStatus(v).undeclared).toEqual(['ghost'])
    expect(headline(v)).toBe(
      '1 of 3 targets not on 9f8e7d6: ghost undeclared (in the reports-file but not declared in the fleet)'
    )
  })

  test('allowed: still listed, and the fleet passes when the rest are current', () => {
    const v = judge(observations, build, {
      entries: [ghost, { name: 'x', build: null }],
      allowed: true
    })
    expect(v.result).toBe('pass')
    expect(v.allowUndeclared).toBe(true)
    expect(namesByStatus(v).undeclared).toEqual(['ghost', 'x'])
    expect(failing(v)).toEqual([])
    expect(headline(v)).toBe('All 2 targets on 9f8e7d6; 2 undeclared entries allowed')
  })

  test('allowed does not let a stale or missing target pass', () => {
    const v = judge([reported('a', B), missing('b', 'not in the reports-file')], build, {
      entries: [ghost],
      allowed: true
    })
    expect(v.result).toBe('fail')
    expect(failing(v).map(t => t.name)).toEqual(['a', 'b'])
  })

  test('undeclared entries take no part in a consensus', () => {
    const v = judge(
      [reported('a', A), reported('b', A), reported('c', B)],
      { kind: 'consensus' },
      {
        entries: [
          { name: 'x', build: B },
          { name: 'y', build: B },
          { name: 'z', build: B }
        ],
        allowed: true
      }
    )
    expect(v.expected).toBe(A)
    expect(v.groups).toEqual([
      { build: A, targets: ['a', 'b'] },
      { build: B, targets: ['c'] }
    ])
    expect(v.targets.find(t => t.name === 'c')?.status).toBe('stale')
  })

  test('no entries: the same verdict as without the argument', () => {
    expect(judge(observations, build, { entries: [], allowed: false })).toEqual(
      judge(observations, build)
    )
  })
})
