// When two builds are "the same". Fail closed: a lookalike is not a match.
// - Equal builds match: hex compares case-insensitively (a sha1:/sha256:/sha512: prefix is
//   ignored); any other text must be exactly equal.
// - A hex abbreviation (7 to 39 characters) matches a longer hex build that starts with it, when
//   that build is at most 40 characters (a commit or a longer abbreviation) or exactly 64 (a
//   SHA-256 commit). A full hash never matches anything longer: "<40 hex>deadbeef" is not it.
// - Two plain decimal numbers never match by prefix (build 2024061 is not 20240611), unless the
//   longer one is a full 40- or 64-character hash.

const HASH_PREFIX = /^sha(1|256|512):/i
const HEX = /^[0-9a-f]+$/i
const DECIMAL = /^[0-9]+$/
export const MIN_ABBREVIATION = 7
/** Full commit hashes: SHA-1 and SHA-256 object names. */
const FULL_LENGTHS: readonly number[] = [40, 64]

/** The lower-case hex of a hash (sha256: prefix dropped), or undefined when it is not hex. */
export function hexOf(build: string): string | undefined {
  const bare = build.replace(HASH_PREFIX, '')
  return HEX.test(bare) ? bare.toLowerCase() : undefined
}

/** A full commit hash (40 or 64 hex characters), in lower case; undefined for anything else. */
export function fullHashOf(build: string): string | undefined {
  const hex = hexOf(build)
  return hex !== undefined && FULL_LENGTHS.includes(hex.length) ? hex : undefined
}

/**
 * A commit hash as an expected build: hex of 7 to 40 characters or exactly 64. A plain decimal
 * number is a build number, not a commit, unless it has a full hash's length.
 */
export function isCommitHash(build: string): boolean {
  const hex = hexOf(build)
  if (hex === undefined) return false
  if (FULL_LENGTHS.includes(hex.length)) return true
  return hex.length >= MIN_ABBREVIATION && hex.length < 40 && !DECIMAL.test(hex)
}

/** Could be (a lookalike of) a commit hash: hex of at least 7 characters. */
export function isHashShaped(build: string): boolean {
  return (hexOf(build)?.length ?? 0) >= MIN_ABBREVIATION
}

/** Whether `long` may stand for the abbreviation `short` (of the same hex) when it starts with it. */
function abbreviates(short: string, long: string): boolean {
  if (short.length < MIN_ABBREVIATION || short.length >= 40) return false
  if (long.length > 40 && long.length !== 64) return false
  if (DECIMAL.test(long) && !FULL_LENGTHS.includes(long.length)) return false
  return long.startsWith(short)
}

export function sameBuild(a: string, b: string): boolean {
  const x = hexOf(a)
  const y = hexOf(b)
  if (x === undefined || y === undefined) return a === b
  if (x === y) return true
  return x.length < y.length ? abbreviates(x, y) : abbreviates(y, x)
}

/**
 * A full hash (or a long abbreviation) shortened to 7 for headlines; other builds as they are.
 * With `against`, a different build whose 7 characters would read the same is shown whole.
 */
export function shortBuild(build: string, against?: string | null): string {
  const hex = hexOf(build)
  const short =
    hex !== undefined && hex.length > 12 && (hex.length <= 40 || hex.length === 64)
      ? hex.slice(0, MIN_ABBREVIATION)
      : build
  if (against == null || short === build || sameBuild(build, against)) return short
  return shortBuild(against) === short ? build : short
}

/** Each build shortened, except those whose short form would read like another's. */
export function shortBuilds(builds: readonly string[]): string[] {
  const shorts = builds.map(b => shortBuild(b))
  const seen = new Map<string, number>()
  for (const s of shorts) seen.set(s, (seen.get(s) ?? 0) + 1)
  return shorts.map((s, i) => ((seen.get(s) ?? 0) > 1 ? builds[i] : s))
}

/** "2× 9c1b2d3, 1× 3f2a1b9": groups of builds, counted, each in its shortest distinct form. */
export function countedBuilds(groups: readonly { build: string; members: number[] }[]): string {
  const shown = shortBuilds(groups.map(g => g.build))
  return groups.map((g, i) => `${g.members.length}× ${shown[i]}`).join(', ')
}

/**
 * Groups builds that are the same build, in linear time (builds are never compared pair by
 * pair). Equal builds share a group. Then, longest first, each new group claims the builds among
 * its prefixes that abbreviate it (at most 33 look-ups); matching is not transitive (7 characters
 * can abbreviate two different commits), so an abbreviation joins the group it abbreviates with
 * the most equal reports (the longest on a tie): a lone lookalike does not take it from the
 * build most targets report. Every member matches its group's build (the group's longest
 * spelling); two different full hashes, or a hash and its lookalike, are never grouped. Groups
 * come longest build first, then in order of first appearance.
 */
export function groupBuilds(builds: readonly string[]): { build: string; members: number[] }[] {
  interface Same {
    hex?: string
    /** the longest spelling ("sha1:1A2B3C4" over "1a2b3c4"), the first on a tie */
    build: string
    /** how many builds are equal to it */
    count: number
    group: number
  }
  const same = new Map<string, Same>()
  const keys = builds.map(build => {
    const hex = hexOf(build)
    const key = hex !== undefined ? `#${hex}` : `=${build}`
    const s = same.get(key)
    if (!s) same.set(key, { hex, build, count: 1, group: -1 })
    else {
      s.count++
      if (build.length > s.build.length) s.build = build
    }
    return key
  })

  // Longest first (hex length for hashes), so a group exists before its abbreviations look.
  const byLength = new Map<number, Same[]>()
  for (const s of same.values()) {
    const n = s.hex?.length ?? s.build.length
    const list = byLength.get(n)
    if (list) list.push(s)
    else byLength.set(n, [s])
  }
  const groups: { build: string; members: number[] }[] = []
  const weight: number[] = []
  // Abbreviations (by hex), and the group that has claimed each so far.
  const claimed = new Map<string, number>()
  for (const n of [...byLength.keys()].sort((a, b) => b - a)) {
    for (const s of byLength.get(n) as Same[]) {
      const joined = s.hex !== undefined ? claimed.get(s.hex) : undefined
      if (joined !== undefined) {
        s.group = joined
        continue
      }
      s.group = groups.push({ build: s.build, members: [] }) - 1
      weight.push(s.count)
      // The builds among its prefixes that abbreviate it (at most 33 look-ups).
      const hex = s.hex ?? ''
      if (hex.length <= MIN_ABBREVIATION || !abbreviates(hex.slice(0, MIN_ABBREVIATION), hex))
        continue
      for (let k = MIN_ABBREVIATION; k < Math.min(hex.length, 40); k++) {
        const prefix = hex.slice(0, k)
        const other = claimed.get(prefix)
        if (other === undefined ? same.has(`#${prefix}`) : s.count > weight[other])
          claimed.set(prefix, s.group)
      }
    }
  }
  keys.forEach((key, i) => groups[(same.get(key) as Same).group].members.push(i))
  return groups
}
