// Values that servers report when they do not know their build. They are no report at all, and
// never a consensus: eight servers saying "unknown" (or 0000000) do not agree on a build.
const WORDS = new Set([
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
  '-',
  // a tag that moves, not a build
  'latest',
  // what Go's debug.ReadBuildInfo says for a binary built without module version information
  '(devel)'
])

const PLAIN_HEX = /^[0-9a-f]+$/i

// Git's null commit (40 or 64 zeros) and its abbreviations: "no commit".
const NULL_COMMIT = /^(sha(1|256|512):)?0{7,}$/i

// A template variable that the build forgot to fill in: ${GIT_SHA}, {{.Commit}},
// $(Build.SourceVersion) and #{Sha} anywhere in the value (no build id contains them); $GIT_SHA,
// %GIT_SHA%, @GIT_SHA@ and __GIT_SHA__ as the whole value. Bounded, so that a long value of
// "${${${…" is not scanned to its end from every "${" (quadratic).
const TEMPLATE = [
  /\$\{[^}]{0,128}\}/,
  /\{\{[^}]{0,128}\}\}/,
  /\$\([^)]{0,128}\)/,
  /#\{[^}]{0,128}\}/,
  /^\$[A-Za-z_][\w.]*$/,
  /^%[A-Za-z_][\w.]*%$/,
  /^@[A-Za-z_][\w.]*@$/,
  /^__[A-Za-z][\w.]*__$/
]

// A branch or a ref: it names where builds come from, never one build.
const BRANCHES = new Set(['main', 'master', 'develop', 'development', 'trunk', 'head'])
const REF = /^(refs\/(heads|remotes|pull)|origin|upstream|remotes)\/./i
const BRANCH_PREFIX =
  /^(release|releases|feature|hotfix|bugfix|fix|feat|chore|dependabot|renovate)\/./i
const HEAD_EXPRESSION = /^head([~^]\d*)+$/i

const BRANCH_KIND = 'a branch or ref name, not a build'

/** main, master, HEAD, HEAD~1, release/1.2, refs/heads/x, origin/main… (not tags: v1.2.3). */
export function looksLikeBranch(value: string): boolean {
  const t = value.trim()
  return (
    BRANCHES.has(t.toLowerCase()) || REF.test(t) || BRANCH_PREFIX.test(t) || HEAD_EXPRESSION.test(t)
  )
}

/** What kind of placeholder a value is, or undefined when it is a build. */
export function placeholderKind(value: string): string | undefined {
  const t = value.trim()
  // Most reports are plain hex: no word, branch or template is, so only zeros need a look
  // (this runs for every report of a sweep).
  if (PLAIN_HEX.test(t)) return /^0{7,}$/.test(t) ? "git's null commit" : undefined
  if (WORDS.has(t.toLowerCase())) return 'no build'
  if (NULL_COMMIT.test(t)) return "git's null commit"
  if (looksLikeBranch(t)) return BRANCH_KIND
  if (TEMPLATE.some(p => p.test(t))) return 'an unexpanded template variable'
  return undefined
}

export function isPlaceholder(value: string): boolean {
  return placeholderKind(value) !== undefined
}

/** The reason a placeholder is no report: `placeholder "unknown"`, or with its kind named. */
export function placeholderReason(value: string): string | undefined {
  return reasonOf(value, placeholderKind(value))
}

function reasonOf(value: string, kind: string | undefined): string | undefined {
  if (kind === undefined) return undefined
  return `placeholder ${JSON.stringify(value)}${kind === 'no build' ? '' : ` (${kind})`}`
}

/**
 * What kind of placeholder a check's value is (a config hash, a flag), or undefined when it is a
 * value: as for builds, except that a branch name is a value like any other (a server may
 * rightly read the config of "main").
 */
export function valuePlaceholderKind(value: string): string | undefined {
  const kind = placeholderKind(value)
  if (kind !== BRANCH_KIND) return kind
  return TEMPLATE.some(p => p.test(value.trim())) ? 'an unexpanded template variable' : undefined
}

/** `placeholder "unknown"` for a check's value that is no report; undefined for a value. */
export function valuePlaceholderReason(value: string): string | undefined {
  return reasonOf(value, valuePlaceholderKind(value))
}
