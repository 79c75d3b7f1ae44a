// Issue 8, "Green must never lie": reading the fleet safely. Ordinary YAML aliases work however
// often they are reused (yaml's default maxAliasCount of 100 made 150 `headers: *auth` crash with
// a ReferenceError); an expansion bomb, a cycle, an alias without an anchor and a document nested
// too deeply are bad input naming the place, refused at once and without a stack trace; the size
// cap on fleet text is a pure check.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { ConfigProblem, Source } from '../../src/common/errors.js'
import {
  checkSize,
  formatBytes,
  MAX_INPUT_BYTES,
  MAX_TARGETS,
  sizeProblem
} from '../../src/common/values.js'
import { err, ok } from '../../src/common/result.js'
import {
  parseFleet as parseFleetWith,
  type Fleet,
  type FleetOptions
} from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import { MAX_ALIAS_NODES, MAX_YAML_DEPTH, readYaml } from '../../src/fleet/read-yaml.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const FILE: Source = { label: 'targets-file `fleet.yml`', file: 'fleet.yml' }
const OPTIONS: FleetOptions = {
  timeoutMs: 10_000,
  headers: {},
  samples: 1,
  cacheBust: false,
  env: {}
}
const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'

/** `n` targets, the first anchoring its headers as &auth, the others reusing them. */
function aliasFleet(n: number): string {
  const lines = ['targets:']
  for (let i = 0; i < n; i++) {
    lines.push(`  - url: https://web-${i}.example.com/version`)
    if (i === 0) {
      lines.push('    expected: &sha ' + SHA)
      lines.push('    headers: &auth')
      lines.push('      X-Api-Key: k-123')
      lines.push('      X-Team: fleet')
    } else {
      lines.push('    expected: *sha')
      lines.push('    headers: *auth')
    }
  }
  return lines.join('\n') + '\n'
}

/** The classic "billion laughs": each level is ten of the one before, 10^levels in all. */
function billionLaughs(levels = 12): string {
  const lines = ['defaults:', '  headers:', '    X-A: &a0 lol']
  lines.push('targets:')
  lines.push('  - url: https://a.example/v')
  lines.push('    junk:')
  for (let i = 1; i <= levels; i++) {
    lines.push(
      `      - &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`
    )
  }
  return lines.join('\n') + '\n'
}

function problemsOf(text: string, source: Source = FILE): ConfigProblem[] {
  const r = parseFleet(text, source, OPTIONS)
  if (r.ok) throw new Error('expected a problem')
  return r.error
}

/** The fleet of a text that must parse. */
function fleetOf(text: string): Fleet {
  const r = parseFleet(text, FILE, OPTIONS)
  if (!r.ok) throw new Error(r.error.map(p => p.message).join('\n'))
  return r.value
}

/** Runs `f`, which must finish within `ms` (a generous bound, never a lower one). */
function quickly<T>(ms: number, f: () => T): T {
  const started = performance.now()
  const result = f()
  expect(Math.round(performance.now() - started)).toBeLessThan(ms)
  return result
}

describe('aliases that are ordinary YAML', () => {
  test('150 targets reusing one anchor (more than yaml’s default limit of 100) work', () => {
    const fleet = fleetOf(aliasFleet(150))
    expect(fleet.targets).toHaveLength(150)
    for (const t of fleet.targets) {
      expect(t.headers).toEqual({ 'X-Api-Key': 'k-123', 'X-Team': 'fleet' })
      expect(t.expected).toBe(SHA)
    }
  })

  test(`the largest fleet, ${MAX_TARGETS.toLocaleString('en-US')} targets each using two aliases, works`, () => {
    const text = aliasFleet(MAX_TARGETS)
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_INPUT_BYTES / 2)
    const fleet = fleetOf(text)
    expect(fleet.targets).toHaveLength(MAX_TARGETS)
    expect(fleet.targets[MAX_TARGETS - 1].headers['X-Api-Key']).toBe('k-123')
  })

  test('an anchor redefined later: each alias takes the anchor before it, as YAML says', () => {
    const text = `targets:
  - url: https://a.example/v
    headers: &h {X-K: one}
  - url: https://b.example/v
    headers: *h
  - url: https://c.example/v
    headers: &h {X-K: two}
  - url: https://d.example/v
    headers: *h
`
    const fleet = fleetOf(text)
    expect(fleet.targets.map(t => t.headers['X-K'])).toEqual(['one', 'one', 'two', 'two'])
  })
})

