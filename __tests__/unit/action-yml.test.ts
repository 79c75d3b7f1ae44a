// action.yml is the contract with the runner: every input the code reads and every output it
// sets must be declared there (the runner only passes declared inputs' defaults), and the
// other way round.
import { describe, expect, test } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../helpers/run-action.js'

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description?: string }>
  outputs: Record<string, { description?: string }>
}

function sources(dir: string): string {
  return readdirSync(dir)
    .map(f => path.join(dir, f))
    .map(f =>
      statSync(f).isDirectory() ? sources(f) : f.endsWith('.ts') ? readFileSync(f, 'utf8') : ''
    )
    .join('\n')
}
const code = sources(path.join(ROOT, 'src'))
const used = (fn: string) =>
  new Set([...code.matchAll(new RegExp(`${fn}\\(\\s*'([a-z-]+)'`, 'g'))].map(m => m[1]))

describe('action.yml', () => {
  test('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  test('declares exactly the inputs the code reads, each described', () => {
    const read = new Set([...used('getInput'), ...used('input')])
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, input] of Object.entries(action.inputs))
      expect([name, !!input.description]).toEqual([name, true])
  })

  test('declares exactly the outputs the code sets, each described', () => {
    const set = new Set([...used('setOutput'), ...used('setNames')])
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort())
    for (const [name, output] of Object.entries(action.outputs))
      expect([name, !!output.description]).toEqual([name, true])
  })
})
