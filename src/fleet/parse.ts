// Fleet text (an input or a file) to resolved targets, or every problem found (up to 20). Pure:
// the environment comes in as a map, and the secrets to mask go out in the result.
import { isIP } from 'node:net'
import type { Document, YAMLError } from 'yaml'
import { quote, type ConfigProblem, type Source } from '../common/errors.js'
import type { RegexEngine } from '../common/regex.js'
import { err, ok, type Result } from '../common/result.js'
import { plural } from '../common/plural.js'
import { describeInvalid, MAX_TARGETS } from '../common/values.js'
import { checkCheckValue, mergeChecks, unknownDrop, type Named } from './checks.js'
import { substituteEnv } from './env-vars.js'
import { expandRange, rangeIn, type Range } from './ranges.js'
import type { YamlRead } from './read-yaml.js'
import { explainYamlError } from './yaml-errors.js'
import type { CheckEntry, DefaultsEntry, TargetEntry } from './schema.js'
import type { Check, CheckExpected, CheckExtraction, Extraction, Target } from './target.js'
import { entryUrlParser, redactCredentials, withAuthorization } from './target-url.js'
import type { YamlKit } from './yaml-kit.js'
import { Positions, type At, type Path, type Problem } from './yaml-positions.js'

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
  /**
   * The YAML parser and schema (src/fleet/yaml-kit.ts), needed unless isUrlLines(text): loaded
   * only for YAML fleets, so a URL list starts without compiling yaml and valibot
   */
  yaml?: YamlKit
}

export interface Fleet {
  targets: Target[]
  /** values to mask: header values, ${VAR} values, URL passwords */
  secrets: string[]
}

const MAX_PROBLEMS = 20
/** other places an unset ${VAR} is used, listed in its problem */
const LISTED_PLACES = 3

/** The fleet, or its problems, each naming the source, the key and the line where known. */
export function parseFleet(
  text: string,
  source: Source,
  options: FleetOptions
): Result<Fleet, ConfigProblem[]> {
  return new FleetReader(text, source, options).read()
}

/** A step of reading an entry: its result, or the problems that stop the entry. */
type Step<T> = Result<T, Problem[]>

function fail(message: string, at?: At): { ok: false; error: Problem[] } {
  return err([{ message, at }])
}

/** Where a key of the entry at `path` is (`line` for one URL a line, where keys have no node). */
function keyAt(path: Path, line?: number): (key: string) => At {
  return key => ({ path: [...path, key], line })
}

/** Makes the target for one number of an entry's range (0 when it has none). */
type TargetMaker = (n: number) => Step<Target>

/** An entry's `addresses` and `count`, as its targets carry them (nothing for `addresses: one`). */
type FanOutKeys = { addresses?: 'all'; count?: number }

/** An entry's checks, as its targets carry them (nothing when it has none). */
type EntryChecks = { checks?: readonly Check[] }

class FleetReader {
  /** the YAML parser and schema; undefined for one URL a line */
  private readonly kit?: YamlKit
  /** undefined when the text nests too deeply to parse (or is read as lines) */
  private readonly doc?: Document
  private readonly positions: Positions
  /** a bound the YAML text broke: nesting depth, or what its aliases expand to */
  private readonly limit: YamlRead['limit']
  /** the document as plain values (aliases resolved) */
  private readonly value: unknown
  private readonly problems: ConfigProblem[] = []
  private readonly targets: Target[] = []
  private readonly secrets = new Set<string>()
  /** each target's name, and where the entry that made it is */
  private readonly seen = new Map<string, string>()
  /** how the entries' paths start: ['targets'] in a fleet document, [] in a bare list */
  private prefix: Path = []
  /** the extraction `defaults` sets, compiled once */
  private defaultExtraction?: Extraction
  /** the checks `defaults` sets, compiled once */
  private defaultChecks?: Named<Check>[]
  /** each unset ${VAR} (by its message): its one problem, as first made, and where it is used */
  private readonly unset = new Map<
    string,
    { problem: ConfigProblem; message: string; places: Set<string> }
  >()
  /** the fleet is read as one URL a line, where no name can be written */
  private urlLines = false

