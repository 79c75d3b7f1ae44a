// When two builds are "the same": hex hashes compare case-insensitively and an abbreviation of 7
// or more characters matches the full hash; anything else must be equal.

const HASH_PREFIX = /^sha(1|256|512):/i
const HEX = /^[0-9a-f]+$/i
export const MIN_ABBREVIATION = 7

/** The lower-case hex of a hash (sha256: prefix dropped), or undefined when it is not hex. */
export function hexOf(build: string): string | undefined {
  const bare = build.replace(HASH_PREFIX, '')
  return HEX.test(bare) ? bare.toLowerCase() : undefined
}

export function sameBuild(a: string, b: string): boolean {
  const x = hexOf(a)
  const y = hexOf(b)
  if (x === undefined || y === undefined) return a === b
  if (x === y) return true
  const [short, long] = x.length <= y.length ? [x, y] : [y, x]
  return short.length >= MIN_ABBREVIATION && long.startsWith(short)
}

/** A long hash shortened to 7 for headlines; other builds as they are. */
export function shortBuild(build: string): string {
  const hex = hexOf(build)
  return hex !== undefined && hex.length > 12 ? hex.slice(0, MIN_ABBREVIATION) : build
}

/**
 * Groups builds that are the same build, in linear time: hashes are bucketed by their first
 * 7 hex digits (any match shares them; shorter ones by their whole hex), other builds by their
 * exact text.
 */
export function groupBuilds(builds: readonly string[]): { build: string; members: number[] }[] {
  const groups: { build: string; members: number[] }[] = []
  const buckets = new Map<string, { build: string; members: number[] }[]>()
  // Longest first, so an abbreviation joins the full hash it abbreviates.
  const order = builds.map((_, i) => i).sort((i, j) => builds[j].length - builds[i].length)
  for (const i of order) {
    const hex = hexOf(builds[i])
    // Short hex too: "abc123" and "ABC123" are the same build and must share a bucket.
    const key = hex !== undefined ? `#${hex.slice(0, MIN_ABBREVIATION)}` : `=${builds[i]}`
    const bucket = buckets.get(key) ?? []
    let group = bucket.find(g => sameBuild(g.build, builds[i]))
    if (!group) {
      group = { build: builds[i], members: [] }
      bucket.push(group)
      buckets.set(key, bucket)
      groups.push(group)
    }
    group.members.push(i)
  }
  for (const g of groups) g.members.sort((a, b) => a - b)
  return groups
}
