import { describe, expect, test } from '@jest/globals'
import { didYouMean } from '../../src/common/did-you-mean.js'
import { DEFAULTS_KEYS, DOCUMENT_KEYS, TARGET_KEYS } from '../../src/fleet/schema.js'

describe('didYouMean', () => {
  test.each([
    ['timout', 'timeout'],
    ['timeuot', 'timeout'],
    ['ulr', 'url'],
    ['URL', 'url'],
    ['nmae', 'name'],
    ['nam', 'name'],
    ['headres', 'headers'],
    ['header', 'header'],
    ['hedaer', 'header'],
    ['regexp', 'regex'],
    ['exepcted', 'expected'],
    ['expect', 'expected'],
    ['jsn', 'json']
  ])('%j suggests %j among the target keys', (word, guess) => {
    expect(didYouMean(word, TARGET_KEYS)).toBe(guess)
  })

  test.each(['foo', 'x', 'retries', 'concurrency', 'somethingelse'])(
    '%j is too far from every target key',
    word => {
      expect(didYouMean(word, TARGET_KEYS)).toBeUndefined()
    }
  )

  test('document and defaults keys', () => {
    expect(didYouMean('target', DOCUMENT_KEYS)).toBe('targets')
    expect(didYouMean('Targets', DOCUMENT_KEYS)).toBe('targets')
    expect(didYouMean('default', DOCUMENT_KEYS)).toBe('defaults')
    expect(didYouMean('timout', DEFAULTS_KEYS)).toBe('timeout')
    // defaults have no url or name
    expect(didYouMean('ulr', DEFAULTS_KEYS)).toBeUndefined()
  })

  test('no candidates, no suggestion', () => {
    expect(didYouMean('timeout', [])).toBeUndefined()
  })
})