  constructor(
    private readonly text: string,
    source: Source,
    private readonly options: FleetOptions
  ) {
    // One URL a line needs no YAML parser: neither yaml nor valibot is loaded for it. (With a
    // comment between lines it is not one YAML scalar either: it is read as lines.)
    if (isUrlLines(text)) {
      this.positions = new Positions(undefined, offset => lineOfOffset(text, offset), source)
      return
    }
    const kit = options.yaml
    if (!kit) throw new Error('parseFleet: YAML fleet text needs options.yaml')
    this.kit = kit
    const read = kit.readYaml(text)
    this.doc = read.doc
    this.positions = new Positions(
      kit.locator(read.doc),
      offset => read.lines.linePos(offset).line,
      source
    )
    this.limit = read.limit
    this.value = read.value
  }

  read(): Result<Fleet, ConfigProblem[]> {
    // Text read as lines has no YAML kit, document or limit (see the constructor).
    const yamlErrors = this.doc?.errors ?? []
    if (yamlErrors.length) this.yamlError(yamlErrors)
    if (this.limit && this.problems.length === 0) {
      this.problem(this.limit.message, { line: this.positions.lineAt(this.limit.offset) })
    }
    if (this.problems.length === 0) {
      if (this.kit) this.readContents()
      else this.readUrlLines()
    }
    if (this.problems.length === 0 && this.targets.length === 0) {
      this.problem(`the fleet is empty; expected at least one target with a url`)
    }
    if (
      this.problems.length === 0 &&
      this.targets.some(t => t.addresses === 'all' || t.kubernetes)
    ) {
      this.checkInstanceNames()
    }
    this.finishUnsetVariables()
    if (this.problems.length) return err(this.problems.slice(0, MAX_PROBLEMS))
    for (const t of this.targets) for (const v of Object.values(t.headers)) this.secrets.add(v)
    return ok({ targets: this.targets, secrets: [...this.secrets].filter(Boolean) })
  }

  /**
   * The first YAML error, in plain words. The ones after it most often follow from it (yaml
   * reads on in a state the mistake left), so they are counted, not each explained.
   */
  private yamlError(errors: readonly YAMLError[]): void {
    const [first, ...rest] = errors
    const line = this.positions.errorLine(first)
    const text = line === undefined ? undefined : this.text.split(/\r?\n/, line)[line - 1]
    const lines = [...new Set(rest.map(e => this.positions.errorLine(e)))].filter(
      (n): n is number => n !== undefined && n !== line
    )
    const after = lines.length
      ? ` (YAML also complains about ${lineList(lines)}, most likely because of this one: fix it first)`
      : ''
    const message = explainYamlError({ code: first.code, message: first.message, line: text })
    this.problem(`${message}${after}`, { line })
  }

  private readContents(): void {
    const doc = this.doc
    const kit = this.kit
    const root = doc?.contents ?? null
    if (!doc || !kit || root === null) return
    const { isMap, isScalar, isSeq, validate, issueProblems, schemas, keys } = kit
    if (isScalar(root) && String(root.value).trim() === '') return
    if (isScalar(root)) return this.readUrlLines()
    if (isSeq(root)) return this.readEntries(this.value as unknown[], undefined)
    if (!isMap(root)) return this.problem('expected a fleet document, a list of targets or URLs')
    const js = this.value
    const parsed = validate(schemas.document, js)
    if (!parsed.ok) return this.report(issueProblems(parsed.error, [], js, keys.document))
    this.prefix = ['targets']
    let defaults: DefaultsEntry | undefined
    if (parsed.value.defaults !== undefined) {
      const d = validate(schemas.defaults, parsed.value.defaults)
      if (!d.ok) {
        const issues = issueProblems(d.error, ['defaults'], parsed.value.defaults, keys.defaults)
        return this.report(issues)
      }
      defaults = d.value
      const extraction = this.extractionOf(defaults, ['defaults'])
      if (!extraction.ok) return this.report(extraction.error)
      this.defaultExtraction = extraction.value
      const checks = this.compileChecks(defaults.checks ?? [], ['defaults'])
      if (!checks.ok) return this.report(checks.error)
      if (checks.value.length) this.defaultChecks = checks.value
    }
    this.readEntries(parsed.value.targets, defaults)
  }

