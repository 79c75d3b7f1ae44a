// Builds collected by an earlier step (SSH, Ansible…), compared instead of polled:
// {"name": "build", …} or [{"name": …, "build": …, "checks": {"config": …}}]. Pure.
import { quote, type ConfigProblem } from '../common/errors.js'
import { deeperThan, JsonNumber, lineAt, numberText, parseExactJson } from '../common/exact-json.js'
import { err, ok, type Result } from '../common/result.js'

export interface ReportEntry {
  name: string
  /** null when the file says null */
  build: string | null
  /** the list form's `checks`: each check's value by name (null when the file says null) */
  checks?: ReadonlyMap<string, string | null>
}

const SHAPE = 'expected {"name": "build", …} or [{"name": …, "build": …}]'

/** Nesting levels the file may have (it needs 2); numbers are read by a reviver, which recurses. */
export const MAX_REPORTS_DEPTH = 64

/** The file's entries, or every problem found in it (up to 20). */
export function parseReports(text: string, file: string): Result<ReportEntry[], ConfigProblem[]> {
  const where = `reports-file ${quote(file)}`
  const deep = deeperThan(text, MAX_REPORTS_DEPTH)
  if (deep !== undefined) {
    const message = `${where}, line ${lineAt(text, deep)}: nested too deeply; expected at most ${MAX_REPORTS_DEPTH} levels of arrays and objects (the file needs 2: ${SHAPE.replace(/^expected /, '')})`
    return err([{ message }])
  }
  let data: unknown
  try {
    // Numbers keep their digits: a build 12345678901234567890 is not 12345678901234567000.
    data = parseExactJson(text)
  } catch (e) {
    return err([{ message: `${where}: not valid JSON (${(e as Error).message}); ${SHAPE}` }])
  }
  const entries: ReportEntry[] = []
  const problems: string[] = []
  const isMapping = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber)
  /** A check's value as text (null when the file says null); undefined when it is neither. */
  const valueText = (value: unknown, what: string, at: string): string | null | undefined => {
    if (value instanceof JsonNumber || typeof value === 'number') {
      const digits = numberText(value)
      if (digits !== undefined) return digits
      problems.push(
        `${where}: ${at}: ${what} is a number that may have lost digits; expected it as a JSON string`
      )
      return undefined
    }
    if (value === null) return null
    if (typeof value === 'string') return value.trim()
    // A flag is often a JSON boolean, as when it is read from an answer.
    if (typeof value === 'boolean') return String(value)
    problems.push(`${where}: ${at}: ${what} is not text; expected a string (or null)`)
    return undefined
  }
  /** The list form's `checks`: a mapping of check names to values. */
  const checksOf = (value: unknown, name: string, at: string) => {
    if (!isMapping(value)) {
      problems.push(
        `${where}: ${at}: the checks of ${quote(name)} are not a mapping; expected {"config": "3f2a1b9", …}`
      )
      return undefined
    }
    const out = new Map<string, string | null>()
    for (const [check, v] of Object.entries(value)) {
      const text = valueText(v, `the check ${quote(check)} of ${quote(name)}`, at)
      if (text !== undefined) out.set(check, text)
    }
    return out
  }
  const add = (name: unknown, build: unknown, at: string, checks?: unknown) => {
    if (typeof name !== 'string' || name.trim() === '')
      return problems.push(`${where}: ${at}: the name is not text; ${SHAPE}`)
    if (build instanceof JsonNumber || typeof build === 'number') {
      const digits = numberText(build)
      if (digits === undefined) {
        return problems.push(
          `${where}: ${at}: the build of ${quote(name)} is a number that may have lost digits; expected the build as a JSON string`
        )
      }
      return entries.push({ name: name.trim(), build: digits })
    }
    if (build !== null && typeof build !== 'string') {
      return problems.push(`${where}: ${at}: the build of ${quote(name)} is not text; ${SHAPE}`)
    }
    const values = checks === undefined ? undefined : checksOf(checks, name, at)
    entries.push({
      name: name.trim(),
      build: build === null ? null : build.trim(),
      ...(values ? { checks: values } : {})
    })
  }
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      if (!isMapping(item)) return problems.push(`${where}: [${i}]: not a mapping; ${SHAPE}`)
      add(item.name, item.build, `[${i}]`, item.checks)
    })
  } else if (isMapping(data)) {
    for (const [name, build] of Object.entries(data)) add(name, build, quote(name))
  } else {
    problems.push(`${where}: ${SHAPE}`)
  }
  const seen = new Set<string>()
  for (const e of entries) {
    if (seen.has(e.name))
      problems.push(`${where}: ${quote(e.name)} appears twice; expected one build per name`)
    seen.add(e.name)
  }
  if (problems.length) return err(problems.slice(0, 20).map(message => ({ message })))
  return ok(entries)
}
