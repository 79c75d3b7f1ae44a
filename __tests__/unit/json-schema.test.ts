// The fleet file's JSON Schema (src/fleet/json-schema.ts) against the committed file, the README's
// examples and the code: every fleet the schema is shown here is also given to parseFleet, so
// the two cannot disagree on these cases. Editors read YAML with the core schema (`samples: 3`
// is a number), so the examples are parsed that way for the validator; parseFleet reads text.
//
// `npm run bundle` writes schema/fleet.schema.json (through `fleet-check schema`).
import { beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import fc from 'fast-check'
import * as v from 'valibot'
import { parse, stringify } from 'yaml'
import { loadRegexEngine, type RegexEngine } from '../../src/common/regex.js'
import { checkCount } from '../../src/common/values.js'
import {
  SCHEMA_URL,
  fleetJsonSchema,
  mappingSchema,
  wholeNumberPattern,
  type KeyDoc
} from '../../src/fleet/json-schema.js'
import { parseFleet as parseFleetWith, type FleetOptions } from '../../src/fleet/parse.js'
import { yamlKit } from '../../src/fleet/yaml-kit.js'
import {
  checkObject,
  defaultsObject,
  documentObject,
  kubernetesObject,
  targetObject
} from '../../src/fleet/schema.js'

/** parseFleet with the YAML parser, as settings.ts loads it for YAML fleets. */
const parseFleet: typeof parseFleetWith = (text, source, options) =>
  parseFleetWith(text, source, { yaml: yamlKit, ...options })

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const SCHEMA_FILE = path.join(ROOT, 'schema', 'fleet.schema.json')
const schema = fleetJsonSchema()
const fresh = JSON.stringify(schema, null, 2) + '\n'

/**
 * A draft-07 validator in strict mode: unknown keywords and loose types throw (strictRequired,
 * which wants every required key in the same subschema's properties, is ajv's own lint).
 */
function validator(): Ajv {
  const ajv = new Ajv({ strictTypes: true, allErrors: true, allowUnionTypes: true })
  // yaml-language-server's message keywords: they change no verdict.
  ajv.addVocabulary(['errorMessage', 'patternErrorMessage'])
  ajv.addSchema(schema)
  return ajv
}

const ajv = validator()
const validateFleet = ajv.getSchema(SCHEMA_URL) as ValidateFunction

/** The validator's verdict on YAML text as an editor reads it (core schema). */
function schemaAccepts(text: string): boolean {
  return validateFleet(parse(text)) === true
}

function schemaErrors(text: string): string {
  validateFleet(parse(text))
  return ajv.errorsText(validateFleet.errors)
}

let regex: RegexEngine
beforeAll(async () => {
  regex = await loadRegexEngine()
})

function options(urlOptional = false): FleetOptions {
  return {
    timeoutMs: 10_000,
    headers: {},
    samples: 1,
    cacheBust: true,
    env: { FLEET_API_KEY: 'k-123', BASE_URL: 'https://base.example.com', CONFIG_SHA: '9c1b2d3' },
    regex,
    urlOptional
  }
}

/** parseFleet's problems with the text, none when it is a fleet. */
function codeProblems(text: string, urlOptional = false): string[] {
  const r = parseFleet(text, { label: 'input `targets`' }, options(urlOptional))
  return r.ok ? [] : r.error.map(p => p.message)
}

/** Keywords whose subschemas are conditions on a mapping, not mappings of their own. */
const CONDITIONS = new Set(['if', 'not'])

describe('schema/fleet.schema.json', () => {
  test('the committed file is a fresh generation', () => {
    let committed = ''
    try {
      committed = readFileSync(SCHEMA_FILE, 'utf8')
    } catch {
      // compared below, with the message
    }
    if (committed !== fresh) {
      throw new Error(
        'schema/fleet.schema.json differs from fleetJsonSchema() (src/fleet/json-schema.ts). ' +
          'Regenerate it: npm run bundle (it writes the schema through fleet-check schema)'
      )
    }
  })

  test('is draft-07 with its $id, a title and a description, and compiles in strict mode', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(schema.$id).toBe(SCHEMA_URL)
    expect(schema.title).toEqual(expect.any(String))
    expect(schema.description).toEqual(expect.any(String))
    expect(typeof validateFleet).toBe('function')
  })

  test('every key of every mapping has a title and a description', () => {
    const keys: string[] = []
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`))
      if (node === null || typeof node !== 'object') return
      const record = node as Record<string, unknown>
      if (record.type === 'object' && record.properties) {
        for (const [key, value] of Object.entries(record.properties as object)) {
          const doc = value as { title?: unknown; description?: unknown }
          keys.push(key)
          expect({
            at: `${at}/${key}`,
            title: typeof doc.title,
            description: typeof doc.description
          }).toEqual({ at: `${at}/${key}`, title: 'string', description: 'string' })
        }
      }
      for (const [k, child] of Object.entries(record))
        if (!CONDITIONS.has(k)) walk(child, `${at}/${k}`)
    }
    walk(schema, '#')
    // the document's, defaults', a target's, kubernetes' and a check's keys (one definition)
    const count = (o: { entries: object }) => Object.keys(o.entries).length
    expect(keys.length).toBe(
      count(documentObject) +
        count(defaultsObject) +
        count(targetObject) +
        count(kubernetesObject) +
        count(checkObject)
    )
    for (const key of [
      'targets',
      'defaults',
      'url',
      'name',
      'samples',
      'cache-bust',
      'selector',
      'via'
    ]) {
      expect(keys).toContain(key)
    }
  })

  test('every mapping is closed: additionalProperties false, except headers (names checked)', () => {
    const open: string[] = []
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== 'object') return
      const record = node as Record<string, unknown>
      if (
        record.type === 'object' &&
        record.additionalProperties !== false &&
        !at.endsWith('/headers')
      )
        open.push(at)
      for (const [k, child] of Object.entries(record))
        if (!CONDITIONS.has(k)) walk(child, `${at}/${k}`)
    }
    walk(schema, '#')
    expect(open).toEqual([])
  })
})

describe('generation: the docs cannot drift from the valibot schema', () => {
  const doc: KeyDoc = { title: 'T', description: 'D', value: { type: 'string' } }

  test('a key of the valibot object without docs throws, naming it', () => {
    const object = v.strictObject({ a: v.string(), b: v.optional(v.string()) })
    expect(() => mappingSchema(object, { a: doc }, 'a test mapping')).toThrow(
      'the docs of a test mapping disagree with its schema: no docs for b'
    )
  })

  test('docs for a key the valibot object does not have throw, naming it', () => {
    const object = v.strictObject({ a: v.string() })
    expect(() => mappingSchema(object, { a: doc, gone: doc }, 'a test mapping')).toThrow(
      'docs for unknown keys gone'
    )
  })

  test('a mapping that is not strict throws: the schema would let unknown keys through', () => {
    expect(() => mappingSchema(v.object({ a: v.string() }), { a: doc }, 'a loose mapping')).toThrow(
      'a loose mapping is a object; expected a strict_object'
    )
  })

  test('required and optional keys come from the valibot object', () => {
    const object = v.strictObject({ a: v.string(), b: v.optional(v.string()) })
    expect(mappingSchema(object, { a: doc, b: doc }, 'm')).toMatchObject({
      required: ['a'],
      additionalProperties: false
    })
    const kubernetes = (schema.definitions as Record<string, Record<string, unknown[]>>).target
      .anyOf[1] as {
      properties: { kubernetes: { required: string[] } }
    }
    expect(kubernetes.properties.kubernetes.required).toEqual(['selector'])
    const keysOf = (o: { entries: object }) => Object.keys(o.entries).sort()
    const target = kubernetes as unknown as { properties: Record<string, { properties?: object }> }
    expect(Object.keys(target.properties).sort()).toEqual(keysOf(targetObject))
    expect(Object.keys(target.properties.kubernetes.properties ?? {}).sort()).toEqual(
      keysOf(kubernetesObject)
    )
    const document = (schema.anyOf as { properties: Record<string, { properties?: object }> }[])[0]
    expect(Object.keys(document.properties.defaults.properties ?? {}).sort()).toEqual(
      keysOf(defaultsObject)
    )
  })
})

// ---- the README's fleets -------------------------------------------------------------------

interface Example {
  /** where in the README */
  where: string
  text: string
  /** a fleet for a reports-file: targets compared, not polled */
  urlOptional: boolean
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x)

/** A target list's entry, not a workflow step. */
const isTargetEntry = (x: unknown) =>
  typeof x === 'string' ||
  (isRecord(x) &&
    !('uses' in x) &&
    !('run' in x) &&
    ('url' in x || 'kubernetes' in x || 'name' in x))

/**
 * The fleets of the README's ```yaml blocks: fleet files (a mapping with `targets`, or a list of
 * targets) and the YAML fleets in a workflow step's `targets` input. One URL per line is not
 * YAML to an editor, and is left out.
 */
function readmeFleets(): Example[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const found: Example[] = []
  for (const m of readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    const where = `README.md line ${readme.slice(0, m.index).split('\n').length}`
    const text = m[1]
    const value: unknown = parse(text)
    if (isRecord(value) && Array.isArray(value.targets) && !('jobs' in value)) {
      found.push({ where, text, urlOptional: false })
    } else if (Array.isArray(value) && value.length && value.every(isTargetEntry)) {
      found.push({ where, text, urlOptional: false })
    } else {
      // Workflow steps: `with: targets: |` holding a fleet.
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit)
        if (!isRecord(node)) return
        const input = isRecord(node.with) ? node.with : undefined
        if (typeof node.uses === 'string' && typeof input?.targets === 'string') {
          const fleet: unknown = parse(input.targets)
          if (typeof fleet === 'object' && fleet !== null) {
            found.push({
              where: `${where} (the targets input)`,
              text: input.targets,
              urlOptional: 'reports-file' in input
            })
          }
        }
        Object.values(node).forEach(visit)
      }
      visit(value)
    }
  }
  return found
}

describe('the README', () => {
  const examples = readmeFleets()

  test('has the fleets this test knows of (the extraction finds them)', () => {
    // the fleet file, fleets behind one name, the consensus gate, Kubernetes (two), reports-file
    expect(examples.length).toBeGreaterThanOrEqual(6)
    expect(examples.some(e => e.urlOptional)).toBe(true)
    expect(examples.some(e => Array.isArray(parse(e.text)))).toBe(true)
    expect(examples.some(e => e.text.includes('kubernetes:'))).toBe(true)
  })

  test.each(examples.map(e => [e.where, e] as const))(
    'the fleet at %s is valid to the schema and to the code',
    (_, e) => {
      expect(schemaErrors(e.text)).toBe('No errors')
      expect(codeProblems(e.text, e.urlOptional)).toEqual([])
    }
  )

  test('says how to get completion and validation in an editor, with the schema URL', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`# yaml-language-server: $schema=${SCHEMA_URL}`)
    expect(readme).toContain(`"yaml.schemas"`)
    expect(readme).toContain(`"${SCHEMA_URL}": [`)
    expect(readme).toContain('fleet-check schema')
  })
})

