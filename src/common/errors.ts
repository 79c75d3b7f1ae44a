/** Where a configuration value came from: an input, or a line of a fleet file. */
export interface Source {
  /** e.g. "input `targets`" or "targets-file `fleet.yml`" */
  label: string
  /** workspace-relative file path, for annotations */
  file?: string
}

export interface ConfigProblem {
  message: string
  file?: string
  line?: number
}

/** Bad input: the run stops before any request, and nothing is reported as passing. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[]
  constructor(problems: ConfigProblem[] | string) {
    const list = typeof problems === 'string' ? [{ message: problems }] : problems
    super(list.map(p => p.message).join('\n'))
    this.name = 'ConfigError'
    this.problems = list
  }
}

/** Quote a user-supplied value for a message, short enough to read. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text
  return JSON.stringify(short)
}
