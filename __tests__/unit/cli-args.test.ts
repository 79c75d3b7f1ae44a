// The command line's arguments, parsed without running anything.
import { expect, test } from '@jest/globals'
import { parseCommandLine } from '../../src/cli/args.js'

const parsed = (...argv: string[]) => {
  const r = parseCommandLine(argv)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

test('inline YAML that starts with a dash is the value of --targets, not an option', () => {
  expect(parsed('--targets', '- name: a\n  url: http://a/v').inputs.targets).toBe(
    '- name: a\n  url: http://a/v'
  )
  expect(parsed('--targets=- url: http://a/v').inputs.targets).toBe('- url: http://a/v')
})

test('options set the action inputs of the same meaning; FLEET_FILE is --targets-file', () => {
  const { inputs } = parsed(
    'fleet.yml',
    '--header',
    'Authorization: Bearer x',
    '--header',
    'X-A: b',
    '--no-cache-bust',
    '--timeout',
    '5s'
  )
  expect(inputs).toEqual({
    'targets-file': 'fleet.yml',
    headers: 'Authorization: Bearer x\nX-A: b',
    'cache-bust': 'false',
    timeout: '5s'
  })
})

test('usage errors say what is wrong', () => {
  const error = (...argv: string[]) => {
    const r = parseCommandLine(argv)
    return r.ok ? 'accepted' : r.error
  }
  expect(error('--timout', '5s')).toMatch(/--timout/)
  expect(error('a.yml', 'b.yml')).toMatch(/"b.yml".*one fleet file/)
  expect(error('a.yml', '--targets-file', 'b.yml')).toMatch(/both given/)
  expect(error('--format', 'xml')).toMatch(
    /option --format: "xml" is not valid; expected text or json/
  )
  expect(error('-q', '-v')).toMatch(/--quiet and --verbose/)
  // After --, every argument is a positional: "--targets" there is a file name.
  expect(error('--', '--targets', 'x')).toMatch(/one fleet file/)
})

test('schema, help and version are commands of their own', () => {
  expect(parsed('schema').command).toBe('schema')
  expect(parsed('fleet.yml', '--format', 'xml', '--help').command).toBe('help')
})
