// action.yml is the contract with the runner: every input the code reads and every output it
// sets must be declared there (the runner only passes declared inputs' defaults), and the
// other way round; the defaults the code applies are the ones action.yml declares.
import { describe, expect, test } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { INPUTS, type InputSpec } from '../../src/config/inputs.js'
import { ROOT } from '../helpers/run-action.js'

// Failsafe: every scalar a string, as the runner reads them (`default: 10s`, `default: '2'`).
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'), {
  schema: 'failsafe'
}) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description?: string; default?: string }>
  outputs: Record<string, { description?: string }>
}

function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(dir)
    .map(f => path.join(dir, f))
    .flatMap(f =>
      statSync(f).isDirectory()
        ? sources(f)
        : f.endsWith('.ts')
          ? [{ file: path.relative(ROOT, f), text: readFileSync(f, 'utf8') }]
          : []
    )
}
const files = sources(path.join(ROOT, 'src'))
const code = files.map(f => f.text).join('\n')
const used = (fn: string) =>
  new Set([...code.matchAll(new RegExp(`${fn}\\(\\s*'([a-z-]+)'`, 'g'))].map(m => m[1]))

describe('action.yml', () => {
  test('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  test('declares exactly the inputs the code reads, each described', () => {
    const read = new Set([...used('rawInput'), ...used('inputValue'), ...used('checkedInput')])
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, input] of Object.entries(action.inputs))
      expect([name, !!input.description]).toEqual([name, true])
  })

  test('the code reads inputs only through the table of src/config/inputs.ts', () => {
    const readers = files.filter(f => /\.input\(/.test(f.text)).map(f => f.file)
    expect(readers).toEqual([path.join('src', 'config', 'inputs.ts')])
    // The host is the one place that asks the runner (or the command line's options).
    const runner = files.filter(f => /\bgetInput\(/.test(f.text)).map(f => f.file)
    expect(runner).toEqual([path.join('src', 'host', 'host.ts')])
  })

  test('every input of action.yml is in the table, with the same default', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const spec = (INPUTS as Record<string, InputSpec | undefined>)[name]
      expect([name, spec !== undefined]).toEqual([name, true])
      expect([name, input.default]).toEqual([name, spec?.runnerDefault ?? spec?.default])
    }
  })

  test('every input of the table is in action.yml, with the same default', () => {
    for (const [name, spec] of Object.entries(INPUTS as Record<string, InputSpec>)) {
      expect([name, name in action.inputs]).toEqual([name, true])
      expect([name, spec.runnerDefault ?? spec.default]).toEqual([
        name,
        action.inputs[name]?.default
      ])
    }
  })

  test('github-token defaults to the job token, which only the runner can supply', () => {
    // The code has no fallback for it: an empty token stays empty (and is then reported).
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}')
    expect(INPUTS['github-token']).toEqual({ runnerDefault: '${{ github.token }}' })
    const expressions = Object.entries(INPUTS as Record<string, InputSpec>).filter(
      ([, spec]) => spec.runnerDefault !== undefined || spec.default?.includes('${{')
    )
    expect(expressions.map(([name]) => name)).toEqual(['github-token'])
  })

  test('declares exactly the outputs the code sets, each described', () => {
    const set = new Set([...used('setOutput'), ...used('setNames')])
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort())
    for (const [name, output] of Object.entries(action.outputs))
      expect([name, !!output.description]).toEqual([name, true])
  })
})
