import { describe, expect, test } from '@jest/globals'
import {
  checkBoolean,
  checkCount,
  checkDuration,
  checkHeaderName,
  checkHeaderValue,
  checkJsonPath,
  MAX_TIMEOUT_MS
} from '../../src/common/values.js'
import { checkBuild } from '../../src/build/build-id.js'
import { err, ok } from '../../src/common/result.js'

const DURATION_EXPECTED =
  'a duration above 0 and at most 10m, such as "500ms", "10s", "1m30s" or a number of seconds'

describe('checkDuration', () => {
  test.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['3', 3_000],
    ['10m', MAX_TIMEOUT_MS]
  ])('%j is %d ms', (text, ms) => {
    expect(checkDuration(text)).toEqual(ok(ms))
  })

  test.each(['0', '0s', '10m1ms', '1h', 'soon', '', '-1s'])('%j is refused', text => {
    expect(checkDuration(text)).toEqual(err({ expected: DURATION_EXPECTED }))
  })

  test('a smaller maximum is named in the message', () => {
    expect(checkDuration('2s', 1_000)).toEqual(
      err({
        expected:
          'a duration above 0 and at most 1s, such as "500ms", "10s", "1m30s" or a number of seconds'
      })
    )
    expect(checkDuration('1s', 1_000)).toEqual(ok(1_000))
  })
})

describe('checkCount', () => {
  test.each([
    ['0', 0],
    ['2', 2],
    [' 10 ', 10]
  ])('%j in 0..10 is %d', (text, n) => {
    expect(checkCount(text, 0, 10)).toEqual(ok(n))
  })

  test.each(['11', '-1', '1.5', 'two', '', '1e1', '0x5'])('%j in 0..10 is refused', text => {
    expect(checkCount(text, 0, 10)).toEqual(err({ expected: 'a whole number from 0 to 10' }))
  })

  test('the minimum is enforced', () => {
    expect(checkCount('0', 1, 1024)).toEqual(err({ expected: 'a whole number from 1 to 1024' }))
  })
})

describe('checkBoolean', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    [' false ', false],
    ['False', false]
  ])('%j is %s', (text, value) => {
    expect(checkBoolean(text)).toEqual(ok(value))
  })

  test.each(['yes', '1', '', 'no'])('%j is refused', text => {
    expect(checkBoolean(text)).toEqual(err({ expected: '"true" or "false"' }))
  })
})

describe('checkBuild', () => {
  const EXPECTED =
    'a build id such as a commit hash: one word of at most 128 characters, not a placeholder'

  test.each([
    ['9f8e7d6', '9f8e7d6'],
    ['  9f8e7d6c5b4a39281706f5e4d3c2b1a098765432\n', '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'],
    ['sha256:abc1234', 'sha256:abc1234'],
    ['v1.2.3', 'v1.2.3'],
    ['0123456', '0123456'],
    ['x'.repeat(128), 'x'.repeat(128)]
  ])('%j is the build %j', (text, build) => {
    expect(checkBuild(text)).toEqual(ok(build))
  })

  test.each(['', '   ', 'two words', 'x'.repeat(129), 'unknown', 'DEV', 'n/a', 'null', 'none'])(
    '%j is refused',
    text => {
      expect(checkBuild(text)).toEqual(err({ expected: EXPECTED }))
    }
  )
})

describe('checkJsonPath', () => {
  test.each([
    ['sha', ['sha']],
    ['git.commit.id', ['git', 'commit', 'id']],
    ['builds.0.sha', ['builds', '0', 'sha']],
    [' build.sha ', ['build', 'sha']]
  ])('%j splits into %j', (text, segments) => {
    expect(checkJsonPath(text)).toEqual(ok(segments))
  })

  test.each(['', 'a..b', '.a', 'a.', 'a b.c'])('%j is refused', text => {
    expect(checkJsonPath(text)).toEqual(
      err({
        expected: 'a dotted path such as "git.commit.id" or "builds.0.sha"'
      })
    )
  })
})

describe('header checks', () => {
  test.each(['X-Api-Key', 'Authorization', 'x_custom', 'X-Build-Sha'])(
    '%j is a header name',
    name => {
      expect(checkHeaderName(name)).toEqual(ok(name))
    }
  )

  test.each(['', 'X Api', 'X-Api:', 'Näme', 'a\nb', '(x)'])('%j is not a header name', name => {
    expect(checkHeaderName(name)).toEqual(
      err({
        expected:
          "a header name such as X-Api-Key (letters, digits and !#$%&'*+-.^_`|~; no spaces or colons)"
      })
    )
  })

  test('a value is trimmed', () => {
    expect(checkHeaderValue('  Bearer s3cret  ')).toEqual(ok('Bearer s3cret'))
  })

  test.each(['a\nb', 'a\rb', 'a\0b'])('%j is refused without echoing the value', value => {
    const r = checkHeaderValue(value)
    expect(r).toEqual(err({ expected: 'a value on one line' }))
  })
})
