// Fleet text (an input or a file) to resolved targets. Pure: the environment comes in as a map,
// and the secrets to mask go out in the result.
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml'
import { ConfigError, quote, type ConfigProblem, type Source } from '../common/errors.js'
import { didYouMean } from '../common/did-you-mean.js'
import { secretForms } from '../common/secrets.js'
import { MAX_TARGETS } from '../common/values.js'
import type { RegexEngine } from '../common/regex.js'
import { redactor } from '../common/redaction.js'
import { substituteEnv } from './env-vars.js'
import { expandRange, findRanges, malformedRange, type Range } from './ranges.js'
import { readYaml, type YamlRead } from './read-yaml.js'
import {
  DEFAULTS_KEYS,
  DOCUMENT_KEYS,
  TARGET_KEYS,
  defaultsSchema,
  documentSchema,
  targetSchema,
  validate,
  type DefaultsEntry,
  type SchemaIssue,
  type TargetEntry
} from './schema.js'
import type { Extraction, Target } from './target.js'

export interface FleetOptions {
  /** the `timeout` input: targets without their own timeout use it */
  timeoutMs: number
  /** the `headers` input: every target sends them; fleet headers of the same name win */
  headers: Record<string, string>
  /** the `samples` and `cache-bust` inputs, likewise */
  samples: number
  cacheBust: boolean
  /** with a reports-file targets are not polled, so they need a name and no url */
  urlOptional?: boolean
  env: Record<string, string | undefined>
  /**
   * Compiles `regex` keys: loadRegexEngine(), needed when needsRegexEngine(text) (re2js is
   * loaded only for fleets that use it, so parsing itself stays synchronous)
   */
  regex?: RegexEngine
}

export interface Fleet {
  targets: Target[]
  /** values to mask: header values, ${VAR} values, URL passwords */
  secrets: string[]
}

type Path = (string | number)[]

const MAX_PROBLEMS = 20

export function parseFleet(text: string, source: Source, options: FleetOptions): Fleet {
  return new FleetReader(text, source, options).read()
}

class FleetReader {
  private readonly lines: LineCounter
  /** undefined when the text nests too deeply to parse */
  private readonly doc?: Document
  /** a bound the YAML text broke: nesting depth, or what its aliases expand to */
  private readonly limit: YamlRead['limit']
  /** the document as plain values (aliases resolved) */
  private readonly value: unknown
  private readonly problems: ConfigProblem[] = []
  private readonly targets: Target[] = []
  private readonly secrets = new Set<string>()
  private readonly seen = new Map<string, string>()
  /** how the entries' paths start: ['targets'] in a fleet document, [] in a bare list */
  private prefix: Path = []
  /** the extraction `defaults` sets, compiled once */
  private defaultExtraction?: Extraction

  constructor(
    private readonly text: string,
    private readonly source: Source,
    private readonly options: FleetOptions
  ) {
    const read = readYaml(text)
    this.doc = read.doc
    this.lines = read.lines
    this.limit = read.limit
    this.value = read.value
  }

  read(): Fleet {
    // One URL a line with a comment between lines is not one YAML scalar: read it as lines.
    const urlLines = isUrlLines(this.text)
    const yamlErrors = urlLines ? [] : (this.doc?.errors ?? [])
    for (const e of yamlErrors.slice(0, MAX_PROBLEMS)) {
      // prettyErrors is off, so linePos is not filled in: find the line from the offset.
      const line = e.linePos?.[0].line ?? (e.pos ? this.lines.linePos(e.pos[0]).line : undefined)
      this.problems.push({
        message: `${this.where(line)}: YAML syntax error: ${e.message.split(/\n| at line /)[0]}`,
        file: this.source.file,
        line
      })
    }
    if (!urlLines && this.limit && this.problems.length === 0) {
      const line = this.lines.linePos(this.limit.offset).line
      const message = `${this.where(line)}: ${this.limit.message}`
      this.problems.push({ message, file: this.source.file, line })
    }
    if (this.problems.length === 0) {
      if (urlLines) this.readUrlLines()
      else this.readContents()
    }
    if (this.problems.length === 0 && this.targets.length === 0) {
      this.problem(`the fleet is empty; expected at least one target with a url`)
    }
    if (this.problems.length) throw new ConfigError(this.problems.slice(0, MAX_PROBLEMS))
    for (const t of this.targets) for (const v of Object.values(t.headers)) this.secrets.add(v)
    return { targets: this.targets, secrets: [...this.secrets].filter(Boolean) }
  }