// ---- good and bad fleets, to both ------------------------------------------------------------

/** Fleets as users write them, typed forms included. */
const GOOD: Record<string, { text: string; urlOptional?: boolean }> = {
  'typed values as an editor reads them (numbers, booleans, any case)': {
    text: `
defaults:
  samples: 3
  cache-bust: false
  timeout: 10
  addresses: all
  count: 4
targets:
  - url: https://api.example.com/version
    expected: 0123456
    redirects: ANY
  - name: 2024
    url: https://b.example.com/
    json: 0
    headers:
      X-Retries: 3
      X-Flag: true
    timeout: 1.5
    cache-bust: 'TRUE'
    samples: '20'
    count: '10000'
    addresses: All
`
  },
  'durations as text': {
    text: `
targets:
  - url: https://a.example.com/
    timeout: 500ms
  - url: https://b.example.com/
    timeout: 1m30s
  - url: https://c.example.com/
    timeout: '2.5'
`
  },
  'a bare list of URLs and mappings, one of them from ${VAR}': {
    text: `
- https://a.example.com/version
- url: \${BASE_URL}/version
  header: X-Build-Sha
- url: HTTP://c.example.com/
  regex: 'build: (\\w+)'
`
  },
  'anchors and flow style': {
    text: `
targets:
  - { url: 'https://a.example.com/', headers: &auth { X-Api-Key: '\${FLEET_API_KEY}' } }
  - { url: 'https://b.example.com/', headers: *auth, json: git.commit.id }
`
  },
  'kubernetes: port number or name, pod-ip, image, any case': {
    text: `
targets:
  - name: api
    kubernetes:
      selector: app=api,tier=web
      port: 8080
      via: POD-IP
      report: Http
      path: /version
      namespace: prod
      context: prod-cluster
    headers:
      Authorization: Bearer x
    count: 3
  - name: web
    kubernetes: { selector: app=web, port: http }
  - name: img
    kubernetes: { selector: app=img, report: image, container: app }
    expected: sha256:4c1f
`
  },
  'a name-only target, for a reports-file': {
    text: 'targets:\n  - name: router-[1:8]\n    expected: 9f8e7d6\n',
    urlOptional: true
  },
  // issue 15
  'checks in defaults and a target: a value, consensus, a flag, an override and a drop': {
    text: `
defaults:
  json: git.commit.id
  checks:
    config:
      json: config.sha
      expected: \${CONFIG_SHA}
    schema: { header: X-Schema-Version, expected: 42 }
    power-peg: { json: flags.power_peg, expected: false }
    main-ref: { regex: 'ref: (\\w+)', expected: main }
targets:
  - name: router-[1:8]
    url: https://router-[1:8].example.com/actuator/info
  - url: https://canary.example.com/
    checks:
      schema: { header: X-Schema-Version, expected: CONSENSUS }
      power-peg: null
      main-ref: ~
      constructor: { json: a.b, expected: ' x y ' }
`
  },
  'checks on a name-only target, for a reports-file': {
    text: 'targets:\n  - name: a\n    checks: { config: { json: c, expected: consensus } }\n',
    urlOptional: true
  }
}

