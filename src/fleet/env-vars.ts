// ${VAR} in a fleet file is read from the environment; its value is a secret.

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g

export type Substituted = { text: string; secrets: string[] } | { missing: string }

export function substituteEnv(text: string, env: Record<string, string | undefined>): Substituted {
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
  return missing === undefined ? { text: out, secrets } : { missing }
}