  /** One URL a line: the shortest way to declare a fleet in the `targets` input. */
  private readUrlLines(): void {
    this.urlLines = true
    this.text.split(/\r?\n/).forEach((raw, i) => {
      const url = withoutComment(raw)
      if (url === '') return
      this.addEntry({ url }, undefined, [], i + 1)
    })
  }

  private readEntries(entries: unknown[], defaults: DefaultsEntry | undefined): void {
    // Only a YAML document has entries.
    const { validate, issueProblems, schemas, keys } = this.kit as YamlKit
    entries.forEach((raw, i) => {
      if (this.problems.length >= MAX_PROBLEMS) return
      const value = typeof raw === 'string' ? { url: raw } : raw
      const parsed = validate(schemas.target, value)
      const path = [...this.prefix, i]
      if (!parsed.ok) return this.report(issueProblems(parsed.error, path, value, keys.target))
      this.addEntry(parsed.value, defaults, path)
    })
  }

  /** One entry: a target for each number of its range (one when it has none), each named once. */
  private addEntry(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    path: Path,
    line?: number
  ): void {
    const at = keyAt(path, line)
    if (entry.kubernetes !== undefined) return this.addKubernetes(entry, defaults, path, line)
    const range = this.rangeOf(entry, at)
    if (!range.ok) return this.report(range.error)
    const count = range.value ? range.value.end - range.value.start + 1 : 1
    if (this.targets.length + count > MAX_TARGETS) {
      return this.problem(
        `the fleet has more than ${MAX_TARGETS} targets; expected at most ${MAX_TARGETS}`,
        at(entry.url === undefined ? 'name' : 'url')
      )
    }
    const fan = this.fanOutKeys(entry, defaults, at)
    if (!fan.ok) return this.report(fan.error)
    const checks = this.checksOf(entry, path, line)
    if (!checks.ok) return this.report(checks.error)
    const make =
      entry.url === undefined
        ? ok(this.nameOnly(entry, defaults, range.value, checks.value))
        : this.polled(entry, entry.url, defaults, range.value, path, line, {
            ...fan.value,
            ...checks.value
          })
    if (!make.ok) return this.report(make.error)
    const origin = this.positions.where(line ?? this.positions.lineOf(path))
    for (let n = range.value?.start ?? 0; n <= (range.value?.end ?? 0); n++) {
      const target = make.value(n)
      const added = target.ok
        ? this.addTarget(target.value, origin, entry, range.value, at)
        : target
      if (!added.ok) return this.report(added.error)
    }
  }

  /**
   * The entry's range, undefined for none: the url's, which the name may repeat, or the name's
   * for a target without a url.
   */
  private rangeOf(entry: TargetEntry, at: (key: string) => At): Step<Range | undefined> {
    if (entry.url === undefined && !this.options.urlOptional) {
      return fail('is required; expected an http:// or https:// URL', at('url'))
    }
    if (entry.url === undefined && entry.name === undefined) {
      return fail('is required: a target without a url needs a name', at('name'))
    }
    const urlRange = entry.url === undefined ? ok(undefined) : rangeIn(entry.url, true)
    const nameRange = entry.name === undefined ? ok(undefined) : rangeIn(entry.name, false)
    if (!urlRange.ok || !nameRange.ok) {
      return err([
        ...(urlRange.ok ? [] : [{ message: urlRange.error, at: at('url') }]),
        ...(nameRange.ok ? [] : [{ message: nameRange.error, at: at('name') }])
      ])
    }
    if (entry.url === undefined) return nameRange
    if (nameRange.value && nameRange.value.token !== urlRange.value?.token) {
      return fail(
        `range ${nameRange.value.token} is not in the url; expected the url to carry the same range`,
        at('name')
      )
    }
    return urlRange
  }

