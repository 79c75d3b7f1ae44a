// npm run release -- X.Y.Z [--dry-run] [--push] [--date YYYY-MM-DD] [--notes-file FILE]
//
// Releases the repository in the working directory (npm runs scripts at the package root):
//
// 1. Refuses unless all of these hold, and lists every one that does not:
//    - the branch is main and the working tree is clean (untracked files count);
//    - main is where its upstream branch is, when it has one (`git fetch` first): the commit
//      released is then the one CI ran on, and nothing unpushed rides along;
//    - git knows who commits (user.name and user.email), so the commit and the tags can be made;
//    - dist/ was built from the sources (dist/inputs.sha256, as `npm test` checks it);
//    - X.Y.Z is MAJOR.MINOR.PATCH, newer than the newest vX.Y.Z tag, not older than
//      package.json's version, and CHANGELOG.md has entries under "## [Unreleased]" and no
//      section for X.Y.Z yet.
// 2. Runs `npm test`: "green" is checked here, offline, on exactly the commit being released.
//    (CI on GitHub ran it too when main was pushed: wait for it before releasing.)
// 3. Moves the Unreleased entries under "## [X.Y.Z] - DATE" and updates the link references;
//    sets the version in package.json and package-lock.json; runs `npm run bundle` (the
//    command line prints the version, and dist/inputs.sha256 hashes it) and checks dist/ again.
// 4. Commits "Release vX.Y.Z", tags vX.Y.Z (annotated) and moves the major tag vX to it.
// 5. Writes the release notes (the new section) to a file, for
//    `gh release create vX.Y.Z --notes-file FILE`, and prints the push commands; with --push it
//    runs them (main and vX.Y.Z atomically, then vX with --force).
//
// --dry-run does every check of step 1, then prints the plan and the notes, and changes
// nothing (it does not run `npm test`). Every command runs without a shell. `npm test` and
// `npm run bundle` are the released repository's own scripts: the test of this script
// (__tests__/release/release-script.test.ts) releases a small repository whose scripts are quick.
import { execFile, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import {
  compareVersions,
  cutRelease,
  newestReleaseTag,
  parseVersion,
  repositoryUrl,
  unreleased
} from './changelog.mjs'
import { HASH_FILE, inputsHash } from './dist-inputs.mjs'

const USAGE =
  'usage: npm run release -- X.Y.Z [--dry-run] [--push] [--date YYYY-MM-DD] [--notes-file FILE]'
const BRANCH = 'main'
const REMOTE = 'origin'

const run = promisify(execFile)
const plural = (n, word, many = `${word}s`) => `${n} ${n === 1 ? word : many}`

/** A refusal or a failed step: the message, and the exit code (2 for usage). */
class Stop extends Error {
  constructor(message, code = 1) {
    super(message)
    this.code = code
  }
}

/**
 * The release of the repository at `root`, as the command line runs it with `argv`. Output goes
 * to `out` and `err` (a line each call); git and npm run with `env`, npm's output to `stdio`.
 * Resolves to the exit code.
 */
export async function release({
  root = process.cwd(),
  argv = process.argv.slice(2),
  env = process.env,
  out = line => console.log(line),
  err = line => console.error(line),
  stdio = 'inherit'
} = {}) {
  try {
    await steps({ root, argv, env, out, err, stdio })
    return 0
  } catch (error) {
    if (!(error instanceof Stop)) throw error
    err(`release: ${error.message}`)
    return error.code
  }
}

async function steps({ root, argv, env, out, err, stdio }) {
  /** git's stdout less its final newlines; throws with git's message when it fails. */
  const git = async (...args) =>
    (await run('git', args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 })).stdout.trimEnd()
  /** git's output, or undefined when the command fails (no upstream, no such tag). */
  const gitMaybe = (...args) => git(...args).catch(() => undefined)
  const readText = name => readFileSync(path.join(root, name), 'utf8')
  const readJson = name => JSON.parse(readText(name))

  /** npm through the npm that runs this script when there is one, else `npm` on the PATH. */
  const npm = (...args) => {
    const cli = env.npm_execpath
    const [command, prefix] =
      cli && /npm-cli\.[cm]?js$/.test(cli) ? [process.execPath, [cli]] : ['npm', []]
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...prefix, ...args], { cwd: root, env, stdio })
      child.on('error', reject)
      child.on('exit', (code, signal) =>
        code === 0
          ? resolve()
          : reject(new Error(`npm ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`))
      )
    })
  }

  /** dist/inputs.sha256 is the hash of the sources (false too when they cannot be read). */
  const distFresh = () => {
    try {
      return readText(HASH_FILE).trim() === inputsHash(root)
    } catch {
      return false
    }
  }

  /** A JSON file with its `version` (and, for the lock file, the root package's) set. */
  const withVersion = (name, version) => {
    const json = readJson(name)
    json.version = version
    if (json.packages?.['']) json.packages[''].version = version
    return `${JSON.stringify(json, null, 2)}\n`
  }

  let args
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        push: { type: 'boolean', default: false },
        date: { type: 'string' },
        'notes-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false }
      }
    })
  } catch (error) {
    throw new Stop(`${error.message}\n${USAGE}`, 2)
  }
  if (args.values.help) return out(USAGE)
  if (args.positionals.length !== 1)
    throw new Stop(`expected one version, such as 1.2.0\n${USAGE}`, 2)

  const version = args.positionals[0].replace(/^v(?=\d)/, '')
  const dryRun = args.values['dry-run']
  const date = args.values.date ?? new Date().toISOString().slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new Stop(`--date ${JSON.stringify(date)} is not a date; expected YYYY-MM-DD`, 2)
  }
  const tag = `v${version}`
  const major = `v${version.split('.')[0]}`
  const notesFile = path.resolve(
    root,
    args.values['notes-file'] ?? path.join(tmpdir(), `fleet-check-${tag}-release-notes.md`)
  )

  // 1. Checks. Each one that fails is listed; none changes anything.
  const problems = []
  const passed = []
  const check = (ok, good, bad) => (ok ? passed.push(good) : problems.push(bad))

  if ((await gitMaybe('rev-parse', '--is-inside-work-tree')) !== 'true') {
    throw new Stop(`${root} is not a git working tree`)
  }
  // What git knows, asked at once (each is a process of its own). Output keeps its leading
  // spaces: a porcelain status line may start with one.
  const [branch, status, head, upstream, tags, identity] = await Promise.all([
    gitMaybe('symbolic-ref', '--quiet', '--short', 'HEAD'),
    git('status', '--porcelain=v1', '--untracked-files=normal'),
    git('rev-parse', 'HEAD'),
    gitMaybe('rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'),
    git('tag', '--list', 'v*'),
    // who commits and tags: asked now rather than after npm test and the bundle
    gitMaybe('var', 'GIT_COMMITTER_IDENT')
  ])
  check(
    branch === BRANCH,
    `on branch ${BRANCH}`,
    `on ${branch ? `branch ${branch}` : 'a detached HEAD'}; expected ${BRANCH}: releases are made from ${BRANCH}`
  )

  const changed = status ? status.split('\n') : []
  check(
    changed.length === 0,
    'working tree clean',
    `the working tree has ${plural(changed.length, 'uncommitted change')}; expected a clean tree (commit or remove them):\n${changed
      .slice(0, 10)
      .map(l => `    ${l}`)
      .join('\n')}${changed.length > 10 ? '\n    …' : ''}`
  )

  if (upstream) {
    const [ahead, behind] = (await git('rev-list', '--left-right', '--count', 'HEAD...@{upstream}'))
      .split(/\s+/)
      .map(Number)
    check(
      ahead === 0 && behind === 0,
      `${BRANCH} is at ${upstream} (${head.slice(0, 7)})`,
      `${BRANCH} is ${plural(ahead, 'commit')} ahead of and ${behind} behind ${upstream}; expected the commit CI ran on: push (and wait for CI) or pull first`
    )
  } else {
    passed.push(`no upstream branch: cannot tell whether CI ran on ${head.slice(0, 7)}`)
  }

  check(
    identity !== undefined,
    `commits as ${identity?.replace(/>.*$/, '>')}`,
    'git does not know who commits: set user.name and user.email (git config user.name "…")'
  )

  check(
    distFresh(),
    'dist/ built from the current sources',
    `dist/ is stale: ${HASH_FILE} does not match the sources; run npm run bundle and commit dist/`
  )

  let pkg
  try {
    pkg = readJson('package.json')
  } catch (error) {
    throw new Stop(`cannot read package.json in ${root}: ${error.message}`)
  }
  const repoUrl = repositoryUrl(pkg.repository)
  if (!repoUrl) problems.push('package.json has no GitHub `repository` URL for the changelog links')
  const lastTag = newestReleaseTag(tags.split('\n').filter(Boolean))
  if (!parseVersion(version)) {
    problems.push(
      `${JSON.stringify(args.positionals[0])} is not a version; expected MAJOR.MINOR.PATCH, such as 1.2.0`
    )
  } else {
    const newer = !lastTag || compareVersions(version, lastTag.slice(1)) > 0
    const notOlder = !parseVersion(pkg.version) || compareVersions(version, pkg.version) >= 0
    check(
      newer && notOlder,
      `${version} is newer than ${lastTag ?? 'any tag'} (package.json: ${pkg.version})`,
      !newer
        ? `${version} is not newer than the last release, ${lastTag}; expected a greater version`
        : `${version} is older than package.json's version ${pkg.version}`
    )
  }

  let cut
  if (!existsSync(path.join(root, 'CHANGELOG.md'))) problems.push('there is no CHANGELOG.md')
  else {
    const text = readText('CHANGELOG.md')
    const found = unreleased(text)
    if (!found.ok) problems.push(found.error)
    else if (parseVersion(version) && repoUrl) {
      cut = cutRelease(text, { version, date, repoUrl })
      check(
        cut.ok,
        `CHANGELOG.md: ${plural(found.entries, 'entry', 'entries')} under [Unreleased]`,
        cut.error
      )
    }
  }

  out(`Release ${tag}${dryRun ? ' (dry run: nothing will be changed)' : ''}`)
  for (const p of passed) out(`  ✓ ${p}`)
  if (problems.length) {
    for (const p of problems) err(`  ✗ ${p}`)
    throw new Stop(`refused: ${plural(problems.length, 'problem')} above`)
  }

  const majorWas = await gitMaybe('rev-parse', '--quiet', '--verify', `refs/tags/${major}^{commit}`)
  const pushCommands = [
    ['git', 'push', '--atomic', REMOTE, `refs/heads/${BRANCH}`, `refs/tags/${tag}`],
    ['git', 'push', '--force', REMOTE, `refs/tags/${major}`]
  ]
  const releaseCommand = ['gh', 'release', 'create', tag, '--verify-tag', '--title', tag]
  releaseCommand.push('--notes-file', notesFile)
  const plan = [
    'npm test',
    `CHANGELOG.md: the [Unreleased] entries become "## [${version}] - ${date}"; links updated`,
    `package.json, package-lock.json: version ${pkg.version} → ${version}`,
    'npm run bundle, then check dist/ again',
    `git add --all && git commit -m "Release ${tag}"`,
    `git tag -a ${tag} -m "fleet-check ${tag}"`,
    `git tag --force -a ${major} -m "fleet-check ${tag}" (${majorWas ? `moves from ${majorWas.slice(0, 7)}` : 'new'})`,
    `release notes → ${notesFile}`,
    ...(args.values.push ? pushCommands.map(c => c.join(' ')) : [])
  ]
  out('\nPlan:')
  plan.forEach((step, i) => out(`  ${i + 1}. ${step}`))
  out(`\nRelease notes:\n\n${cut.notes}`)

  if (dryRun) return out('Dry run: nothing was changed.')

  // 2. Green: the project's own tests, on the clean tree.
  try {
    await npm('test')
  } catch (error) {
    throw new Stop(`${error.message}; a release needs a green ${BRANCH}. Nothing was changed.`)
  }

  // 3. The release's files.
  const undo = 'Nothing was committed; `git restore .` undoes the edits.'
  writeFileSync(path.join(root, 'CHANGELOG.md'), cut.changelog)
  writeFileSync(path.join(root, 'package.json'), withVersion('package.json', version))
  if (existsSync(path.join(root, 'package-lock.json'))) {
    writeFileSync(path.join(root, 'package-lock.json'), withVersion('package-lock.json', version))
  }
  try {
    await npm('run', 'bundle')
  } catch (error) {
    throw new Stop(`${error.message}. ${undo}`)
  }
  if (!distFresh()) {
    throw new Stop(
      `npm run bundle did not leave dist/ matching the sources (${HASH_FILE}). ${undo}`
    )
  }

  // 4. Commit and tags. The tree was clean, so everything changed is the release's.
  let commit
  try {
    await git('add', '--all')
    await git('commit', '--quiet', '-m', `Release ${tag}`)
    commit = await git('rev-parse', 'HEAD')
    await git('tag', '-a', tag, '-m', `fleet-check ${tag}`, commit)
    await git('tag', '--force', '-a', major, '-m', `fleet-check ${tag}`, commit)
  } catch (error) {
    throw new Stop(
      `${error.message.trim()}\nStopped part way: see git status, git log -1 and git tag.`
    )
  }
  out(`\n✓ committed ${commit.slice(0, 7)} "Release ${tag}", tagged ${tag}, moved ${major}`)

  // 5. Notes, and the push.
  writeFileSync(notesFile, cut.notes)
  out(`✓ release notes in ${notesFile}`)
  if (args.values.push) {
    for (const [command, ...rest] of pushCommands) {
      try {
        await run(command, rest, { cwd: root, env })
      } catch (error) {
        throw new Stop(
          `${error.message.trim()}\nThe release is committed and tagged here; push it by hand:\n${pushCommands.map(c => `  ${c.join(' ')}`).join('\n')}`
        )
      }
      out(`✓ ${[command, ...rest].join(' ')}`)
    }
    out(`\nThen publish the release:\n  ${releaseCommand.join(' ')}`)
  } else {
    out('\nNothing was pushed. To publish:')
    for (const c of [...pushCommands, releaseCommand]) out(`  ${c.join(' ')}`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await release()
}
