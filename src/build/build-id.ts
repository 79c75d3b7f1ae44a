// An expected build as users write it: what is accepted, and what deserves a hint.
import { err, ok, type Result } from '../common/result.js'
import type { Invalid } from '../common/values.js'
import { hexOf, MIN_ABBREVIATION } from './compare.js'
import { isPlaceholder, looksLikeBranch } from './placeholders.js'

export function checkBuild(text: string): Result<string, Invalid> {
  const t = text.trim()
  // A branch moves; a server reports one build. "main" can never be a report worth checking.
  if (looksLikeBranch(t)) {
    return err({
      problem: 'looks like a branch name',
      expected: 'a commit hash or a build id (fleet-check compares builds, not branches)'
    })
  }
  if (t === '' || /\s/.test(t) || t.length > 128 || isPlaceholder(t)) {
    return err({
      expected:
        'a build id such as a commit hash: one word of at most 128 characters, not a placeholder'
    })
  }
  return ok(t)
}

/**
 * A hint for an expected build of 1 to 6 hex characters (not a plain number): it is no
 * abbreviation, so it only matches a report of exactly that text. Undefined for other builds.
 */
export function shortHexHint(build: string): string | undefined {
  const hex = hexOf(build)
  if (hex === undefined || hex.length >= MIN_ABBREVIATION || /^[0-9]+$/.test(hex)) return undefined
  return `is ${hex.length} hex character${hex.length === 1 ? '' : 's'}: it only matches a report of exactly that text; an abbreviated commit hash needs at least ${MIN_ABBREVIATION} characters to match a full one`
}