  /**
   * `addresses` and `count`, the entry's own over defaults'. A count without `addresses: all`
   * would count nothing; with a reports-file nothing is resolved: both are bad input.
   */
  private fanOutKeys(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    at: (key: string) => At
  ): Step<FanOutKeys> {
    const addresses = entry.addresses ?? defaults?.addresses ?? 'one'
    const count = entry.count ?? defaults?.count
    const where = (key: 'addresses' | 'count'): At =>
      entry[key] !== undefined ? at(key) : { path: ['defaults', key] }
    if (count !== undefined && addresses !== 'all') {
      return fail(
        'count needs addresses: all (it is how many addresses the host name must resolve to); expected addresses: all on this target or in defaults, or no count',
        entry.count === undefined && entry.addresses !== undefined
          ? at('addresses')
          : where('count')
      )
    }
    if (addresses === 'one') return ok({})
    if (this.options.urlOptional) {
      return fail(
        'addresses: all resolves the url to check every address, but with a reports-file targets are compared, not polled; expected addresses: one (or no reports-file)',
        where('addresses')
      )
    }
    return ok({ addresses, ...(count !== undefined ? { count } : {}) })
  }

  /**
   * A `kubernetes` entry: one target the discovery turns into one per pod each round. Whatever
   * cannot work is refused here, before any cluster is asked.
   */
  private addKubernetes(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    path: Path,
    line?: number
  ): void {
    const at = keyAt(path, line)
    const k = entry.kubernetes as NonNullable<TargetEntry['kubernetes']>
    const kat = (key: string): At => ({ path: [...path, 'kubernetes', key], line })
    const report = k.report ?? 'http'
    const via = k.via ?? 'proxy'
    const problems: Problem[] = []
    const problem = (message: string, where: At) => problems.push({ message, at: where })
    if (entry.url !== undefined)
      problem(
        'a target has either a url or a kubernetes mapping; expected one of them',
        at('kubernetes')
      )
    if (this.options.urlOptional)
      problem(
        'kubernetes lists pods to poll, but with a reports-file targets are compared, not polled; expected a name and no kubernetes (or no reports-file)',
        at('kubernetes')
      )
    if (entry.addresses !== undefined)
      problem(
        'addresses resolves a url; a kubernetes target checks every pod of its selector already; expected no addresses (count works with kubernetes)',
        at('addresses')
      )
    if (entry.name === undefined)
      problem(
        'is required: a kubernetes target needs a name (its pods are named <name>/<pod>)',
        at('name')
      )
    if (report === 'image') {
      for (const key of ['json', 'header', 'regex'] as const) {
        if (entry[key] !== undefined)
          problem(
            `${key} reads a build from an answer, but report: image takes the running image digest and asks no pod; expected no ${key} (or report: http)`,
            at(key)
          )
      }
    } else if (k.port === undefined) {
      problem(
        'is required with report: http; expected the container port number or name that serves the build',
        kat('port')
      )
    }
    const headers = this.headersFor(entry, defaults, at('headers'))
    if (!headers.ok) problems.push(...headers.error)
    else if (
      report === 'http' &&
      via === 'proxy' &&
      Object.keys(headers.value).some(h => h.toLowerCase() === 'authorization')
    ) {
      const where =
        entry.headers && Object.keys(entry.headers).some(h => h.toLowerCase() === 'authorization')
          ? at('headers')
          : at('kubernetes')
      problem(
        'has an Authorization header, which cannot go through the API server proxy (the API server takes Authorization as the credentials of the kubeconfig and does not forward it to the pod); expected no Authorization header, or via: pod-ip',
        where
      )
    }
    const own = report === 'http' ? this.extractionOf(entry, path, line) : ok(undefined)
    if (!own.ok) problems.push(...own.error)
    const checks = this.checksOf(entry, path, line)
    if (!checks.ok) problems.push(...checks.error)
    else if (report === 'image' && checks.value.checks) {
      problem(
        `checks are read from a pod's answer, but report: image takes the running image digest and asks no pod; expected no checks (drop those of defaults with <name>: null) or report: http`,
        entry.checks ? at('checks') : at('kubernetes')
      )
    }
    if (problems.length || !headers.ok || !own.ok || !checks.ok) return this.report(problems)
    const count = entry.count ?? defaults?.count
    const redirects = entry.redirects ?? defaults?.redirects
    const target: Target = {
      name: entry.name as string,
      url: '',
      displayUrl: '',
      expected: entry.expected ?? defaults?.expected,
      extraction: own.value ?? this.defaultExtraction ?? { kind: 'auto' },
      headers: headers.value,
      timeoutMs: entry.timeout ?? defaults?.timeout ?? this.options.timeoutMs,
      samples:
        report === 'image' ? 1 : (entry.samples ?? defaults?.samples ?? this.options.samples),
      cacheBust:
        report === 'image'
          ? false
          : (entry['cache-bust'] ?? defaults?.['cache-bust'] ?? this.options.cacheBust),
      ...(redirects ? { redirects } : {}),
      ...(count !== undefined ? { count } : {}),
      ...checks.value,
      kubernetes: {
        selector: k.selector,
        ...(k.port !== undefined ? { port: k.port } : {}),
        path: k.path ?? '/',
        ...(k.namespace !== undefined ? { namespace: k.namespace } : {}),
        ...(k.context !== undefined ? { context: k.context } : {}),
        via,
        report,
        ...(k.container !== undefined ? { container: k.container } : {})
      }
    }
    const origin = this.positions.where(line ?? this.positions.lineOf(path))
    const added = this.addTarget(target, origin, entry, undefined, at)
    if (!added.ok) this.report(added.error)
  }