/** Fleets the schema must reject, and the code too (with or without a reports-file). */
const BAD: Record<string, string> = {
  'an unknown key in the document': 'targets: [https://a.example.com/]\ntimeout: 5s\n',
  'an unknown key in defaults (url is a target key)':
    'defaults:\n  url: https://a.example.com/\ntargets: [https://b.example.com/]\n',
  'an unknown key in a target': 'targets:\n  - url: https://a.example.com/\n    timout: 5s\n',
  'an unknown key in kubernetes':
    'targets:\n  - name: k\n    kubernetes: { selector: app=k, port: 80, namespaces: prod }\n',
  'targets as a mapping': 'targets:\n  a: https://a.example.com/\n',
  'defaults as a list': 'defaults: [json]\ntargets: [https://a.example.com/]\n',
  'url as a list': 'targets:\n  - url: [https://a.example.com/]\n',
  'samples as a list': 'targets:\n  - url: https://a.example.com/\n    samples: [1, 2]\n',
  'headers as text': 'targets:\n  - url: https://a.example.com/\n    headers: "X-Api-Key: k"\n',
  'kubernetes as text': 'targets:\n  - name: k\n    kubernetes: app=k\n',
  'a target that is a number': 'targets: [5]\n',
  'a document that is a number': '5\n',
  'an empty list of targets': 'targets: []\n',
  'an empty bare list': '[]\n',
  'samples: 21 (above 20)': 'targets:\n  - url: https://a.example.com/\n    samples: 21\n',
  'samples: 0': '- url: https://a.example.com/\n  samples: 0\n',
  "samples: '2.5'": "- url: https://a.example.com/\n  samples: '2.5'\n",
  'count: 10001': 'defaults: { addresses: all, count: 10001 }\ntargets: [https://a.example.com/]\n',
  'cache-bust: yes (not a boolean in YAML 1.2)':
    'targets:\n  - url: https://a.example.com/\n    cache-bust: yes\n',
  'redirects: sometimes': 'targets:\n  - url: https://a.example.com/\n    redirects: sometimes\n',
  'addresses: few': 'targets:\n  - url: https://a.example.com/\n    addresses: few\n',
  'kubernetes.via: tunnel':
    'targets:\n  - name: k\n    kubernetes: { selector: app=k, port: 80, via: tunnel }\n',
  'kubernetes.report: logs':
    'targets:\n  - name: k\n    kubernetes: { selector: app=k, port: 80, report: logs }\n',
  'timeout: 5 sec': 'targets:\n  - url: https://a.example.com/\n    timeout: 5 sec\n',
  'timeout: 0': 'targets:\n  - url: https://a.example.com/\n    timeout: 0\n',
  'timeout: 601 (seconds)': 'targets:\n  - url: https://a.example.com/\n    timeout: 601\n',
  'json: a..b': 'targets:\n  - url: https://a.example.com/\n    json: a..b\n',
  'header: a name with a space':
    "targets:\n  - url: https://a.example.com/\n    header: 'X Build'\n",
  'a header name with a colon':
    "targets:\n  - url: https://a.example.com/\n    headers: { 'X-A:': v }\n",
  'an empty header value': "targets:\n  - url: https://a.example.com/\n    headers: { X-A: '' }\n",
  'a header value on two lines':
    'targets:\n  - url: https://a.example.com/\n    headers: { X-A: "a\\nb" }\n',
  'a name of 101 characters': `targets:\n  - url: https://a.example.com/\n    name: ${'n'.repeat(101)}\n`,
  'a blank name': "targets:\n  - url: https://a.example.com/\n    name: ' '\n",
  'an ftp URL': '- ftp://a.example.com/\n',
  'a url that is not one': 'targets:\n  - url: a.example.com/version\n',
  'json and header in one target':
    'targets:\n  - url: https://a.example.com/\n    json: version\n    header: X-Build\n',
  'header and regex in defaults':
    "defaults: { header: X-Build, regex: 'b: (\\w+)' }\ntargets: [https://a.example.com/]\n",
  'a url and kubernetes':
    'targets:\n  - name: k\n    url: https://a.example.com/\n    kubernetes: { selector: app=k, port: 80 }\n',
  'kubernetes without a name': 'targets:\n  - kubernetes: { selector: app=k, port: 80 }\n',
  'kubernetes with addresses':
    'targets:\n  - name: k\n    addresses: all\n    kubernetes: { selector: app=k, port: 80 }\n',
  'report: image with json':
    'targets:\n  - name: k\n    json: version\n    kubernetes: { selector: app=k, report: IMAGE }\n',
  'report: http without a port': 'targets:\n  - name: k\n    kubernetes: { selector: app=k }\n',
  'kubernetes without a selector': 'targets:\n  - name: k\n    kubernetes: { port: 80 }\n',
  'a blank selector': "targets:\n  - name: k\n    kubernetes: { selector: ' ', port: 80 }\n",
  'kubernetes.path without a slash':
    'targets:\n  - name: k\n    kubernetes: { selector: app=k, port: 80, path: version }\n',
  'kubernetes.port 70000':
    'targets:\n  - name: k\n    kubernetes: { selector: app=k, port: 70000 }\n',
  'kubernetes.port name in upper case':
    'targets:\n  - name: k\n    kubernetes: { selector: app=k, port: Http }\n',
  'a target without url, kubernetes or name': 'targets:\n  - json: version\n',
  // issue 15
  'an unknown key in a check':
    'targets:\n  - url: https://a.example.com/\n    checks: { config: { json: c, expected: x, expect: y } }\n',
  'a check without expected':
    'targets:\n  - url: https://a.example.com/\n    checks: { config: { json: c } }\n',
  'a check with json and header':
    'targets:\n  - url: https://a.example.com/\n    checks: { config: { json: c, header: X-C, expected: x } }\n',
  'a check with no extraction':
    'targets:\n  - url: https://a.example.com/\n    checks: { config: { expected: x } }\n',
  'a check name with a dot':
    'targets:\n  - url: https://a.example.com/\n    checks: { config.sha: { json: c, expected: x } }\n',
  'a check named build':
    'targets:\n  - url: https://a.example.com/\n    checks: { Build: { json: c, expected: x } }\n',
  'a check name of 41 characters': `targets:\n  - url: https://a.example.com/\n    checks: { ${'c'.repeat(41)}: { json: c, expected: x } }\n`,
  'null in defaults.checks':
    'defaults:\n  checks: { config: null }\ntargets: [https://a.example.com/]\n',
  'a check that is text':
    'targets:\n  - url: https://a.example.com/\n    checks: { config: config.sha }\n',
  'checks as a list': 'targets:\n  - url: https://a.example.com/\n    checks: [config]\n',
  'a blank expected value':
    "targets:\n  - url: https://a.example.com/\n    checks: { config: { json: c, expected: ' ' } }\n",
  'an expected value on two lines':
    'targets:\n  - url: https://a.example.com/\n    checks: { config: { json: c, expected: "a\\nb" } }\n',
  'an expected value of 129 characters': `targets:\n  - url: https://a.example.com/\n    checks: { config: { json: c, expected: ${'v'.repeat(129)} } }\n`
}

