// ${VAR} in a fleet file is read from the environment; its value is a secret.
import { err, ok, type Result } from '../common/result.js'

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g

export interface Substitution {
  text: string
  /** the values read, to mask */
  secrets: string[]
}

/** The text with each ${VAR} read, or what is wrong: the first variable unset or empty. */
export function substituteEnv(
  text: string,
  env: Record<string, string | undefined>
): Result<Substitution> {
  const secrets: string[] = []
  let missing: string | undefined
  const out = text.replace(VAR, (_, name: string) => {
    const value = env[name]
    if (value === undefined || value === '') {
      missing ??= name
      return ''
    }
    secrets.push(value)
    return value
  })
  return missing === undefined
    ? ok({ text: out, secrets })
    : err(
        `environment variable ${missing} is not set or is empty; expected it set in the environment (in a workflow, in the step's env:, such as ${missing}: \${{ secrets.${missing} }})`
      )
}