  private readContents(): void {
    const doc = this.doc
    const root = doc?.contents ?? null
    if (!doc || root === null || (isScalar(root) && String(root.value).trim() === '')) return
    if (isScalar(root)) return this.readUrlLines()
    if (isSeq(root)) return this.readEntries(this.value as unknown[], undefined)
    if (!isMap(root)) return this.problem('expected a fleet document, a list of targets or URLs')
    const js = this.value
    const parsed = validate(documentSchema, js)
    if (!parsed.ok) return this.report(parsed.issues, [], js, DOCUMENT_KEYS)
    this.prefix = ['targets']
    let defaults: DefaultsEntry | undefined
    if (parsed.value.defaults !== undefined) {
      const d = validate(defaultsSchema, parsed.value.defaults)
      if (!d.ok) return this.report(d.issues, ['defaults'], parsed.value.defaults, DEFAULTS_KEYS)
      defaults = d.value
      const extraction = this.extractionOf(defaults, ['defaults'])
      if (extraction === null) return
      this.defaultExtraction = extraction
    }
    this.readEntries(parsed.value.targets, defaults)
  }

  /** One URL a line: the shortest way to declare a fleet in the `targets` input. */
  private readUrlLines(): void {
    this.text.split(/\r?\n/).forEach((raw, i) => {
      const url = withoutComment(raw)
      if (url === '') return
      this.addEntry({ url }, undefined, [], i + 1)
    })
  }

  private readEntries(entries: unknown[], defaults: DefaultsEntry | undefined): void {
    entries.forEach((raw, i) => {
      if (this.problems.length >= MAX_PROBLEMS) return
      const value = typeof raw === 'string' ? { url: raw } : raw
      const parsed = validate(targetSchema, value)
      const path = [...this.prefix, i]
      if (!parsed.ok) return this.report(parsed.issues, path, value, TARGET_KEYS)
      this.addEntry(parsed.value, defaults, path)
    })
  }

  private addEntry(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    path: Path,
    line?: number
  ): void {
    const at = (key: string) => ({ path: [...path, key], line })
    const rangeOf = (key: 'url' | 'name', template: string): Range | undefined | null => {
      const bad = malformedRange(template, key === 'url')
      if (bad) {
        this.problem(
          `malformed range ${quote(bad)}; expected [start:end] with whole numbers, such as [1:8] or [01:16]` +
            (key === 'url' ? ' (write a literal bracket in a url as %5B or %5D)' : ''),
          at(key)
        )
        return null
      }
      const ranges = findRanges(template)
      if (typeof ranges === 'string') {
        this.problem(ranges, at(key))
        return null
      }
      if (ranges.length > 1) {
        this.problem(
          `has ${ranges.length} different ranges; expected at most one range per target`,
          at(key)
        )
        return null
      }
      return ranges[0]
    }

    if (entry.url === undefined) {
      if (!this.options.urlOptional) {
        return this.problem('is required; expected an http:// or https:// URL', at('url'))
      }
      if (entry.name === undefined) {
        return this.problem('is required: a target without a url needs a name', at('name'))
      }
    }
    const urlRange = entry.url === undefined ? undefined : rangeOf('url', entry.url)
    const nameRange = entry.name === undefined ? undefined : rangeOf('name', entry.name)
    if (urlRange === null || nameRange === null) return
    if (entry.url === undefined) return this.addNamesOnly(entry, defaults, nameRange, path, line)
    if (nameRange && nameRange.token !== urlRange?.token) {
      return this.problem(
        `range ${nameRange.token} is not in the url; expected the url to carry the same range`,
        at('name')
      )
    }
    const count = urlRange ? urlRange.end - urlRange.start + 1 : 1
    if (this.targets.length + count > MAX_TARGETS) {
      return this.problem(
        `the fleet has more than ${MAX_TARGETS} targets; expected at most ${MAX_TARGETS}`,
        at('url')
      )
    }

    const url = substituteEnv(entry.url, this.options.env)
    if ('missing' in url) {
      return this.problem(`environment variable ${url.missing} is not set or is empty`, at('url'))
    }
    url.secrets.forEach(s => this.secrets.add(s))
    const hideUrlSecrets = redactor(secretForms(url.secrets))
    const headers = this.headersFor(entry, defaults, at)
    if (!headers) return
    const own = this.extractionOf(entry, path, line)
    if (own === null) return
    const extraction = own ?? this.defaultExtraction ?? { kind: 'auto' }
    const expected = entry.expected ?? defaults?.expected
    const timeoutMs = entry.timeout ?? defaults?.timeout ?? this.options.timeoutMs
    const samples = entry.samples ?? defaults?.samples ?? this.options.samples
    const cacheBust = entry['cache-bust'] ?? defaults?.['cache-bust'] ?? this.options.cacheBust
    const redirects = entry.redirects ?? defaults?.redirects
    const origin = this.where(line ?? this.lineOf(path))

    for (let n = urlRange?.start ?? 0; n <= (urlRange?.end ?? 0); n++) {
      const parsed = parseHttpUrl(expandRange(url.text, urlRange, n))
      if (typeof parsed === 'string') {
        return this.problem(`${quote(redactCredentials(entry.url))} ${parsed}`, at('url'))
      }
      const targetHeaders = { ...headers }
      if (parsed.authorization && !hasHeader(targetHeaders, 'authorization')) {
        targetHeaders.Authorization = parsed.authorization
      }
      // A token may be the user name alone (https://TOKEN@host/): both parts are secrets.
      for (const s of parsed.credentials) this.secrets.add(s)
      // A ${VAR} in the path would otherwise reach reports, which the runner does not mask.
      const displayUrl = hideUrlSecrets(parsed.displayUrl)
      // A host from ${VAR} must not become a name: names reach reports, which are not masked.
      const name =
        entry.name === undefined
          ? hideUrlSecrets(parsed.host)
          : expandRange(entry.name, urlRange, n)
      const first = this.seen.get(name)
      if (first !== undefined) {
        return this.problem(
          `duplicate target name ${quote(name)} (first at ${first}); expected unique names: ` +
            (urlRange
              ? `repeat the url's range in the name, e.g. name: ${quote(`web-${urlRange.token}`)}`
              : 'add name:'),
          at(entry.name === undefined ? 'url' : 'name')
        )
      }
      this.seen.set(name, origin)
      this.targets.push({
        name,
        url: parsed.url,
        displayUrl,
        expected,
        extraction,
        headers: targetHeaders,
        timeoutMs,
        samples,
        cacheBust,
        ...(redirects ? { redirects } : {})
      })
    }
  }