describe('good fleets: valid to the schema and to the code', () => {
  test.each(Object.entries(GOOD))('%s', (_, { text, urlOptional }) => {
    expect(schemaErrors(text)).toBe('No errors')
    expect(codeProblems(text, urlOptional)).toEqual([])
  })
})

describe('bad fleets: refused by the schema and by the code', () => {
  test.each(Object.entries(BAD))('%s', (_, text) => {
    expect(schemaAccepts(text)).toBe(false)
    expect(codeProblems(text, false)).not.toEqual([])
    expect(codeProblems(text, true)).not.toEqual([])
  })
})

// ---- properties: each key's value schema against the code's check --------------------------

/** Pieces of text that matter to some key: whitespace of every kind, units, words, separators. */
const PIECES = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u2028',
  '\u0000',
  'a',
  'Z',
  'é',
  '0',
  '1',
  '2',
  '5',
  '9',
  '.',
  '-',
  '_',
  '/',
  '#',
  ':',
  '@',
  '$',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '+',
  ',',
  '=',
  's',
  'ms',
  'm',
  'h',
  'true',
  'FALSE',
  'any',
  'Same-Host',
  'one',
  'ALL',
  'proxy',
  'Pod-IP',
  'http',
  'IMAGE',
  '--',
  'x'.repeat(50),
  '9'.repeat(4),
  'https://'
]
const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map(p => p.join(''))
/** Text: from the pieces, or any (BMP: lengths then agree, the code counts UTF-16 units). */
const anyText = fc.oneof(
  pieces,
  fc.string({ unit: 'binary', maxLength: 20 }).filter(s => !/[\ud800-\udfff]/.test(s))
)
/** A plain scalar YAML reads as a number; the code reads its text. */
const integer = fc.integer({ min: -5, max: 70_000 })