describe('alias bombs are bad input, refused at once', () => {
  test('billion laughs: "expands to too much", with the file and the line', () => {
    const problems = quickly(1000, () => problemsOf(billionLaughs()))
    expect(problems).toHaveLength(1)
    expect(problems[0].message).toMatch(
      /^targets-file `fleet\.yml`, line \d+: the document expands to too much: its aliases \(\*name\) stand for more than 1,000,000 nodes; expected at most 1,000,000$/
    )
    expect(problems[0]).toMatchObject({ file: 'fleet.yml', line: expect.any(Number) })
  })

  test('a bomb in JSON form (a fleet file may be JSON) is refused the same way', () => {
    // JSON has no aliases, but the flow style YAML reads JSON with does.
    let text = '{"a0": &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    for (let i = 1; i <= 15; i++) text += `, "a${i}": &a${i} [${Array(10).fill(`*a${i - 1}`)}]`
    text += ', "targets": ["https://a.example/v"]}'
    const [problem] = quickly(1000, () => problemsOf(text))
    expect(problem.message).toContain('expands to too much')
    expect(problem.line).toBe(1)
  })

  test('a wide anchor reused often is counted by size, not by the number of aliases', () => {
    // 2,000 headers reused by 600 targets: 600 aliases (yaml would count 600), 2.4 million nodes.
    const header = Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`).join(', ')
    const lines = ['defaults: {}', 'targets:', `  - url: https://t0.example/v`]
    lines.push(`    headers: &wide {${header}}`)
    for (let i = 1; i < 600; i++) lines.push(`  - {url: "https://t${i}.example/v", headers: *wide}`)
    const [problem] = quickly(1000, () => problemsOf(lines.join('\n')))
    expect(problem.message).toContain('expands to too much')
    // the line of the alias where the count passed the limit
    const crossing = Math.ceil(MAX_ALIAS_NODES / 4001) + 4
    expect(problem.line).toBe(crossing)
  })

  test('an alias inside its own anchor (a cycle) is refused, not followed forever', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    headers: &h {X-A: [*h]}\n'
    const [problem] = problemsOf(text)
    expect(problem.message).toBe(
      "targets-file `fleet.yml`, line 3: alias *h is inside its own anchor, so it expands to too much (it never ends); expected an alias after its anchor's end"
    )
  })

  test('an alias with no anchor before it is bad input, not a ReferenceError', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    headers: *nope\n'
    expect(problemsOf(text)).toEqual([
      {
        message:
          'targets-file `fleet.yml`, line 3: alias *nope has no anchor &nope before it; expected the anchor to come first',
        file: 'fleet.yml',
        line: 3
      }
    ])
  })

  test('any alias count up to the limit works; one node past it is refused', () => {
    // An anchor of `size` nodes reused `uses` times adds size × uses nodes.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (uses, width) => {
          const list = Array.from({ length: width }, () => 'x').join(', ')
          const text = `a: &a [${list}]\nb: [${Array(uses).fill('*a').join(', ')}]\n`
          const read = readYaml(text)
          expect(read.limit).toBeUndefined()
          expect(read.doc?.errors).toEqual([])
        }
      ),
      { numRuns: 50 }
    )
    const atLimit = `a: &a [${Array(999).fill('x').join(', ')}]\nb: [${Array(1000).fill('*a').join(', ')}]\n`
    expect(readYaml(atLimit).limit).toBeUndefined() // 1,000 nodes × 1,000 uses
    const past = atLimit.replace('b: [', 'b: [x, *a, ')
    expect(readYaml(past).limit?.message).toContain('expands to too much')
  })
})