  /** Targets known by name alone (reports-file mode): compared with the file, never polled. */
  private addNamesOnly(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    range: Range | undefined,
    path: Path,
    line?: number
  ): void {
    const origin = this.where(line ?? this.lineOf(path))
    for (let n = range?.start ?? 0; n <= (range?.end ?? 0); n++) {
      const name = expandRange(entry.name as string, range, n)
      if (this.seen.has(name) || this.targets.length >= MAX_TARGETS) {
        return this.problem(
          this.seen.has(name)
            ? `duplicate target name ${quote(name)} (first at ${this.seen.get(name)}); expected unique names`
            : `the fleet has more than ${MAX_TARGETS} targets; expected at most ${MAX_TARGETS}`,
          { path: [...path, 'name'], line }
        )
      }
      this.seen.set(name, origin)
      this.targets.push({
        name,
        url: '',
        displayUrl: '',
        expected: entry.expected ?? defaults?.expected,
        extraction: { kind: 'auto' },
        headers: {},
        timeoutMs: this.options.timeoutMs,
        samples: 1,
        cacheBust: false
      })
    }
  }

  /** The `headers` input, then defaults, then the target's own; a later name wins. */
  private headersFor(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    at: (key: string) => { path: Path; line?: number }
  ): Record<string, string> | undefined {
    const merged: Record<string, string> = {}
    const set = (name: string, value: string) => {
      for (const existing of Object.keys(merged)) {
        if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing]
      }
      merged[name] = value
    }
    for (const [name, value] of Object.entries(this.options.headers)) set(name, value)
    const fileLayers = [
      { headers: defaults?.headers, at: { path: ['defaults', 'headers'] as Path } },
      { headers: entry.headers, at: at('headers') }
    ]
    for (const layer of fileLayers) {
      for (const [name, raw] of Object.entries(layer.headers ?? {})) {
        const value = substituteEnv(raw, this.options.env)
        if ('missing' in value) {
          this.problem(`environment variable ${value.missing} is not set or is empty`, {
            ...layer.at,
            path: [...layer.at.path, name]
          })
          return undefined
        }
        value.secrets.forEach(s => this.secrets.add(s))
        set(name, value.text)
      }
    }
    return merged
  }

  /** The entry's own json, header or regex; undefined for none, null when a regex is refused. */
  private extractionOf(
    e: TargetEntry | DefaultsEntry,
    path: Path,
    line?: number
  ): Extraction | undefined | null {
    if (e.json) return { kind: 'json', path: e.json }
    if (e.header) return { kind: 'header', name: e.header }
    if (e.regex === undefined) return undefined
    // settings.ts loads the engine for any text that may hold a regex key (needsRegexEngine).
    if (!this.options.regex) throw new Error('parseFleet: a regex key needs options.regex')
    const r = this.options.regex(e.regex)
    if ('value' in r) return { kind: 'regex', pattern: r.value }
    const problem = r.problem ?? 'is not valid'
    this.problem(`${quote(e.regex)} ${problem}; expected ${r.expected}`, {
      path: [...path, 'regex'],
      line
    })
    return null
  }

  private report(issues: SchemaIssue[], path: Path, value: unknown, knownKeys: string[]): void {
    for (const issue of issues) {
      const at = [...path, ...issue.path]
      if (issue.unknownKey) {
        const key = String(issue.path[issue.path.length - 1])
        const guess = didYouMean(key, knownKeys)
        this.problem(
          `unknown key ${quote(key)}` +
            (guess
              ? `; did you mean ${quote(guess)}?`
              : `; expected one of ${knownKeys.join(', ')}`),
          { path: at, keyLine: true }
        )
      } else if (issue.path.length > 0 && valueAt(value, issue.path) === undefined) {
        this.problem(issue.message.startsWith('is required') ? issue.message : 'is required', {
          path: at
        })
      } else {
        this.problem(issue.message, { path: at })
      }
    }
  }

  private problem(message: string, at?: { path: Path; line?: number; keyLine?: boolean }): void {
    const line = at?.line ?? (at ? this.lineOf(at.path, at.keyLine) : undefined)
    const key = at?.path.length ? `${displayPath(at.path)}: ` : ''
    this.problems.push({
      message: `${this.where(line)}: ${key}${message}`,
      file: this.source.file,
      line
    })
  }

  private where(line: number | undefined): string {
    return line === undefined ? this.source.label : `${this.source.label}, line ${line}`
  }

  /** The line of the deepest node the path reaches (of the key itself for unknown keys). */
  private lineOf(path: Path, keyLine = false): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc?.getIn(path.slice(0, n), true) as
        { range?: [number, number] } | undefined
      const keyNode = keyLine && n === path.length - 1 ? findKey(node, path[n]) : undefined
      // For a key, skip its value (it may start on a later line) and use the key node.
      const range = keyNode?.range ?? (keyLine && n >= path.length - 1 ? undefined : node?.range)
      if (range) return this.lines.linePos(range[0]).line
    }
    return undefined
  }
}