type Pointer = string
const DEFAULTS = (key: string): Pointer => `#/anyOf/0/properties/defaults/properties/${key}`
const TARGET = (key: string): Pointer => `#/definitions/target/anyOf/1/properties/${key}`
const KUBE = (key: string): Pointer => `${TARGET('kubernetes')}/properties/${key}`

/** The validator of one key's value. */
function valueValidator(pointer: Pointer): ValidateFunction {
  const validate = ajv.getSchema(`${SCHEMA_URL}${pointer}`)
  if (!validate) throw new Error(`no schema at ${pointer}`)
  return validate
}

/** The code's verdict on one key's text: its valibot entry. */
function entryAccepts(entry: v.GenericSchema, text: unknown): boolean {
  return v.safeParse(entry, text).success
}

/** Keys whose schema says exactly what the code says, for text and for typed forms. */
const EXACT: [string, Pointer, v.GenericSchema][] = [
  ...['json', 'header', 'samples', 'cache-bust', 'redirects', 'addresses', 'count'].map(
    k =>
      [k, DEFAULTS(k), defaultsObject.entries[k as keyof typeof defaultsObject.entries]] as [
        string,
        Pointer,
        v.GenericSchema
      ]
  ),
  ['name', TARGET('name'), targetObject.entries.name],
  ...['selector', 'port', 'path', 'namespace', 'context', 'via', 'report', 'container'].map(
    k =>
      [k, KUBE(k), kubernetesObject.entries[k as keyof typeof kubernetesObject.entries]] as [
        string,
        Pointer,
        v.GenericSchema
      ]
  )
]

