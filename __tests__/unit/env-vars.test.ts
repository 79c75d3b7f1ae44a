import { describe, expect, test } from '@jest/globals'
import { err, ok } from '../../src/common/result.js'
import { substituteEnv } from '../../src/fleet/env-vars.js'

describe('substituteEnv', () => {
  test('each ${VAR} is replaced and its value listed as a secret', () => {
    expect(
      substituteEnv('https://${HOST}/v?k=${KEY}', { HOST: 'h.example', KEY: 's3cret' })
    ).toEqual(ok({ text: 'https://h.example/v?k=s3cret', secrets: ['h.example', 's3cret'] }))
  })

  test('text without variables comes back as it is', () => {
    expect(substituteEnv('plain $HOST ${1X} ${-}', { HOST: 'h' })).toEqual(
      ok({ text: 'plain $HOST ${1X} ${-}', secrets: [] })
    )
  })

  test('an unset variable is reported by name', () => {
    expect(substituteEnv('${A}/${B}', { A: 'a' })).toEqual(
      err('environment variable B is not set or is empty')
    )
  })

  test('an empty variable counts as unset', () => {
    expect(substituteEnv('${A}', { A: '' })).toEqual(
      err('environment variable A is not set or is empty')
    )
  })

  test('the first unset variable is the one named', () => {
    expect(substituteEnv('${X}${Y}', {})).toEqual(
      err('environment variable X is not set or is empty')
    )
  })

  test('a value containing ${...} is not substituted again', () => {
    expect(substituteEnv('${A}', { A: '${B}', B: 'b' })).toEqual(
      ok({ text: '${B}', secrets: ['${B}'] })
    )
  })
})