  /** Targets known by name alone (reports-file mode): compared with the file, never polled. */
  private nameOnly(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    range: Range | undefined,
    checks: EntryChecks
  ): TargetMaker {
    return n =>
      ok({
        name: expandRange(entry.name as string, range, n),
        url: '',
        displayUrl: '',
        expected: entry.expected ?? defaults?.expected,
        extraction: { kind: 'auto' },
        headers: {},
        timeoutMs: this.options.timeoutMs,
        samples: 1,
        cacheBust: false,
        ...checks
      })
  }

  /**
   * Polled targets: the url's ${VAR}s, the headers and the extraction are read once for the
   * entry, then each number of the range makes a url.
   */
  private polled(
    entry: TargetEntry,
    url: string,
    defaults: DefaultsEntry | undefined,
    range: Range | undefined,
    path: Path,
    line: number | undefined,
    fan: FanOutKeys & EntryChecks
  ): Step<TargetMaker> {
    const at = keyAt(path, line)
    const substituted = substituteEnv(url, this.options.env)
    if (!substituted.ok) return this.unsetVariable(substituted.error, at('url'))
    substituted.value.secrets.forEach(s => this.secrets.add(s))
    const parseUrl = entryUrlParser(substituted.value.secrets)
    const headers = this.headersFor(entry, defaults, at('headers'))
    if (!headers.ok) return headers
    const own = this.extractionOf(entry, path, line)
    if (!own.ok) return own
    const extraction = own.value ?? this.defaultExtraction ?? { kind: 'auto' }
    const expected = entry.expected ?? defaults?.expected
    const timeoutMs = entry.timeout ?? defaults?.timeout ?? this.options.timeoutMs
    const samples = entry.samples ?? defaults?.samples ?? this.options.samples
    const cacheBust = entry['cache-bust'] ?? defaults?.['cache-bust'] ?? this.options.cacheBust
    const redirects = entry.redirects ?? defaults?.redirects

    return ok(n => {
      const parsed = parseUrl(expandRange(substituted.value.text, range, n))
      if (!parsed.ok) return fail(`${quote(redactCredentials(url))} ${parsed.error}`, at('url'))
      for (const s of parsed.value.credentials) this.secrets.add(s)
      if (fan.addresses && isIP(new URL(parsed.value.url).hostname.replace(/^\[|\]$/g, ''))) {
        return fail(
          `${quote(redactCredentials(url))} has an IP address as its host: with addresses: all there is nothing to resolve; expected a host name (or addresses: one)`,
          at('url')
        )
      }
      return ok({
        name: entry.name === undefined ? parsed.value.host : expandRange(entry.name, range, n),
        url: parsed.value.url,
        displayUrl: parsed.value.displayUrl,
        expected,
        extraction,
        headers: withAuthorization(headers.value, parsed.value.authorization),
        timeoutMs,
        samples,
        cacheBust,
        ...(redirects ? { redirects } : {}),
        ...fan
      })
    })
  }