describe('each key: the schema accepts exactly what the code accepts', () => {
  test.each(EXACT.map(([k, p, e]) => [k, p, e] as const))('%s', (_, pointer, entry) => {
    const validate = valueValidator(pointer)
    fc.assert(
      fc.property(anyText, text => {
        expect({ text, schema: validate(text) }).toEqual({
          text,
          schema: entryAccepts(entry, text)
        })
      }),
      { numRuns: 400 }
    )
    fc.assert(
      fc.property(integer, value => {
        // The code sees the plain scalar's text: 3 is "3".
        expect({ value, schema: validate(value) }).toEqual({
          value,
          schema: entryAccepts(entry, String(value))
        })
      })
    )
    // true and false: never accepted where the code refuses them (only cache-bust takes them;
    // `name: true` is text to the code, a mistake to an editor).
    for (const value of [true, false]) {
      if (validate(value))
        expect({ value, code: entryAccepts(entry, String(value)) }).toEqual({ value, code: true })
    }
  })

  test('headers: names and values', () => {
    const validate = valueValidator(DEFAULTS('headers'))
    const entry = defaultsObject.entries.headers
    fc.assert(
      fc.property(anyText, anyText, (name, value) => {
        // valibot's record skips these keys unchecked (the code drops such a header): reported.
        fc.pre(!['__proto__', 'prototype', 'constructor'].includes(name))
        const headers = { [name]: value }
        expect({ headers, schema: validate(headers) }).toEqual({
          headers,
          schema: entryAccepts(entry, headers)
        })
      }),
      { numRuns: 400 }
    )
  })

  test('wholeNumberPattern matches the whole numbers of its range, as checkCount reads them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 70_000 }),
        fc.integer({ min: 0, max: 70_000 }),
        fc.nat(3),
        fc.integer({ min: 0, max: 100_000 }),
        (a, b, zeros, n) => {
          const [min, max] = [Math.max(1, Math.min(a, b)), Math.max(1, a, b)]
          const re = new RegExp(`^(?:${wholeNumberPattern(min, max)})$`, 'u')
          const text = '0'.repeat(zeros) + n
          expect({ min, max, text, match: re.test(text) }).toEqual({
            min,
            max,
            text,
            match: checkCount(text, min, max).ok
          })
        }
      ),
      { numRuns: 2000 }
    )
  })
})

