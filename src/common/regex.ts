// The `regex` key's dialect: RE2, through re2js. RE2 has no backreferences or lookaround, and in
// exchange matches in time linear in the body, so a crafted body cannot make a pattern backtrack
// for hours. Linear is not instant (re2js can take seconds on a 1 MiB body with a wide pattern),
// so matching also stops at the target's deadline. re2js is about 260 KB and every bundled module
// is compiled at start-up: it is imported only when a fleet may have a `regex` key.
import { err, ok, type Result } from './result.js'
import type { Invalid } from './values.js'

/** Longer patterns are refused: compiling one can take longer than any request. */
export const MAX_REGEX_LENGTH = 1000

/** A compiled pattern: exec() gives the whole match and group 1 (as RegExp's does), or null. */
export interface BuildPattern {
  /** the pattern as written */
  readonly source: string
  /** throws RegexTimeout once `deadline` (a performance.now() time) has passed */
  exec(text: string, deadline?: number): (string | undefined)[] | null
}

export type RegexEngine = (pattern: string) => Result<BuildPattern, Invalid>

/** Matching ran past the target's deadline. */
export class RegexTimeout extends Error {
  constructor() {
    super('regex matching ran past the deadline')
    this.name = 'RegexTimeout'
  }
}

/**
 * Whether a fleet text may have a `regex` key. The key is spelled out in the text unless it is
 * written with escapes ("\x72egex", "\u0072egex"), which take a backslash. Saying yes wrongly
 * only costs loading the engine.
 */
export function needsRegexEngine(text: string): boolean {
  return text.includes('regex') || text.includes('\\')
}

/** Reads of the body between two looks at the clock. */
const CHECK_EVERY = 256

export async function loadRegexEngine(): Promise<RegexEngine> {
  const { MatcherInputBase, RE2JS, RE2JSException } = await import('re2js')

  /**
   * The body as re2js's UTF-16 machines read it (charCodeAt, indexOf, substring), looking at the
   * clock every few reads: re2js has no deadline of its own, and every engine it has (DFA, NFA,
   * one-pass, backtracker) reads the text through these methods.
   */
  class TimedChars {
    private countdown = CHECK_EVERY
    readonly length: number
    /** re2js checks its input is a string by Object.prototype.toString: this one passes */
    readonly [Symbol.toStringTag] = 'String'
    constructor(
      private readonly text: string,
      private readonly deadline: number
    ) {
      this.length = text.length
    }
    /** Every CHECK_EVERY reads: a small body is read whole however late it arrived. */
    private tick(): void {
      if (--this.countdown > 0) return
      this.countdown = CHECK_EVERY
      if (performance.now() > this.deadline) throw new RegexTimeout()
    }
    charCodeAt(i: number): number {
      this.tick()
      return this.text.charCodeAt(i)
    }
    indexOf(s: string, from?: number): number {
      this.tick()
      return this.text.indexOf(s, from)
    }
    substring(start: number, end?: number): string {
      return this.text.substring(start, end)
    }
    toString(): string {
      return this.text
    }
  }

  class TimedInput extends MatcherInputBase {
    constructor(private readonly chars: TimedChars) {
      super()
    }
    override getEncoding() {
      return MatcherInputBase.Encoding.UTF_16
    }
    override asCharSequence(): string {
      return this.chars as unknown as string
    }
    override asBytes(): null {
      return null
    }
    override length(): number {
      return this.chars.length
    }
  }

  const compile = (pattern: string): Result<BuildPattern, Invalid> => {
    // An empty pattern matches the empty text at the start of any body: never a build.
    if (pattern === '') {
      return err({
        problem: 'is empty',
        expected: 'a regular expression such as "commit: ([0-9a-f]+)"'
      })
    }
    if (pattern.length > MAX_REGEX_LENGTH) {
      return err({
        problem: `is ${pattern.length} characters long`,
        expected: `a regular expression of at most ${MAX_REGEX_LENGTH} characters`
      })
    }
    let re: InstanceType<typeof RE2JS>
    try {
      re = RE2JS.compile(pattern)
    } catch (e) {
      if (!(e instanceof RE2JSException)) throw e
      return err(syntaxProblem(e.message))
    }
    return ok({
      source: pattern,
      exec(text, deadline) {
        const input = deadline === undefined ? text : new TimedInput(new TimedChars(text, deadline))
        try {
          const m = re.matcher(input)
          if (!m.find()) return null
          const whole = m.group(0) ?? ''
          return m.groupCount() > 0 ? [whole, m.group(1) ?? undefined] : [whole]
        } catch (e) {
          // A match cut short may leave re2js's cached machines mid-step: start afresh.
          if (e instanceof RegexTimeout) re = RE2JS.compile(pattern)
          throw e
        }
      }
    })
  }

  // Targets share patterns (a range, or defaults): compile each one once.
  const compiled = new Map<string, Result<BuildPattern, Invalid>>()
  return pattern => {
    let r = compiled.get(pattern)
    if (!r) compiled.set(pattern, (r = compile(pattern)))
    return r
  }
}

/** RE2's complaint, saying what RE2 does not support when that is the cause. */
export function syntaxProblem(message: string): Invalid {
  const why = message.replace(/^error parsing regexp: /, '')
  const dialect = 'an RE2 regular expression (RE2 has no backreferences or lookaround)'
  // RE2 stops at "(?=", "(?!", "(?<=" or "(?<!" and quotes it.
  if (/`\(\?<?[=!]/.test(why)) {
    return {
      problem: 'uses lookahead or lookbehind, which RE2 does not support',
      expected: dialect
    }
  }
  if (/invalid escape sequence: `\\([1-9]|k)/.test(why)) {
    return { problem: 'uses a backreference, which RE2 does not support', expected: dialect }
  }
  return { expected: `a regular expression that compiles (RE2 syntax: ${why})` }
}
