// YAML text to a document, within bounds. yaml's composer recurses once per nesting level, so a
// deeply nested document would overflow the stack: depth is checked while the parser reads, and
// parsing stops at the first level too many. Aliases (*name) are counted as the nodes they stand
// for before anything walks the expanded tree, so a "billion laughs" document is refused without
// being expanded. Pure.
import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  type CST,
  type Document
} from 'yaml'

/** Nesting levels (mappings and lists) a fleet document may have; a fleet needs about 5. */
export const MAX_YAML_DEPTH = 64

/**
 * Nodes that aliases may add once expanded: 10,000 targets each reusing a few headers come to
 * about 200,000. yaml's own maxAliasCount (100 by default) counts alias uses times the nesting of
 * aliases, not the size they expand to: it refuses 150 ordinary `headers: *auth` and lets a wide
 * anchor reused many times through. This counts the nodes.
 */
export const MAX_ALIAS_NODES = 1_000_000

export interface YamlRead {
  /** undefined when parsing stopped at the depth limit */
  doc?: Document.Parsed
  lines: LineCounter
  /** a bound the text broke: what, and where (an offset into the text) */
  limit?: { message: string; offset: number }
  /** the document as plain values, when it has no errors and breaks no bound */
  value?: unknown
}

export function readYaml(text: string): YamlRead {
  const lines = new LineCounter()
  const parser = new Parser(lines.addNewLine)
  const tokens: CST.Token[] = []
  // Parser.parse(text), one lexeme at a time, watching the parser's stack of open collections.
  lines.addNewLine(0)
  for (const lexeme of new Lexer().lex(text)) {
    tokens.push(...parser.next(lexeme))
    if (parser.stack.length > MAX_YAML_DEPTH && depthOf(parser.stack) > MAX_YAML_DEPTH) {
      const message = `nested too deeply; expected at most ${MAX_YAML_DEPTH} levels of mappings and lists`
      return { lines, limit: { message, offset: parser.offset } }
    }
  }
  tokens.push(...parser.end())

  // As yaml's parseDocument does: the first document, and an error for any other.
  const composer = new Composer({ schema: 'failsafe', lineCounter: lines, prettyErrors: false })
  let doc: Document.Parsed | undefined
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) {
      doc = next
      continue
    }
    const message = 'Source contains multiple documents; please use YAML.parseAllDocuments()'
    doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', message))
    break
  }
  if (!doc || doc.errors.length) return { doc, lines }
  return { doc, lines, ...toValue(doc) }
}

/** Open mappings and lists on the parser's stack (it also holds the document and a scalar). */
function depthOf(stack: readonly { type: string }[]): number {
  return stack.filter(t => /^(block-map|block-seq|flow-collection)$/.test(t.type)).length
}

/**
 * The document as plain values (mappings as objects, lists as arrays, every scalar as text), and
 * a bound it breaks. Walks in document order, resolving each alias as yaml does (to the last
 * anchor of its name before it) and adding up what aliases expand to. An alias's value is its
 * anchor's, shared, not copied. (yaml's own toJS looks each alias up by scanning every anchor and
 * alias before it: 10,000 targets with `headers: *auth` took 13 s.) Depth is already bounded, so
 * recursion is safe.
 */
function toValue(doc: Document.Parsed): { value?: unknown; limit?: YamlRead['limit'] } {
  const anchors = new Map<string, unknown>()
  /** an anchored node's value and size; absent while the node is still being walked */
  const done = new Map<unknown, { value: unknown; size: number }>()
  let added = 0
  let limit: YamlRead['limit']
  const count = (n: number) => n.toLocaleString('en-US')

  /** [the node's value, the nodes it stands for] */
  const walk = (node: unknown): [unknown, number] => {
    if (limit || node === null || node === undefined) return [null, 0]
    if (isAlias(node)) {
      const at = node.range?.[0] ?? 0
      const anchored = anchors.get(node.source)
      const found = anchored === undefined ? undefined : done.get(anchored)
      if (found) added += found.size
      if (anchored === undefined) {
        limit = {
          message: `alias *${node.source} has no anchor &${node.source} before it; expected the anchor to come first`,
          offset: at
        }
      } else if (!found) {
        limit = {
          message: `alias *${node.source} is inside its own anchor, so it expands to too much (it never ends); expected an alias after its anchor's end`,
          offset: at
        }
      } else if (added > MAX_ALIAS_NODES) {
        limit = {
          message: `the document expands to too much: its aliases (*name) stand for more than ${count(MAX_ALIAS_NODES)} nodes; expected at most ${count(MAX_ALIAS_NODES)}`,
          offset: at
        }
      }
      return found && !limit ? [found.value, found.size] : [null, 0]
    }
    const anchor = (node as { anchor?: string }).anchor
    if (anchor) anchors.set(anchor, node)
    let value: unknown
    let size = 1
    if (isMap(node)) {
      const object: Record<string, unknown> = {}
      for (const pair of node.items) {
        const [key, keySize] = walk(pair.key)
        const [item, itemSize] = walk(pair.value)
        size += keySize + itemSize
        // As yaml's toJS: a key that is not text becomes text; __proto__ is an ordinary key.
        const name = key === null ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key)
        Object.defineProperty(object, name, {
          value: item,
          writable: true,
          enumerable: true,
          configurable: true
        })
      }
      value = object
    } else if (isSeq(node)) {
      value = node.items.map(item => {
        const [v, itemSize] = walk(item)
        size += itemSize
        return v
      })
    } else {
      value = isScalar(node) ? node.value : null
    }
    if (anchor) done.set(node, { value, size })
    return [value, size]
  }
  const [value] = walk(doc.contents)
  return limit ? { limit } : { value }
}
