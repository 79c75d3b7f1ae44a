// The command line's host outside GitHub Actions: a terminal. No workflow commands: log lines
// only with --verbose, notices, warnings and errors on stderr, outputs and the job summary dropped.
// @actions/core would print a secret in `::add-mask::`, so the terminal keeps the secrets itself
// and redacts them from everything it prints.
import type { InputName } from '../config/inputs.js'
import type { Annotation, Host } from '../host/host.js'
import { redactor } from '../common/redaction.js'
import { showInvisible } from '../report/sanitize.js'
import { OPTION_FOR_INPUT } from './args.js'

export interface Streams {
  out: (text: string) => void
  err: (text: string) => void
}

export interface Terminal extends Host {
  /** what is printed: secrets redacted, invisible characters written out, inputs named as options */
  clean(text: string): string
}

export function terminalHost(
  inputs: Partial<Record<InputName, string>>,
  streams: Streams,
  options: { verbose: boolean }
): Terminal {
  const secrets = new Set<string>()
  let hide = (text: string) => text
  const clean = (text: string) => showInvisible(asOptions(hide(text)), true)
  const where = (at?: Annotation) =>
    at?.file ? `${at.file}${at.startLine ? `:${at.startLine}` : ''}: ` : ''
  return {
    clean,
    input: (name, trim) => {
      const value = inputs[name as InputName] ?? ''
      return trim ? value.trim() : value
    },
    info: text => {
      if (options.verbose) streams.err(`${clean(text)}\n`)
    },
    notice: text => streams.err(`${clean(`notice: ${text}`)}\n`),
    warning: (text, at) => streams.err(`${clean(`${where(at)}warning: ${text}`)}\n`),
    error: (text, at) => streams.err(`${clean(`${where(at)}error: ${text}`)}\n`),
    group: async (title, fn) => {
      if (options.verbose) streams.err(`${clean(title)}\n`)
      return fn()
    },
    setOutput: () => {},
    setSecret: secret => {
      if (secret === '' || secrets.has(secret)) return
      secrets.add(secret)
      hide = redactor([...secrets])
    },
    setFailed: text => streams.err(`${clean(`error: ${text}`)}\n`),
    appendSummary: async () => {}
  }
}

/** The action's messages name inputs ("input `timeout`"); here they are options. */
function asOptions(text: string): string {
  const option = (name: string) => OPTION_FOR_INPUT[name as InputName]
  return text.replace(
    /\binput(s?) `([a-z-]+)`(?: and `([a-z-]+)`)?/g,
    (whole, plural: string, first: string, second?: string) => {
      if (!option(first) || (second && !option(second))) return whole
      return `option${plural} ${option(first)}${second ? ` and ${option(second)}` : ''}`
    }
  )
}
