// Issue 9, "One Result convention; parse.ts split": parsers return a Result (problems are
// returned, never thrown), and the steps parse.ts was split into (ranges, the target URL, YAML
// positions, targets known by name alone) keep their messages.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { ConfigProblem, Source } from '../../src/common/errors.js'
import { loadRegexEngine } from '../../src/common/regex.js'
import { err, ok } from '../../src/common/result.js'
import { parseHeaderLines } from '../../src/config/headers.js'
import { parseFleet as parseFleetWith, type FleetOptions } from '../../src/fleet/parse.js'
import { rangeIn } from '../../src/fleet/ranges.js'
import { readYaml } from '../../src/fleet/read-yaml.js'
import { parseReports } from '../../src/fleet/reports-file.js'
import { entryUrlParser, parseHttpUrl, withAuthorization } from '../../src/fleet/target-url.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import { displayPath, Positions } from '../../src/fleet/yaml-positions.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const regex = await loadRegexEngine()
const INPUT: Source = { label: 'input `targets`' }
const OPTIONS: FleetOptions = {
  timeoutMs: 10_000,
  headers: {},
  samples: 1,
  cacheBust: false,
  env: {},
  regex
}

function problemsOf(text: string, options: Partial<FleetOptions> = {}): string[] {
  const r = parseFleet(text, INPUT, { ...OPTIONS, ...options })
  if (r.ok) throw new Error('expected a problem')
  return r.error.map(p => p.message)
}

describe('parsers return their problems instead of throwing', () => {
  // Fleet-shaped text: keys, values, list items and brackets in any order.
  const fleetish = fc
    .array(
      fc.constantFrom(
        'targets:',
        '- ',
        '  - url: ',
        '    name: ',
        'defaults:',
        '  json: ',
        '  regex: ',
        'https://a.example/v',
        'web-[1:3]',
        '[1-',
        '${X}',
        ': ',
        '&a ',
        '*a',
        '\n',
        '  '
      ),
      { maxLength: 30 }
    )
    .map(parts => parts.join(''))

  test('parseFleet: any text is a fleet with targets, or 1 to 20 problems naming the source', () => {
    fc.assert(
      fc.property(fc.oneof(fleetish, fc.string({ maxLength: 200 })), text => {
        const r = parseFleet(text, INPUT, OPTIONS)
        if (r.ok) expect(r.value.targets.length).toBeGreaterThan(0)
        else {
          expect(r.error.length).toBeGreaterThanOrEqual(1)
          expect(r.error.length).toBeLessThanOrEqual(20)
          for (const p of r.error) expect(p.message.startsWith(INPUT.label)).toBe(true)
        }
      }),
      { numRuns: 300 }
    )
  })

  test('parseReports and parseHeaderLines: any text is a value or a list of problems', () => {
    const isProblems = (list: ConfigProblem[]) =>
      list.length > 0 && list.every(p => typeof p.message === 'string')
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), text => {
        const reports = parseReports(text, 'r.json')
        if (!reports.ok) expect(isProblems(reports.error)).toBe(true)
        const headers = parseHeaderLines(text)
        if (!headers.ok) expect(isProblems(headers.error)).toBe(true)
      })
    )
  })
})

describe('an entry’s range', () => {
  test('none, one, or the same one twice', () => {
    expect(rangeIn('https://a.example/v', true)).toEqual(ok(undefined))
    expect(rangeIn('http://[::1]:8080/v', true)).toEqual(ok(undefined))
    expect(rangeIn('web-[01:03]', false)).toEqual(
      ok({ token: '[01:03]', start: 1, end: 3, width: 2 })
    )
    expect(rangeIn('https://r-[1:3].x/[1:3]', true)).toEqual(
      ok({ token: '[1:3]', start: 1, end: 3, width: 0 })
    )
  })

  test('two ranges, a malformed one (with the url hint only in a url), one counting down', () => {
    expect(rangeIn('https://r-[1:3].x/[4:5]', true)).toEqual(
      err('has 2 different ranges; expected at most one range per target')
    )
    const malformed =
      'malformed range "[1-3]"; expected [start:end] with whole numbers, such as [1:8] or [01:16]'
    expect(rangeIn('https://r-[1-3].x/', true)).toEqual(
      err(`${malformed} (write a literal bracket in a url as %5B or %5D)`)
    )
    expect(rangeIn('web-[1-3]', false)).toEqual(err(malformed))
    expect(rangeIn('web-[3:1]', false)).toEqual(
      err('range [3:1] counts down; expected [start:end] with start <= end')
    )
  })

  test('a bad url range and a bad name range are both reported, the url first', () => {
    expect(problemsOf('- url: https://a-[1-2].example/\n  name: web-[1:]\n')).toEqual([
      'input `targets`, line 1: targets[0].url: malformed range "[1-2]"; expected [start:end] with whole numbers, such as [1:8] or [01:16] (write a literal bracket in a url as %5B or %5D)',
      'input `targets`, line 2: targets[0].name: malformed range "[1:]"; expected [start:end] with whole numbers, such as [1:8] or [01:16]'
    ])
  })
})

