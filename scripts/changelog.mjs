// The pure half of `npm run release`: versions, and CHANGELOG.md in the Keep a Changelog format
// (https://keepachangelog.com/en/1.1.0/). No files, no git: scripts/release.mjs does the I/O.

/** "1.2.3" as [1, 2, 3]; undefined for anything else (no "v", no pre-release, no leading zeros). */
export function parseVersion(text) {
  const m = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/.exec(text)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

/** Negative, zero or positive, as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a, b) {
  const [x, y] = [parseVersion(a), parseVersion(b)]
  if (!x || !y) throw new Error(`not a version: ${JSON.stringify(x ? b : a)}`)
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
}

/** The newest of the `vX.Y.Z` tags (other tags, such as the major `v1`, are ignored). */
export function newestReleaseTag(tags) {
  return tags
    .filter(t => /^v/.test(t) && parseVersion(t.slice(1)))
    .reduce(
      (a, t) => (a === undefined || compareVersions(t.slice(1), a.slice(1)) > 0 ? t : a),
      undefined
    )
}

/** "https://github.com/o/r" from package.json's `repository` (a string or `{url}`). */
export function repositoryUrl(repository) {
  const url = typeof repository === 'string' ? repository : repository?.url
  const m = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?\/?$/.exec(url ?? '')
  return m ? `https://github.com/${m[1]}/${m[2]}` : undefined
}

const HEADING = /^## \[([^\]]+)\]/
const LINK = /^\[([^\]]+)\]:\s/

/**
 * The lines of CHANGELOG.md in parts: the `## [Unreleased]` heading's index, where its section
 * ends (the next `## ` heading or the link references at the bottom), and the versions of the
 * sections after it, newest first.
 */
function sections(lines) {
  const start = lines.findIndex(l => /^## \[Unreleased\]\s*$/i.test(l))
  if (start < 0) return undefined
  let end = start + 1
  while (end < lines.length && !/^## /.test(lines[end]) && !LINK.test(lines[end])) end++
  const versions = lines.flatMap(l => {
    const m = HEADING.exec(l)
    return m && parseVersion(m[1]) ? [m[1]] : []
  })
  return { start, end, versions }
}

/**
 * What a release would take from the changelog: the entries (`- ` or `* ` lines) under
 * Unreleased and its whole text, or why there is nothing to release.
 */
export function unreleased(text) {
  const lines = text.split('\n')
  const s = sections(lines)
  if (!s) return { ok: false, error: 'CHANGELOG.md has no "## [Unreleased]" section' }
  const body = lines
    .slice(s.start + 1, s.end)
    .join('\n')
    .trim()
  const entries = body.split('\n').filter(l => /^\s*[-*] \S/.test(l)).length
  if (entries === 0) {
    return {
      ok: false,
      error:
        'CHANGELOG.md has no entries under "## [Unreleased]"; expected the changes of this release there, as "- " lines under "### Added", "### Changed" or "### Fixed"'
    }
  }
  return { ok: true, body, entries, versions: s.versions }
}

/**
 * CHANGELOG.md with the Unreleased entries moved under `## [version] - date`, an empty
 * Unreleased left on top, and the link references updated: Unreleased compares from the new
 * tag, the new version from the previous one. `notes` is the section's text, for the release.
 */
export function cutRelease(text, { version, date, repoUrl }) {
  const found = unreleased(text)
  if (!found.ok) return found
  if (found.versions.includes(version)) {
    return { ok: false, error: `CHANGELOG.md already has a "## [${version}]" section` }
  }
  const lines = text.split('\n')
  const { start, end } = sections(lines)
  const previous = found.versions.find(v => compareVersions(v, version) < 0)
  const released = [
    lines[start],
    '',
    `## [${version}] - ${date}`,
    '',
    ...found.body.split('\n'),
    ''
  ]
  const out = [...lines.slice(0, start), ...released, ...lines.slice(end)]
  const unreleasedLink = `[Unreleased]: ${repoUrl}/compare/v${version}...HEAD`
  const versionLink = previous
    ? `[${version}]: ${repoUrl}/compare/v${previous}...v${version}`
    : `[${version}]: ${repoUrl}/releases/tag/v${version}`
  const at = out.findIndex(l => /^\[Unreleased\]:\s/i.test(l))
  if (at >= 0) out.splice(at, 1, unreleasedLink, versionLink)
  else {
    while (out.length && out[out.length - 1] === '') out.pop()
    out.push('', unreleasedLink, versionLink, '')
  }
  return { ok: true, changelog: out.join('\n'), notes: `${found.body}\n`, previous }
}
