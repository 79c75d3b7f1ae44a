// A fleet of one URL a line is read without the YAML parser and the schema library: settings.ts
// loads them (src/fleet/yaml-kit.ts) only for other text, so a URL list starts without them.
import { expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { isUrlLines, parseFleet } from '../../src/fleet/parse.js'
import { ROOT } from '../helpers/run-action.js'

const OPTIONS = { timeoutMs: 10_000, headers: {}, samples: 1, cacheBust: false, env: {} }

test('one URL a line parses with no YAML kit at all; YAML text asks for it', () => {
  const text = '# the fleet\nhttps://a.example/version\nhttps://b.example/version # b\n'
  expect(isUrlLines(text)).toBe(true)
  const r = parseFleet(text, { label: 'input `targets`' }, OPTIONS)
  if (!r.ok) throw new Error(r.error.map(p => p.message).join('\n'))
  expect(r.value.targets.map(t => t.url)).toEqual([
    'https://a.example/version',
    'https://b.example/version'
  ])
  expect(isUrlLines('- url: https://a.example/version\n')).toBe(false)
  expect(() => parseFleet('- url: https://a.example/v\n', { label: 'x' }, OPTIONS)).toThrow(
    /needs options.yaml/
  )
})

test('a problem in a URL list still names its line', () => {
  const r = parseFleet('https://a.example/v\nftp://b.example/v\n', { label: 'L' }, OPTIONS)
  expect(r.ok).toBe(false)
  if (!r.ok) expect(r.error[0].message).toMatch(/^L, line 2: /)
})

test('parse.ts and the modules it loads import yaml and valibot for types only', async () => {
  for (const file of ['parse.ts', 'yaml-positions.ts', 'checks.ts', 'target-url.ts']) {
    const text = await readFile(path.join(ROOT, 'src', 'fleet', file), 'utf8')
    for (const line of text.split('\n').filter(l => /^import .* from '(yaml|valibot)'/.test(l))) {
      expect([file, line]).toEqual([file, expect.stringMatching(/^import type /)])
    }
    expect(text).not.toMatch(/^import \{[^}]*\} from '\.\/(schema|read-yaml|yaml-kit)\.js'/m)
  }
})