describe('the target URL', () => {
  test('credentials move to Authorization and are listed as secrets', () => {
    const r = parseHttpUrl('https://deploy:p%40ss@h.example/v?x=1')
    expect(r).toEqual(
      ok({
        url: 'https://h.example/v?x=1',
        displayUrl: 'https://h.example/v',
        host: 'h.example',
        authorization: `Basic ${Buffer.from('deploy:p@ss').toString('base64')}`,
        credentials: ['deploy', 'p@ss', 'deploy:p@ss']
      })
    )
  })

  test('what is not an http(s) URL', () => {
    expect(parseHttpUrl('not a url')).toEqual(
      err('is not a URL; expected an http:// or https:// URL')
    )
    expect(parseHttpUrl('ftp://h.example/v')).toEqual(
      err('is not http(s); expected an http:// or https:// URL')
    )
  })

  test('${VAR} values are hidden in the display URL and the host, not in the URL requested', () => {
    const parse = entryUrlParser(['secret-host.example', 'tok3n'])
    const r = parse('https://secret-host.example/v/tok3n?k=tok3n')
    expect(r).toMatchObject(
      ok({
        url: 'https://secret-host.example/v/tok3n?k=tok3n',
        displayUrl: 'https://***/v/***',
        host: '***'
      })
    )
    expect(parse('ftp://x')).toEqual(err('is not http(s); expected an http:// or https:// URL'))
  })

  test('Authorization from the URL never replaces a configured one, in any case', () => {
    const headers = { authorization: 'Bearer mine' }
    const out = withAuthorization(headers, 'Basic dTpw')
    expect(out).toEqual({ authorization: 'Bearer mine' })
    // Nothing to add: the entry's own headers, shared by its targets and never changed.
    expect(out).toBe(headers)
    const none = {}
    expect(withAuthorization(none, 'Basic dTpw')).toEqual({ Authorization: 'Basic dTpw' })
    expect(none).toEqual({})
    expect(withAuthorization({ 'X-A': '1' }, undefined)).toEqual({ 'X-A': '1' })
  })
})

describe('YAML positions', () => {
  test('key paths as messages show them (a bare list’s items are targets)', () => {
    expect(displayPath(['targets', 2, 'headers', 'X-Api-Key'])).toBe('targets[2].headers.X-Api-Key')
    expect(displayPath([0, 'url'])).toBe('targets[0].url')
    expect(displayPath(['defaults', 'regex'])).toBe('defaults.regex')
  })

  test('a problem names the source, the line and the key; an unknown key its own line', () => {
    const text = 'targets:\n  - url: https://a.example/v\n    timout:\n      5s\n'
    const read = readYaml(text)
    const at = new Positions(yamlKit.locator(read.doc), o => read.lines.linePos(o).line, {
      label: 'L',
      file: 'f.yml'
    })
    expect(at.problem('m', { path: ['targets', 0, 'timout'], keyLine: true })).toEqual({
      message: 'L, line 3: targets[0].timout: m',
      file: 'f.yml',
      line: 3
    })
    // the value's own line, which is not the key's
    expect(at.problem('m', { path: ['targets', 0, 'timout'] })).toMatchObject({ line: 4 })
    expect(at.problem('m', { line: 7 })).toEqual({
      message: 'L, line 7: m',
      file: 'f.yml',
      line: 7
    })
    expect(at.problem('m')).toEqual({ message: 'L: m', file: 'f.yml', line: undefined })
  })
})

describe('targets known by name alone (with a reports-file)', () => {
  const names = { urlOptional: true }

  test('one target a number of the name’s range, never polled', () => {
    const r = parseFleet('- name: web-[1:3]\n  expected: abc1234\n', INPUT, {
      ...OPTIONS,
      ...names
    })
    if (!r.ok) throw new Error(r.error[0].message)
    expect(r.value.targets.map(t => [t.name, t.url, t.expected])).toEqual([
      ['web-1', '', 'abc1234'],
      ['web-2', '', 'abc1234'],
      ['web-3', '', 'abc1234']
    ])
  })

  test('a url is required unless a reports-file is given; then a name is', () => {
    expect(problemsOf('- name: a\n')).toEqual([
      'input `targets`, line 1: targets[0].url: is required; expected an http:// or https:// URL'
    ])
    expect(problemsOf('- expected: abc1234\n', names)).toEqual([
      'input `targets`, line 1: targets[0].name: is required: a target without a url needs a name'
    ])
  })

  test('a duplicate name, from a range or not', () => {
    expect(problemsOf('- name: web-[1:3]\n- name: web-2\n', names)).toEqual([
      'input `targets`, line 2: targets[1].name: duplicate target name "web-2" (first at input `targets`, line 1); expected unique names'
    ])
  })

  test('more targets than the cap', () => {
    expect(problemsOf('- name: a\n- name: web-[1:10000]\n', names)).toEqual([
      'input `targets`, line 2: targets[1].name: the fleet has more than 10000 targets; expected at most 10000'
    ])
  })
})
