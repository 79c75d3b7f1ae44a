import { describe, expect, test } from '@jest/globals'
import { err, ok } from '../../src/common/result.js'
import { substituteEnv } from '../../src/fleet/env-vars.js'

const unset = (name: string) =>
  `environment variable ${name} is not set or is empty; expected it set in the environment (in a workflow, in the step's env:, such as ${name}: \${{ secrets.${name} }})`

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
    expect(substituteEnv('${A}/${B}', { A: 'a' })).toEqual(err(unset('B')))
  })

  test('an empty variable counts as unset', () => {
    expect(substituteEnv('${A}', { A: '' })).toEqual(err(unset('A')))
  })

  test('the first unset variable is the one named', () => {
    expect(substituteEnv('${X}${Y}', {})).toEqual(err(unset('X')))
  })

  test('a value containing ${...} is not substituted again', () => {
    expect(substituteEnv('${A}', { A: '${B}', B: 'b' })).toEqual(
      ok({ text: '${B}', secrets: ['${B}'] })
    )
  })
})