describe('nesting too deep is bad input, never a stack overflow', () => {
  const deep: [string, string][] = [
    ['100,000 [', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['100,000 [ never closed', '['.repeat(100_000)],
    ['100,000 {a:', '{a: '.repeat(100_000) + '}'.repeat(100_000)],
    ['- - - … 100,000 times', '- '.repeat(100_000) + 'x\n'],
    ['? ? ? … 100,000 times', '? '.repeat(100_000) + 'x\n'],
    [
      '3,000 indented mappings',
      Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' b\n'
    ]
  ]

  test.each(deep)('%s', (_name, text) => {
    const problems = quickly(1000, () => problemsOf(text))
    expect(problems).toHaveLength(1)
    expect(problems[0].message).toMatch(
      new RegExp(
        `^targets-file \`fleet\\.yml\`, line \\d+: nested too deeply; expected at most ${MAX_YAML_DEPTH} levels of mappings and lists$`
      )
    )
    expect(problems[0].message).not.toMatch(/call stack/i)
  })

  test('the line is where the limit is passed', () => {
    const text =
      'targets:\n' +
      Array.from({ length: 80 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n') +
      'x\n'
    const [problem] = problemsOf(text)
    expect(problem.message).toContain('nested too deeply')
    // targets (1 level) then one list a line from line 2: level 65 is on line 65
    expect(problem.line).toBe(MAX_YAML_DEPTH + 1)
  })

  test(`${MAX_YAML_DEPTH} levels are read; ${MAX_YAML_DEPTH + 1} are not`, () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n)
    expect(readYaml(nested(MAX_YAML_DEPTH)).limit).toBeUndefined()
    expect(readYaml(nested(MAX_YAML_DEPTH + 1)).limit?.message).toContain('nested too deeply')
  })

  test('an ordinary fleet is nowhere near the limit, in YAML or JSON', () => {
    const yaml =
      'defaults:\n  headers:\n    X-A: b\ntargets:\n  - url: https://a.example/v\n    headers:\n      X-B: c\n'
    const json = JSON.stringify({
      defaults: { headers: { 'X-A': 'b' } },
      targets: [{ url: 'https://a.example/v', headers: { 'X-B': 'c' } }]
    })
    for (const text of [yaml, json]) expect(fleetOf(text).targets).toHaveLength(1)
  })
})

describe('the size cap on fleet text and the reports-file', () => {
  test('4 MiB, which 10,000 targets fit comfortably', () => {
    expect(MAX_INPUT_BYTES).toBe(4 * 1024 * 1024)
    const lines = Array.from(
      { length: MAX_TARGETS },
      (_, i) =>
        `  - name: router-${i}\n    url: https://router-${i}.prod.example.com/actuator/info\n    json: git.commit.id\n`
    )
    expect(Buffer.byteLength('targets:\n' + lines.join(''))).toBeLessThan(MAX_INPUT_BYTES / 2)
  })

  test('up to the cap fits; a byte more does not, and the message says both sizes', () => {
    expect(checkSize(0)).toEqual(ok(0))
    expect(checkSize(MAX_INPUT_BYTES)).toEqual(ok(MAX_INPUT_BYTES))
    expect(checkSize(MAX_INPUT_BYTES + 1)).toEqual(
      err({ problem: 'is too large (4,194,305 bytes)', expected: 'at most 4 MiB' })
    )
    expect(checkSize(50 * 1024 * 1024)).toEqual(
      err({ problem: 'is too large (50 MiB)', expected: 'at most 4 MiB' })
    )
    // a read that stopped at the cap: the size is unknown, only that it is over
    expect(sizeProblem(undefined)).toEqual({
      problem: 'is too large (over 4 MiB)',
      expected: 'at most 4 MiB'
    })
  })

  test('sizes read plainly and are never rounded down to the cap', () => {
    expect(formatBytes(900)).toBe('900 bytes')
    expect(formatBytes(4 * 1024 * 1024)).toBe('4 MiB')
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MiB')
    fc.assert(
      fc.property(fc.integer({ min: MAX_INPUT_BYTES + 1, max: 2 ** 40 }), bytes => {
        const r = checkSize(bytes)
        expect(r.ok).toBe(false)
        expect(!r.ok && r.error.problem).not.toBe('is too large (4 MiB)')
        expect(!r.ok && r.error.problem).not.toContain('(4.0 MiB)')
      })
    )
  })
})
