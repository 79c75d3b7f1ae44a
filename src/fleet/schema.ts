// The fleet document's shape. YAML is read with the failsafe schema, so every scalar arrives as
// text ("0123456" stays a string, not the number 123456) and each key converts its own text.
import * as z from 'zod'
import { quote } from '../config/errors.js'
import {
  checkBoolean,
  checkBuild,
  checkDuration,
  checkHeaderName,
  checkHeaderValue,
  checkJsonPath,
  checkRegex,
  checkSamples,
  type Checked
} from '../config/values.js'

export function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (value !== null && typeof value === 'object') return 'a mapping'
  return `the text ${quote(value)}`
}

const text = z.string({ error: iss => `expected text, got ${kindOf(iss.input)}` })

function checked<T>(check: (s: string) => Checked<T>) {
  return text.transform((v, ctx) => {
    const r = check(v)
    if ('value' in r) return r.value
    ctx.addIssue({ code: 'custom', message: `${quote(v)} is not valid; expected ${r.expected}` })
    return z.NEVER
  })
}

const headers = z
  .record(z.string(), text, {
    // Text here is likely "Name: secret": say what it is without quoting it.
    error: iss =>
      `expected a mapping of header names to values, got ${typeof iss.input === 'string' ? 'text' : kindOf(iss.input)}`
  })
  .transform((record, ctx) => {
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(record)) {
      const n = checkHeaderName(name)
      const v = checkHeaderValue(value)
      if ('expected' in n) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${quote(name)} is not valid; expected ${n.expected}`
        })
      } else if ('expected' in v || v.value === '') {
        // Never quote a header value: it may be a secret.
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'expected a non-empty value on one line'
        })
      } else {
        out[name] = v.value
      }
    }
    return out
  })

const shared = {
  expected: checked(checkBuild).optional(),
  json: checked(checkJsonPath).optional(),
  header: checked(checkHeaderName).optional(),
  regex: checked(checkRegex).optional(),
  headers: headers.optional(),
  timeout: checked(checkDuration).optional(),
  samples: checked(checkSamples).optional(),
  'cache-bust': checked(checkBoolean).optional()
}

const EXTRACTION_KEYS = ['json', 'header', 'regex'] as const

function oneExtraction(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const given = EXTRACTION_KEYS.filter(k => value[k] !== undefined)
  if (given.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [given[1]],
      message: `sets ${given.join(' and ')}; expected at most one of json, header, regex`
    })
  }
}

const mapping = (what: string) => ({
  error: (iss: { code?: string; input?: unknown }) =>
    iss.code === 'invalid_type'
      ? `expected ${what} (a mapping of keys), got ${kindOf(iss.input)}`
      : undefined
})

export const targetSchema = z
  .strictObject(
    {
      name: text
        .trim()
        .min(1, 'expected a non-empty name')
        .max(100, 'expected a name of at most 100 characters')
        .optional(),
      // Optional only with a reports-file, where targets are compared, not polled.
      url: text.trim().min(1, 'expected an http:// or https:// URL').optional(),
      ...shared
    },
    mapping('a target')
  )
  .superRefine(oneExtraction)

export const defaultsSchema = z.strictObject(shared, mapping('defaults')).superRefine(oneExtraction)

export const documentSchema = z.strictObject(
  {
    defaults: z.unknown().optional(),
    targets: z.array(z.unknown(), {
      error: iss =>
        iss.input === undefined
          ? 'is required; expected a list of targets'
          : `expected a list of targets, got ${kindOf(iss.input)}`
    })
  },
  mapping('a fleet document')
)

export const TARGET_KEYS = Object.keys(targetSchema.shape)
export const DEFAULTS_KEYS = Object.keys(defaultsSchema.shape)
export const DOCUMENT_KEYS = Object.keys(documentSchema.shape)

export type TargetEntry = z.output<typeof targetSchema>
export type DefaultsEntry = z.output<typeof defaultsSchema>
