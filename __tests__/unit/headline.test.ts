import { describe, expect, test } from '@jest/globals'
import { headline } from '../../src/report/headline.js'
import { judge } from '../../src/verdict/judge.js'
import { missing, reported } from './fixtures.js'

const NEW = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'
const routers = (n: number) => Array.from({ length: n }, (_, i) => `router-${i + 1}`)

describe('headline', () => {
  test('Knight Capital: one of eight routers stale', () => {
    const obs = routers(8).map(name => reported(name, name === 'router-8' ? OLD : NEW))
    expect(headline(judge(obs, { kind: 'build', build: NEW }))).toBe(
      '1 of 8 targets not on 9f8e7d6: router-8 stale (runs 1a2b3c4)'
    )
  })

  test('short builds are shown as they are', () => {
    const v = judge([reported('a', '1a2b3c4'), reported('b', 'v1.0.0')], {
      kind: 'build',
      build: 'v1.0.1'
    })
    expect(headline(v)).toBe(
      '2 of 2 targets not on v1.0.1: a stale (runs 1a2b3c4), b stale (runs v1.0.0)'
    )
  })

  test('a missing target gives its reason', () => {
    const v = judge([reported('a', NEW), missing('b', 'connection refused')], {
      kind: 'build',
      build: NEW
    })
    expect(headline(v)).toBe('1 of 2 targets not on 9f8e7d6: b missing (connection refused)')
  })

  test('five failing targets are named, the rest counted', () => {
    const obs = routers(8).map(name => reported(name, OLD))
    expect(headline(judge(obs, { kind: 'build', build: NEW }))).toBe(
      '8 of 8 targets not on 9f8e7d6: router-1 stale (runs 1a2b3c4), router-2 stale (runs 1a2b3c4), router-3 stale (runs 1a2b3c4), router-4 stale (runs 1a2b3c4), router-5 stale (runs 1a2b3c4), and 3 more'
    )
  })

  test('pass', () => {
    const v = judge(
      routers(8).map(name => reported(name, NEW.slice(0, 8))),
      { kind: 'build', build: NEW }
    )
    expect(headline(v)).toBe('All 8 targets on 9f8e7d6')
  })

  test('targets with their own expected builds', () => {
    const v = judge([reported('a', NEW), reported('canary', NEW, { expected: OLD })], {
      kind: 'build',
      build: NEW
    })
    expect(headline(v)).toBe(
      '1 of 2 targets not on their expected builds: canary stale (runs 9f8e7d6)'
    )
  })

  test('consensus pass', () => {
    const v = judge(
      routers(3).map(name => reported(name, NEW)),
      { kind: 'consensus' }
    )
    expect(headline(v)).toBe('All 3 targets agree on 9f8e7d6')
  })

  test('consensus with a stale minority', () => {
    const obs = routers(4).map(name => reported(name, name === 'router-2' ? OLD : NEW))
    expect(headline(judge(obs, { kind: 'consensus' }))).toBe(
      '1 of 4 targets not on 9f8e7d6: router-2 stale (runs 1a2b3c4)'
    )
  })

  test('consensus with a stale minority and a missing target names the common build', () => {
    const v = judge(
      [reported('a', NEW), reported('b', OLD), reported('c', NEW), missing('d', 'HTTP 503')],
      { kind: 'consensus' }
    )
    expect(headline(v)).toBe(
      '2 of 4 targets not on 9f8e7d6: b stale (runs 1a2b3c4), d missing (HTTP 503)'
    )
  })

  test('consensus with every target missing', () => {
    const v = judge([missing('a', 'connection refused'), missing('b', 'timed out after 10s')], {
      kind: 'consensus'
    })
    expect(headline(v)).toBe(
      '2 of 2 targets not on one build: a missing (connection refused), b missing (timed out after 10s)'
    )
  })

  test('no consensus: the groups are counted, and the missing', () => {
    const v = judge(
      [
        reported('a', NEW),
        reported('b', OLD),
        reported('c', NEW),
        reported('d', OLD),
        missing('e', 'HTTP 503')
      ],
      { kind: 'consensus' }
    )
    expect(headline(v)).toBe('No consensus among 5 targets: 2 on 9f8e7d6, 2 on 1a2b3c4, 1 missing')
  })

  test('no consensus without missing targets', () => {
    const v = judge([reported('a', 'v1'), reported('b', 'v2')], { kind: 'consensus' })
    expect(headline(v)).toBe('No consensus among 2 targets: 1 on v1, 1 on v2')
  })
})
