// Where a run's inputs come from and where everything it shows goes: log lines, annotations,
// outputs, secrets to mask, the job summary. The action's host is the runner (@actions/core);
// the command line puts a terminal in its place. Every module writes through host(), never to
// @actions/core itself, whose ESM namespace cannot be patched.
import * as core from '@actions/core'

/** Where an annotation points; the terminal prints it as a file:line prefix. */
export interface Annotation {
  title?: string
  file?: string
  startLine?: number
}

export interface Host {
  /** an input as given ('' when not set) */
  input(name: string, trim: boolean): string
  info(text: string): void
  /** worth a reader's attention, though nothing is wrong (a notice annotation on the runner) */
  notice(text: string): void
  warning(text: string, at?: Annotation): void
  error(text: string, at?: Annotation): void
  /** a foldable group of log lines around `fn` */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
  setOutput(name: string, value: string): void
  /** a value never to be shown: masked from here on */
  setSecret(secret: string): void
  /** the step's failure message */
  setFailed(text: string): void
  /** Markdown appended to the job summary; nothing when the host has none */
  appendSummary(markdown: string): Promise<void>
}

/** The GitHub Actions runner, through @actions/core. */
export function runnerHost(
  input = (name: string, trim: boolean) => core.getInput(name, { trimWhitespace: trim })
): Host {
  return {
    input,
    info: text => core.info(text),
    notice: text => core.notice(text),
    warning: (text, at) => core.warning(text, at ?? {}),
    error: (text, at) => core.error(text, at ?? {}),
    group: (title, fn) => core.group(title, fn),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: secret => core.setSecret(secret),
    setFailed: text => core.setFailed(text),
    appendSummary: async markdown => {
      if (!process.env.GITHUB_STEP_SUMMARY) return
      await core.summary.addRaw(markdown, true).write()
    }
  }
}

let current: Host = runnerHost()

export function host(): Host {
  return current
}

/** Puts another host in place (the command line's terminal); returns the one it replaced. */
export function useHost(next: Host): Host {
  const previous = current
  current = next
  return previous
}
