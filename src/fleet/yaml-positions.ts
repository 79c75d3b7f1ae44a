// Where a problem is in the fleet text: the line of a key path in the YAML document, and how a
// message names the place ("targets-file `fleet.yml`, line 7: targets[2].url: ..."). Pure.
import type { YAMLError } from 'yaml'
import type { ConfigProblem, Source } from '../common/errors.js'

/** Keys and list indexes from the document's root. */
export type Path = (string | number)[]

/** What a problem is about: a key path (its line looked up), a known line, or both. */
export interface At {
  path?: Path
  line?: number
  /** the line of the key itself rather than its value (for unknown keys) */
  keyLine?: boolean
}

/** A problem and what it is about, before Positions names the place. */
export interface Problem {
  message: string
  at?: At
}

/** The offset where the node a path reaches starts; none for text read as lines. */
export type Locate = (path: Path, keyLine: boolean) => number | undefined

export class Positions {
  constructor(
    /** where the YAML document puts a path (yaml-kit.ts); undefined for text read as lines */
    private readonly locate: Locate | undefined,
    /** the line (from 1) of an offset into the text */
    private readonly lineOfOffset: (offset: number) => number,
    private readonly source: Source
  ) {}

  /** "<source>, line N: <path>: <message>", and the file and line for an annotation. */
  problem(message: string, at?: At): ConfigProblem {
    const line = at?.line ?? (at?.path ? this.lineOf(at.path, at.keyLine) : undefined)
    const key = at?.path?.length ? `${displayPath(at.path)}: ` : ''
    return { message: `${this.where(line)}: ${key}${message}`, file: this.source.file, line }
  }

  /** "line 4 (targets[1].url)": a place named briefly, for a list of places in one message. */
  place(at: At): string {
    const line = at.line ?? (at.path ? this.lineOf(at.path, at.keyLine) : undefined)
    const key = at.path?.length ? displayPath(at.path) : ''
    if (line === undefined) return key || this.source.label
    return key ? `line ${line} (${key})` : `line ${line}`
  }

  /** The source, and the line when known: for messages and for "first at" of a duplicate. */
  where(line: number | undefined): string {
    return line === undefined ? this.source.label : `${this.source.label}, line ${line}`
  }

  /** The line of an offset into the text. */
  lineAt(offset: number): number {
    return this.lineOfOffset(offset)
  }

  /** The line of a YAML error. prettyErrors is off, so linePos is not filled in: use the offset. */
  errorLine(e: YAMLError): number | undefined {
    return e.linePos?.[0].line ?? (e.pos ? this.lineAt(e.pos[0]) : undefined)
  }

  /** The line of the deepest node the path reaches (of the key itself for unknown keys). */
  lineOf(path: Path, keyLine = false): number | undefined {
    const offset = this.locate?.(path, keyLine)
    return offset === undefined ? undefined : this.lineAt(offset)
  }
}

/** targets[2].headers.X-Api-Key (a bare list's items are targets too) */
export function displayPath(path: Path): string {
  const rooted = typeof path[0] === 'number' ? ['targets', ...path] : path
  return rooted.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}
