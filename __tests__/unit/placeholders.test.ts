import { describe, expect, test } from '@jest/globals'
import { isPlaceholder } from '../../src/build/placeholders.js'

describe('isPlaceholder', () => {
  test.each([
    'unknown',
    'dev',
    'local',
    'local-dev',
    'n/a',
    'none',
    'null',
    'undefined',
    'empty',
    '',
    '   ',
    'UNKNOWN',
    ' Dev ',
    'N/A',
    'None',
    'NULL'
  ])('%j is a placeholder', value => {
    expect(isPlaceholder(value)).toBe(true)
  })

  test.each(['9f8e7d6', 'dev1', 'v1.0.0', 'local-dev-2', 'nonexistent', 'unknown-build', 'nulls'])(
    '%j is a build',
    value => {
      expect(isPlaceholder(value)).toBe(false)
    }
  )
})
