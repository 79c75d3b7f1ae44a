// A target's `checks`: what a check's name and expected value may be, and how the checks of
// `defaults` merge with a target's own. Pure.
import { quote } from '../common/errors.js'
import { err, ok, type Result } from '../common/result.js'
import type { Invalid } from '../common/values.js'
import { valuePlaceholderKind } from '../build/placeholders.js'
import type { CheckExpected } from './target.js'

/** Letters, digits and dashes: a name that reads well in a reason and needs no quoting. */
export const CHECK_NAME = /^[A-Za-z0-9-]+$/
export const MAX_CHECK_NAME = 40
/** Longest expected value, trimmed (a config hash, a flag, a version: short). */
export const MAX_CHECK_VALUE = 128
/** The build is the build: no check takes its name (in any case). */
export const RESERVED_CHECK_NAME = 'build'

/** `${VAR}`: read from the environment by parse.ts, after the schema has seen the text. */
const ENV_VAR = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/

const VALUE_EXPECTED = `the value the check must report (one line of at most ${MAX_CHECK_VALUE} characters, not a placeholder such as "unknown"), or consensus`

export function checkCheckName(name: string): Result<string, Invalid> {
  if (name.toLowerCase() === RESERVED_CHECK_NAME) {
    return err({
      problem: 'is the build itself',
      expected: 'another name (json, header or regex at the top level read the build)'
    })
  }
  if (!CHECK_NAME.test(name) || name.length > MAX_CHECK_NAME) {
    return err({
      problem: 'is not a valid check name',
      expected: `letters, digits and dashes, at most ${MAX_CHECK_NAME} characters, such as "config" or "power-peg"`
    })
  }
  return ok(name)
}

/**
 * A check's `expected` as written: `consensus` (in any case), or a value. A value with ${VAR}
 * in it is checked again once the variable is read (checkCheckValue).
 */
export function checkCheckExpected(text: string): Result<CheckExpected, Invalid> {
  const t = text.trim()
  if (t.toLowerCase() === 'consensus') return ok({ kind: 'consensus' })
  const value = checkCheckValue(t, ENV_VAR.test(t))
  return value.ok ? ok({ kind: 'value', value: value.value }) : value
}

/**
 * An expected value: not blank, one line, at most MAX_CHECK_VALUE characters, no placeholder
 * (a branch name is a value here). `withVariables`: the placeholder test waits for the text
 * the variables make.
 */
export function checkCheckValue(text: string, withVariables = false): Result<string, Invalid> {
  const t = text.trim()
  if (t === '') return err({ expected: VALUE_EXPECTED })
  if (/[\r\n\0]/.test(t)) return err({ problem: 'is more than one line', expected: VALUE_EXPECTED })
  if (t.length > MAX_CHECK_VALUE) {
    return err({
      problem: `is longer than ${MAX_CHECK_VALUE} characters`,
      expected: VALUE_EXPECTED
    })
  }
  const kind = withVariables ? undefined : valuePlaceholderKind(t)
  if (kind !== undefined) {
    return err({
      problem: `is a placeholder${kind === 'no build' ? '' : ` (${kind.replace(/, not a build$/, '')})`}`,
      expected: VALUE_EXPECTED
    })
  }
  return ok(t)
}

/** A check (or, in a target, null: drop the default of that name) under its name. */
export interface Named<T> {
  name: string
  check: T
}

/**
 * Defaults' checks with a target's own over them, by name: the target's check replaces the
 * default's whole (in its place), null drops it, and the target's other checks follow in their
 * order.
 */
export function mergeChecks<T>(
  defaults: readonly Named<T>[] | undefined,
  own: readonly Named<T | null>[] | undefined
): Named<T>[] {
  if (!own?.length) return defaults ? [...defaults] : []
  const mine = new Map(own.map(e => [e.name, e.check]))
  const out: Named<T>[] = []
  for (const d of defaults ?? []) {
    const o = mine.get(d.name)
    if (o === undefined) out.push(d)
    else if (o !== null) out.push({ name: d.name, check: o })
  }
  const inherited = new Set((defaults ?? []).map(d => d.name))
  for (const o of own) {
    if (o.check !== null && !inherited.has(o.name)) out.push({ name: o.name, check: o.check })
  }
  return out
}

/** A target's `null` for a name defaults has no check of: most likely a typo. */
export function unknownDrop(
  defaults: readonly Named<unknown>[] | undefined,
  name: string
): string | undefined {
  if (defaults?.some(d => d.name === name)) return undefined
  const names = (defaults ?? []).map(d => quote(d.name))
  return names.length
    ? `null drops a check of defaults, and defaults has no check ${quote(name)}; expected one of ${names.join(', ')}`
    : `null drops a check of defaults, and defaults has no checks; expected a check (a mapping with json, header or regex, and expected)`
}
