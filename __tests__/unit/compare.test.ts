import { describe, expect, test } from '@jest/globals'
import { groupBuilds, hexOf, sameBuild, shortBuild } from '../../src/build/compare.js'

const FULL = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'

describe('sameBuild', () => {
  test.each([
    [FULL, FULL],
    [FULL, FULL.toUpperCase()],
    ['9f8e7d6', FULL],
    [FULL, '9F8E7D6'],
    ['9f8e7d6c5b', FULL],
    ['9f8e7d6', '9f8e7d6c5b'],
    [`sha1:${FULL}`, FULL],
    [`SHA256:${FULL}`, '9f8e7d6'],
    [`sha512:${FULL}`, `sha256:${FULL.toUpperCase()}`],
    ['abc123', 'ABC123'],
    ['v1.2.3', 'v1.2.3'],
    ['release-42', 'release-42']
  ])('%j and %j are the same build', (a, b) => {
    expect(sameBuild(a, b)).toBe(true)
    expect(sameBuild(b, a)).toBe(true)
  })

  test.each([
    ['9f8e7d', FULL, 'an abbreviation of 6 is too short'],
    ['9f8e7d7', FULL, 'not a prefix'],
    ['1a2b3c4', FULL, 'another build'],
    [FULL, FULL.slice(0, 39) + '3', 'the last digit differs'],
    ['9f8e7d6c5b4aX', FULL, 'not hex, so must be equal'],
    ['V1.2.3', 'v1.2.3', 'non-hex text is case-sensitive'],
    ['v1.2.3', 'v1.2.3.4', 'non-hex text must be equal, not a prefix'],
    ['sha1:9f8e7d', FULL, 'a prefixed abbreviation of 6 is too short'],
    ['md5:9f8e7d6', FULL, 'only sha1/sha256/sha512 prefixes are dropped'],
    ['9f8e7d6', '9f8e7d6-dirty', 'hex and non-hex']
  ])('%j and %j differ (%s)', (a, b) => {
    expect(sameBuild(a, b)).toBe(false)
    expect(sameBuild(b, a)).toBe(false)
  })
})

describe('hexOf and shortBuild', () => {
  test('hexOf lower-cases and drops the algorithm prefix', () => {
    expect(hexOf('SHA256:ABCDEF0')).toBe('abcdef0')
    expect(hexOf('abcdefg')).toBeUndefined()
    expect(hexOf('')).toBeUndefined()
  })

  test('long hashes are shown as 7 characters; anything else as it is', () => {
    expect(shortBuild(FULL)).toBe('9f8e7d6')
    expect(shortBuild(FULL.toUpperCase())).toBe('9f8e7d6')
    expect(shortBuild(`sha256:${FULL}`)).toBe('9f8e7d6')
    expect(shortBuild('9f8e7d6c5b4a')).toBe('9f8e7d6c5b4a')
    expect(shortBuild('1a2b3c4')).toBe('1a2b3c4')
    expect(shortBuild('v1.2.3-build.4567890abcdef')).toBe('v1.2.3-build.4567890abcdef')
  })
})

describe('groupBuilds', () => {
  test('abbreviations and case variants join the full hash; the longest names the group', () => {
    const groups = groupBuilds(['9f8e7d6', FULL, '1a2b3c4', FULL.toUpperCase(), 'sha1:1A2B3C4'])
    expect(groups).toEqual([
      { build: FULL, members: [0, 1, 3] },
      { build: 'sha1:1A2B3C4', members: [2, 4] }
    ])
  })

  test('non-hex builds group by exact text', () => {
    expect(groupBuilds(['v2', 'v1', 'v2', 'V2'])).toEqual(
      expect.arrayContaining([
        { build: 'v2', members: [0, 2] },
        { build: 'v1', members: [1] },
        { build: 'V2', members: [3] }
      ])
    )
    expect(groupBuilds(['v2', 'v1', 'v2', 'V2'])).toHaveLength(3)
  })

  test('two hashes that share 7 leading digits but differ are two groups', () => {
    const a = 'abcdef0111111111111111111111111111111111'
    const b = 'abcdef0222222222222222222222222222222222'
    const groups = groupBuilds([a, b, a])
    expect(groups).toHaveLength(2)
    expect(groups).toEqual(
      expect.arrayContaining([
        { build: a, members: [0, 2] },
        { build: b, members: [1] }
      ])
    )
  })

  test('short hex builds that sameBuild calls equal are grouped together', () => {
    expect(sameBuild('abc123', 'ABC123')).toBe(true)
    expect(groupBuilds(['abc123', 'ABC123', 'sha1:abc123'])).toHaveLength(1)
  })

  test('a 6-digit abbreviation is not the full hash', () => {
    expect(groupBuilds(['9f8e7d', FULL])).toHaveLength(2)
  })

  test('empty input, no groups', () => {
    expect(groupBuilds([])).toEqual([])
  })

  test('a large fleet groups in reasonable size', () => {
    const builds = Array.from({ length: 10_000 }, (_, i) =>
      i % 10 === 0 ? `${i.toString(16).padStart(7, '0')}deadbeef` : FULL
    )
    const groups = groupBuilds(builds)
    expect(groups).toHaveLength(1 + 1_000)
    expect(groups.find(g => g.build === FULL)?.members).toHaveLength(9_000)
  })
})
