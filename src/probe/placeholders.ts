// Values that servers report when they do not know their build. They are no report at all.
const PLACEHOLDERS = new Set([
  '',
  'unknown',
  'dev',
  'local',
  'local-dev',
  'n/a',
  'na',
  'none',
  'null',
  'nil',
  'undefined',
  'empty',
  '-'
])

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.has(value.trim().toLowerCase())
}
