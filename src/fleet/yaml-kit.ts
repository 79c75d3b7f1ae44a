// What reading a YAML fleet takes beyond one URL a line: the yaml parser, the valibot schema and
// where the document puts each key. A chunk of its own (settings.ts imports it only for fleet
// text that is not one URL a line), so a plain URL list starts without compiling either library.
import { isMap, isScalar, isSeq, type Document } from 'yaml'
import { readYaml } from './read-yaml.js'
import {
  DEFAULTS_KEYS,
  DOCUMENT_KEYS,
  TARGET_KEYS,
  defaultsSchema,
  documentSchema,
  issueProblems,
  targetSchema,
  validate
} from './schema.js'
import type { Path } from './yaml-positions.js'

/** The offset where the deepest node `path` reaches starts (its key's, for unknown keys). */
function locator(doc: Document | undefined) {
  return (path: Path, keyLine: boolean): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc?.getIn(path.slice(0, n), true) as { range?: [number, number] } | undefined
      const keyNode = keyLine && n === path.length - 1 ? findKey(node, path[n]) : undefined
      // For a key, skip its value (it may start on a later line) and use the key node.
      const range = keyNode?.range ?? (keyLine && n >= path.length - 1 ? undefined : node?.range)
      if (range) return range[0]
    }
    return undefined
  }
}

function findKey(node: unknown, key: string | number): { range?: [number, number] } | undefined {
  if (!isMap(node)) return undefined
  const pair = node.items.find(p => isScalar(p.key) && String(p.key.value) === String(key))
  return pair?.key as { range?: [number, number] } | undefined
}

export const yamlKit = {
  readYaml,
  locator,
  isMap,
  isScalar,
  isSeq,
  validate,
  issueProblems,
  schemas: { document: documentSchema, defaults: defaultsSchema, target: targetSchema },
  keys: { document: DOCUMENT_KEYS, defaults: DEFAULTS_KEYS, target: TARGET_KEYS }
}

export type YamlKit = typeof yamlKit
