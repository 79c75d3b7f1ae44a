import type { ConfigProblem } from '../common/errors.js'
import { err, ok, type Result } from '../common/result.js'
import { checkHeaderName, checkHeaderValue } from '../common/values.js'

/**
 * The `headers` input: one `Name: value` a line, or a problem for each bad line. Values are never
 * echoed: they may be secrets.
 */
export function parseHeaderLines(text: string): Result<Record<string, string>, ConfigProblem[]> {
  // No prototype: a header named __proto__ is a key like any other.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>
  const problems: string[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const colon = line.indexOf(':')
    const where = `input \`headers\`, line ${i + 1}`
    if (colon <= 0) {
      problems.push(
        `${where}: expected \`Name: value\` (the line has no header name before a colon)`
      )
      return
    }
    const name = line.slice(0, colon).trim()
    const checkedName = checkHeaderName(name)
    if (!checkedName.ok) {
      // Not quoted: with a missing or misplaced colon, the "name" can hold part of the value.
      problems.push(
        `${where}: the text before the first colon is not a header name; expected ${checkedName.error.expected}`
      )
      return
    }
    const checkedValue = checkHeaderValue(line.slice(colon + 1))
    if (!checkedValue.ok || checkedValue.value === '') {
      problems.push(`${where}: the value of ${name} is empty; expected \`${name}: value\``)
      return
    }
    headers[name] = checkedValue.value
  })
  return problems.length ? err(problems.map(message => ({ message }))) : ok(headers)
}
