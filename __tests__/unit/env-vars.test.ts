import { describe, expect, test } from '@jest/globals'
import { substituteEnv } from '../../src/fleet/env-vars.js'

describe('substituteEnv', () => {
  test('each ${VAR} is replaced and its value listed as a secret', () => {
    expect(
      substituteEnv('https://${HOST}/v?k=${KEY}', { HOST: 'h.example', KEY: 's3cret' })
    ).toEqual({ text: 'https://h.example/v?k=s3cret', secrets: ['h.example', 's3cret'] })
  })

  test('text without variables comes back as it is', () => {
    expect(substituteEnv('plain $HOST ${1X} ${-}', { HOST: 'h' })).toEqual({
      text: 'plain $HOST ${1X} ${-}',
      secrets: []
    })
  })

  test('an unset variable is reported by name', () => {
    expect(substituteEnv('${A}/${B}', { A: 'a' })).toEqual({ missing: 'B' })
  })

  test('an empty variable counts as unset', () => {
    expect(substituteEnv('${A}', { A: '' })).toEqual({ missing: 'A' })
  })

  test('the first unset variable is the one named', () => {
    expect(substituteEnv('${X}${Y}', {})).toEqual({ missing: 'X' })
  })

  test('a value containing ${...} is not substituted again', () => {
    expect(substituteEnv('${A}', { A: '${B}', B: 'b' })).toEqual({
      text: '${B}',
      secrets: ['${B}']
    })
  })
})