  /** Adds a target whose name no earlier target has; `origin` is where its entry is. */
  private addTarget(
    target: Target,
    origin: string,
    entry: TargetEntry,
    range: Range | undefined,
    at: (key: string) => At
  ): Step<void> {
    const first = this.seen.get(target.name)
    if (first !== undefined) {
      return fail(
        `duplicate target name ${quote(target.name)} (first at ${first}); expected unique names${this.duplicateHint(target, entry, range)}`,
        at(entry.name === undefined ? 'url' : 'name')
      )
    }
    this.seen.set(target.name, origin)
    this.targets.push(target)
    return ok(undefined)
  }

  /**
   * What to do about a duplicate name, only where it applies: a range the name does not repeat;
   * `name:` for a list entry that has none (it is named after its host); in the one-URL-a-line
   * form, where no name can be written, the list form. A name written twice needs no advice.
   */
  private duplicateHint(target: Target, entry: TargetEntry, range: Range | undefined): string {
    const earlier = this.targets.find(t => t.name === target.name)
    if (entry.url !== undefined && earlier?.url === target.url) {
      // The url as written: its ${VAR} values are not masked yet.
      return `: ${quote(redactCredentials(entry.url))} is listed twice; expected each url once`
    }
    if (range && !entry.name?.includes(range.token)) {
      // After the host's name, unless that is an address (with a port) that makes a poor name.
      const base = entry.name ?? (/^[a-z][a-z0-9.-]*$/i.test(target.name) ? target.name : 'web')
      const name = `${base}-${range.token}`
      return `: repeat the url's range in the name, e.g. name: ${quote(name)}`
    }
    if (entry.url === undefined || entry.name !== undefined) return ''
    if (this.urlLines) {
      return ': one url a line names each target after its host; to check several urls on one host, list them as entries with a name each (- name: api-1, then url: on the next line)'
    }
    return ': give one of them a name: (a target without one is named after its host)'
  }

  /**
   * `addresses: all` names each instance `<name>@<address>`: another target's name that starts
   * with a group's name and "@" could be one of them, and two entries of one name would reach
   * the outputs.
   */
  private checkInstanceNames(): void {
    const groups = new Set(this.targets.filter(t => t.addresses === 'all').map(t => t.name))
    const pods = new Set(this.targets.filter(t => t.kubernetes).map(t => t.name))
    for (const t of this.targets) {
      for (let at = t.name.indexOf('/'); at > 0; at = t.name.indexOf('/', at + 1)) {
        const group = t.name.slice(0, at)
        if (!pods.has(group)) continue
        this.problem(
          `target name ${quote(t.name)} (at ${this.seen.get(t.name)}) could be the name of a pod of ${quote(group)}, which has kubernetes (its pods are named ${group}/<pod>); expected a name that does not start with ${quote(`${group}/`)}`
        )
        break
      }
      for (let at = t.name.indexOf('@'); at > 0; at = t.name.indexOf('@', at + 1)) {
        const group = t.name.slice(0, at)
        if (!groups.has(group)) continue
        this.problem(
          `target name ${quote(t.name)} (at ${this.seen.get(t.name)}) could be the name of an instance of ${quote(group)}, which has addresses: all (its instances are named ${group}@<address>); expected a name that does not start with ${quote(`${group}@`)}`
        )
        break
      }
      if (this.problems.length >= MAX_PROBLEMS) return
    }
  }