/** Keys the schema checks loosely (placeholders, RE2 syntax, a duration's range): never stricter. */
describe('each loosely checked key: what the code accepts, the schema accepts', () => {
  const fleetWith = (key: string, value: unknown) =>
    stringify({ targets: [{ url: 'https://a.example.com/', [key]: value }] })

  test.each(['expected', 'regex', 'timeout', 'url'])('%s', key => {
    const text = fc.oneof(
      anyText,
      fc.stringMatching(/^[0-9a-f]{7,40}$/),
      fc.stringMatching(/^\d{1,3}(\.\d)?(ms|s|m)?$/),
      fc.webUrl()
    )
    let accepted = 0
    fc.assert(
      fc.property(fc.oneof(text, integer), value => {
        const yaml = fleetWith(key, value)
        if (codeProblems(yaml).length) return
        accepted++
        expect({ yaml, errors: schemaErrors(yaml) }).toEqual({ yaml, errors: 'No errors' })
      }),
      { numRuns: 300 }
    )
    expect(accepted).toBeGreaterThan(10)
  })
})

// ---- property: generated fleets ---------------------------------------------------------------

const caseOf = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map(up => [...word].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''))
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

/** Values of the shared keys, in the forms users write them (typed or text). */
const sharedKeys = fc
  .record(
    {
      expected: opt(
        fc.oneof(fc.stringMatching(/^[0-9a-f]{7,40}$/), fc.integer({ min: 1, max: 1e9 }))
      ),
      extraction: opt(
        fc.oneof(
          fc.constantFrom('git.commit.id', 'builds.0.sha', 'version').map(json => ({ json })),
          fc.constantFrom('X-Build-Sha', 'ETag').map(header => ({ header })),
          fc.constantFrom('build: (\\w+)', '(?i)sha=([0-9a-f]+)').map(regex => ({ regex }))
        )
      ),
      headers: opt(
        fc.dictionary(
          fc.stringMatching(/^X-[A-Za-z0-9]{1,8}$/),
          fc.oneof(fc.stringMatching(/^[a-z0-9 ]{0,10}[a-z0-9]$/), fc.integer({ min: 0, max: 99 })),
          { maxKeys: 3 }
        )
      ),
      timeout: opt(
        fc.oneof(
          fc.integer({ min: 1, max: 600 }),
          fc.integer({ min: 1, max: 599 }).map(n => `${n}s`),
          fc.constantFrom('500ms', '1m30s', '2.5')
        )
      ),
      samples: opt(
        fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }).map(String))
      ),
      'cache-bust': opt(fc.oneof(fc.boolean(), fc.constantFrom('true', 'False', 'TRUE'))),
      redirects: opt(fc.oneof(caseOf('same-host'), caseOf('any')))
    },
    { requiredKeys: [] }
  )
  .map(({ extraction, ...rest }) => {
    const out: Record<string, unknown> = { ...rest, ...extraction }
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
    return out
  })

const fleet = fc
  .record({
    defaults: opt(sharedKeys),
    targets: fc.array(
      fc.tuple(sharedKeys, fc.boolean(), fc.boolean(), opt(fc.integer({ min: 1, max: 50 }))),
      { minLength: 1, maxLength: 5 }
    ),
    bare: fc.boolean()
  })
  .map(({ defaults, targets, bare }) => {
    const entries = targets.map(([keys, named, all, count], i) => ({
      ...(named ? { name: `t-${i}` } : {}),
      url: `https://t${i}.example.com/version`,
      ...keys,
      ...(all ? { addresses: 'all', ...(count ? { count } : {}) } : {})
    }))
    return bare && !defaults ? entries : { ...(defaults ? { defaults } : {}), targets: entries }
  })

describe('generated fleets', () => {
  test('a fleet of known keys with valid values is valid to the schema and to the code', () => {
    fc.assert(
      fc.property(fleet, value => {
        const text = stringify(value)
        expect({ text, problems: codeProblems(text) }).toEqual({ text, problems: [] })
        expect({ text, errors: schemaErrors(text) }).toEqual({ text, errors: 'No errors' })
      }),
      { numRuns: 200 }
    )
  })
})
