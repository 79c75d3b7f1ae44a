// The one way the code says "a value, or what is wrong with it". Functions that can fail on
// input return a Result instead of throwing, returning a bare string, or null/undefined.

export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E }

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value }
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error }
}