  /** The `headers` input, then defaults, then the target's own; a later name wins. */
  private headersFor(
    entry: TargetEntry,
    defaults: DefaultsEntry | undefined,
    own: At
  ): Step<Record<string, string>> {
    // No prototype: a header named __proto__ is a key like any other.
    const merged: Record<string, string> = Object.create(null) as Record<string, string>
    const set = (name: string, value: string) => {
      for (const existing of Object.keys(merged)) {
        if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing]
      }
      merged[name] = value
    }
    for (const [name, value] of Object.entries(this.options.headers)) set(name, value)
    const fileLayers = [
      { headers: defaults?.headers, at: { path: ['defaults', 'headers'] } as At },
      { headers: entry.headers, at: own }
    ]
    for (const layer of fileLayers) {
      for (const [name, raw] of Object.entries(layer.headers ?? {})) {
        const value = substituteEnv(raw, this.options.env)
        if (!value.ok) {
          const where = { ...layer.at, path: [...(layer.at.path ?? []), name] }
          return this.unsetVariable(value.error, where)
        }
        value.value.secrets.forEach(s => this.secrets.add(s))
        set(name, value.value.text)
      }
    }
    return ok(merged)
  }

  /**
   * The entry's checks: its own (each compiled) over those of defaults, by name. Nothing when
   * the merge leaves none, so that its targets do no work for checks.
   */
  private checksOf(entry: TargetEntry, path: Path, line?: number): Step<EntryChecks> {
    const own = entry.checks ?? []
    if (own.length === 0)
      return ok(this.defaultChecks ? { checks: checksIn(this.defaultChecks) } : {})
    const problems: Problem[] = []
    for (const c of own) {
      const why = c.check === null ? unknownDrop(this.defaultChecks, c.name) : undefined
      if (why) problems.push({ message: why, at: { path: [...path, 'checks', c.name], line } })
    }
    const present = own.flatMap(c => (c.check === null ? [] : [{ name: c.name, check: c.check }]))
    const compiled = this.compileChecks(present, path, line)
    if (!compiled.ok) problems.push(...compiled.error)
    if (problems.length || !compiled.ok) return err(problems)
    const byName = new Map(compiled.value.map(c => [c.name, c.check]))
    const merged = mergeChecks(
      this.defaultChecks,
      own.map(c => ({
        name: c.name,
        check: c.check === null ? null : (byName.get(c.name) as Check)
      }))
    )
    return ok(merged.length ? { checks: checksIn(merged) } : {})
  }

  /** The checks of a `checks` mapping: each extraction compiled, each ${VAR} of `expected` read. */
  private compileChecks(
    entries: readonly Named<CheckEntry>[],
    path: Path,
    line?: number
  ): Step<Named<Check>[]> {
    const problems: Problem[] = []
    const out: Named<Check>[] = []
    for (const { name, check } of entries) {
      const at = (key: string): At => ({ path: [...path, 'checks', name, key], line })
      const extraction = this.extractionOf(check, path, line, ['checks', name])
      const expected = this.checkExpected(check.expected, at('expected'))
      if (!extraction.ok) problems.push(...extraction.error)
      if (!expected.ok) problems.push(...expected.error)
      if (extraction.ok && expected.ok) {
        // The schema lets exactly one of json, header and regex through.
        const read = extraction.value as CheckExtraction
        out.push({ name, check: { name, extraction: read, expected: expected.value } })
      }
    }
    return problems.length ? err(problems) : ok(out)
  }

  /**
   * A check's expected value with its ${VAR}s read, checked again as a whole. Not a secret: it
   * is compared with what servers report openly, and reasons show it.
   */
  private checkExpected(expected: CheckExpected, at: At): Step<CheckExpected> {
    if (expected.kind === 'consensus') return ok(expected)
    const substituted = substituteEnv(expected.value, this.options.env)
    if (!substituted.ok) return this.unsetVariable(substituted.error, at)
    if (substituted.value.text === expected.value) return ok(expected)
    const value = checkCheckValue(substituted.value.text)
    if (value.ok) return ok({ kind: 'value', value: value.value })
    // The variables' text is not quoted: it may be a secret used elsewhere in the fleet.
    const what = value.error.problem ?? 'is empty'
    return fail(
      `${quote(expected.value)} is not valid once its variables are read: the value ${what}; expected ${value.error.expected}`,
      at
    )
  }

  /** The entry's own json, header or regex; undefined for none. */
  private extractionOf(
    e: Pick<TargetEntry, 'json' | 'header' | 'regex'>,
    path: Path,
    line?: number,
    /** where in the entry the keys are: a check's under ['checks', name] */
    within: Path = []
  ): Step<Extraction | undefined> {
    if (e.json) return ok({ kind: 'json', path: e.json })
    if (e.header) return ok({ kind: 'header', name: e.header })
    if (e.regex === undefined) return ok(undefined)
    // settings.ts loads the engine for any text that may hold a regex key (needsRegexEngine).
    if (!this.options.regex) throw new Error('parseFleet: a regex key needs options.regex')
    const r = this.options.regex(e.regex)
    if (r.ok) return ok({ kind: 'regex', pattern: r.value })
    return fail(describeInvalid(e.regex, r.error), { path: [...path, ...within, 'regex'], line })
  }

  /**
   * An unset ${VAR}: one problem for the variable, however many places use it (defaults'
   * headers are read for every entry). The entry stops, with nothing more to report.
   */
  private unsetVariable(message: string, at: At): { ok: false; error: Problem[] } {
    const place = this.positions.place(at)
    const seen = this.unset.get(message)
    if (seen) seen.places.add(place)
    else {
      this.problem(message, at)
      const problem = this.problems[this.problems.length - 1]
      this.unset.set(message, { problem, message: problem.message, places: new Set([place]) })
    }
    return err([])
  }

  /** Each unset ${VAR}'s one problem names the other places that use it. */
  private finishUnsetVariables(): void {
    for (const { problem, message, places } of this.unset.values()) {
      const others = [...places].slice(1)
      if (others.length === 0) continue
      const listed = others.slice(0, LISTED_PLACES).join(', ')
      const more =
        others.length > LISTED_PLACES ? `, and ${others.length - LISTED_PLACES} more` : ''
      problem.message = `${message}; it is used at ${plural(others.length, 'more place')} too: ${listed}${more}`
    }
  }

  private report(problems: Problem[]): void {
    for (const p of problems) this.problem(p.message, p.at)
  }

  private problem(message: string, at?: At): void {
    this.problems.push(this.positions.problem(message, at))
  }
}

/** "line 5", "lines 5 and 7", "lines 5, 7, 8, 9, 12 and 3 more" */
function lineList(lines: readonly number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`
  const shown = lines.slice(0, 5)
  const last = lines.length > 5 ? `${lines.length - 5} more` : String(shown.pop())
  return `lines ${shown.join(', ')} and ${last}`
}

/** A line without its `# comment` (a `#` after a space or at the start), trimmed. */
function withoutComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, '').trim()
}

/** The line (from 1) of an offset into text read as lines. */
function lineOfOffset(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** One URL a line (comments allowed): read as lines, without a YAML parser. */
export function isUrlLines(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map(withoutComment)
    .filter(l => l !== '')
  return lines.length > 0 && lines.every(l => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(l))
}

/** The checks a target carries, frozen: every target of an entry (and its instances) shares them. */
function checksIn(named: readonly Named<Check>[]): readonly Check[] {
  return Object.freeze(named.map(n => Object.freeze(n.check)))
}
