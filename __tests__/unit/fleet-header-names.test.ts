// Header names that are also names of Object's own machinery (constructor, __proto__, prototype)
// are headers like any other: valibot's record skipped them, and they were dropped without a word.
import { expect, test } from '@jest/globals'
import type { Source } from '../../src/common/errors.js'
import { parseFleet as parseFleetWith, type FleetOptions } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const INPUT: Source = { label: 'input `targets`' }
const OPTIONS: FleetOptions = {
  timeoutMs: 10_000,
  headers: {},
  samples: 1,
  cacheBust: false,
  env: {}
}

test.each(['constructor', '__proto__', 'prototype'])('a header named %s is kept', name => {
  const r = parseFleet(
    `- url: http://a.example/v\n  headers:\n    ${name}: abc\n    X-Other: def\n`,
    INPUT,
    OPTIONS
  )
  if (!r.ok) throw new Error(r.error.map(p => p.message).join('\n'))
  const headers = r.value.targets[0].headers
  expect(Object.entries(headers)).toEqual(
    expect.arrayContaining([
      [name, 'abc'],
      ['X-Other', 'def']
    ])
  )
})

test('a header value that is not text is refused at its key', () => {
  const r = parseFleet(
    `- url: http://a.example/v\n  headers:\n    constructor: [a]\n`,
    INPUT,
    OPTIONS
  )
  expect(r.ok).toBe(false)
  if (!r.ok) expect(r.error[0].message).toMatch(/constructor.*expected text, got a list/)
})
