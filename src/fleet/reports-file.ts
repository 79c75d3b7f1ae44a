// Builds collected by an earlier step (SSH, Ansible…), compared instead of polled:
// {"name": "build", …} or [{"name": …, "build": …}]. Pure.
import { ConfigError, quote } from '../config/errors.js'
import { isPlaceholder } from '../probe/placeholders.js'
import type { Observation } from '../probe/check.js'
import type { Target } from './target.js'

export interface ReportEntry {
  name: string
  /** null when the file says null */
  build: string | null
}

const SHAPE = 'expected {"name": "build", …} or [{"name": …, "build": …}]'

export function parseReports(text: string, file: string): ReportEntry[] {
  const where = `reports-file ${quote(file)}`
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new ConfigError(`${where}: not valid JSON (${(e as Error).message}); ${SHAPE}`)
  }
  const entries: ReportEntry[] = []
  const problems: string[] = []
  const add = (name: unknown, build: unknown, at: string) => {
    if (typeof name !== 'string' || name.trim() === '')
      return problems.push(`${where}: ${at}: the name is not text; ${SHAPE}`)
    if (build !== null && typeof build !== 'string' && typeof build !== 'number') {
      return problems.push(`${where}: ${at}: the build of ${quote(name)} is not text; ${SHAPE}`)
    }
    entries.push({ name: name.trim(), build: build === null ? null : String(build).trim() })
  }
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        return problems.push(`${where}: [${i}]: not a mapping; ${SHAPE}`)
      add((item as Record<string, unknown>).name, (item as Record<string, unknown>).build, `[${i}]`)
    })
  } else if (data !== null && typeof data === 'object') {
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
  if (problems.length) throw new ConfigError(problems.slice(0, 20).map(message => ({ message })))
  return entries
}

/** Each declared target's build from the file, and the entries no target declares. */
export function observeReports(
  targets: readonly Target[],
  entries: readonly ReportEntry[]
): { observations: Observation[]; undeclared: ReportEntry[] } {
  const byName = new Map(entries.map(e => [e.name, e]))
  const observations = targets.map((target): Observation => {
    const entry = byName.get(target.name)
    byName.delete(target.name)
    const base = { target, attempts: 0, ms: 0 }
    if (!entry) return { ...base, reason: 'not in the reports-file' }
    if (entry.build === null || isPlaceholder(entry.build))
      return { ...base, reason: `placeholder ${JSON.stringify(entry.build ?? 'null')}` }
    return { ...base, build: entry.build }
  })
  return { observations, undeclared: [...byName.values()] }
}