/** A line without its `# comment` (a `#` after a space or at the start), trimmed. */
function withoutComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, '').trim()
}

/** Text that is only URLs, one a line, blank lines and comments allowed. */
function isUrlLines(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map(withoutComment)
    .filter(l => l !== '')
  return lines.length > 0 && lines.every(l => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(l))
}

function findKey(node: unknown, key: string | number): { range?: [number, number] } | undefined {
  if (!isMap(node)) return undefined
  const pair = node.items.find(p => isScalar(p.key) && String(p.key.value) === String(key))
  return pair?.key as { range?: [number, number] } | undefined
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value
  for (const k of path)
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined
  return v
}

/** targets[2].headers.X-Api-Key (a bare list's items are targets too) */
function displayPath(path: Path): string {
  const rooted = typeof path[0] === 'number' ? ['targets', ...path] : path
  return rooted.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some(k => k.toLowerCase() === name)
}

interface HttpUrl {
  url: string
  displayUrl: string
  host: string
  authorization?: string
  /** the user name, the password and user:password, decoded, when the URL has them */
  credentials: string[]
}

/** A target URL, or what is wrong with it. Credentials move to an Authorization header. */
function parseHttpUrl(text: string): HttpUrl | string {
  let u: URL
  try {
    u = new URL(text)
  } catch {
    return 'is not a URL; expected an http:// or https:// URL'
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return `is not http(s); expected an http:// or https:// URL`
  }
  let authorization: string | undefined
  const credentials: string[] = []
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username)
    const password = decodeURIComponent(u.password)
    const pair = `${user}:${password}`
    authorization = `Basic ${Buffer.from(pair).toString('base64')}`
    credentials.push(...[user, password, pair].filter(s => s !== '' && s !== ':'))
    u.username = ''
    u.password = ''
  }
  return {
    url: u.href,
    displayUrl: `${u.origin}${u.pathname}`,
    host: u.host,
    authorization,
    credentials
  }
}

/**
 * A url as the user wrote it, minus any user:password@ part, for messages. The credentials end
 * at the last @ before the path (a password may hold an @).
 */
export function redactCredentials(text: string): string {
  return text.replace(/\/\/[^/?#\s]*@/, '//***@')
}
