// scripts/release.mjs on a small git repository of its own in a temporary directory: the layout
// the script reads (package.json, package-lock.json, CHANGELOG.md, dist/inputs.sha256 over src/
// and the bundle scripts), with `test` and `bundle` npm scripts that only record that they ran
// (the real npm runs them), and a bare repository as origin. Its release() runs in this process,
// as `node scripts/release.mjs` runs it, and twice as that command itself. Then the changelog
// rules (scripts/changelog.mjs) as properties.
import { afterAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from '../helpers/run-action.js'

const exec = promisify(execFile)
const SCRIPT = path.join(ROOT, 'scripts', 'release.mjs')
const REPO_URL = 'https://github.com/fleet-check/fleet-check'

interface Changelog {
  parseVersion(text: string): [number, number, number] | undefined
  compareVersions(a: string, b: string): number
  newestReleaseTag(tags: string[]): string | undefined
  repositoryUrl(repository: unknown): string | undefined
  unreleased(text: string): { ok: boolean; error?: string; entries?: number }
  cutRelease(
    text: string,
    options: { version: string; date: string; repoUrl: string }
  ): { ok: boolean; error?: string; changelog?: string; notes?: string; previous?: string }
}
interface DistInputs {
  inputsHash(root?: string): string
}
const changelog = (await import(path.join(ROOT, 'scripts', 'changelog.mjs'))) as Changelog
const { inputsHash } = (await import(path.join(ROOT, 'scripts', 'dist-inputs.mjs'))) as DistInputs

const ENTRIES = `### Added

- Checks every pod of a workload.

### Fixed

- A TLS handshake that never completes no longer outlives the deadline.`

const CHANGELOG = (unreleased: string) => `# Changelog

## [Unreleased]

${unreleased}

## [1.0.0] - 2026-11-26

### Added

- The first release.

[Unreleased]: ${REPO_URL}/compare/v1.0.0...HEAD
[1.0.0]: ${REPO_URL}/releases/tag/v1.0.0
`

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })))
})

const git = async (cwd: string, ...args: string[]) =>
  (await exec('git', args, { cwd })).stdout.trim()

interface Fixture {
  dir: string
  /** what the fixture's npm scripts ran, one name a line */
  marks: string
  notes: string
}

/**
 * A released-at-1.0.0 repository on main, in sync with its origin, clean, dist/ fresh, with
 * entries under Unreleased. `test` and `bundle` append their names to a file outside the tree;
 * `bundle` also rewrites dist/inputs.sha256, as the real one does last. Built once; each test
 * gets a copy (origin is a relative path, so a copy is a repository of its own).
 */
async function template(): Promise<string> {
  const base = await mkdtemp(path.join(tmpdir(), 'fleet-check-release-template-'))
  dirs.push(base)
  const dir = path.join(base, 'repo')
  const mark = (name: string) =>
    `node -e "require('fs').appendFileSync(process.env.RELEASE_TEST_MARKS, '${name}\\n'); process.exit(Number(process.env.RELEASE_TEST_EXIT_${name.toUpperCase()} ?? 0))"`
  await mkdir(path.join(dir, 'scripts'), { recursive: true })
  await mkdir(path.join(dir, 'src'))
  await mkdir(path.join(dir, 'shims'))
  await mkdir(path.join(dir, 'dist'))
  const pkg = {
    name: 'fixture',
    version: '1.0.0',
    private: true,
    repository: { type: 'git', url: `git+${REPO_URL}.git` },
    scripts: {
      test: mark('test'),
      bundle: 'node scripts/bundle.mjs'
    }
  }
  const lock = {
    name: 'fixture',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'fixture', version: '1.0.0' } }
  }
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
  await writeFile(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`)
  await writeFile(path.join(dir, 'tsconfig.json'), '{}\n')
  await writeFile(path.join(dir, 'src', 'index.ts'), 'export const answer = 42\n')
  await writeFile(path.join(dir, 'shims', 'index.js'), 'module.exports = {}\n')
  // The fixture's bundle builds nothing: it says it ran, then writes dist/'s hash as the real one
  // does last.
  await writeFile(
    path.join(dir, 'scripts', 'bundle.mjs'),
    "import { appendFileSync } from 'node:fs'\nappendFileSync(process.env.RELEASE_TEST_MARKS, 'bundle\\n')\nprocess.argv.push('--write')\nawait import('./dist-inputs.mjs')\n"
  )
  await writeFile(path.join(dir, 'scripts', 'licenses.mjs'), '// no licences\n')
  await writeFile(path.join(dir, 'scripts', 'ascii-bundle.mjs'), '// no rewriting\n')
  await copyFile(
    path.join(ROOT, 'scripts', 'dist-inputs.mjs'),
    path.join(dir, 'scripts', 'dist-inputs.mjs')
  )
  await writeFile(path.join(dir, 'CHANGELOG.md'), CHANGELOG(ENTRIES))
  await writeFile(path.join(dir, 'dist', 'inputs.sha256'), `${inputsHash(dir)}\n`)
  await git(base, 'init', '--quiet', '--template=', '--bare', '--initial-branch=main', 'origin.git')
  await git(base, 'init', '--quiet', '--template=', '--initial-branch=main', 'repo')
  for (const [key, value] of [
    ['user.name', 'Release Test'],
    ['user.email', 'release@example.com'],
    ['commit.gpgSign', 'false'],
    ['tag.gpgSign', 'false'],
    ['core.hooksPath', 'no-hooks'] // none of the machine's own hooks
  ]) {
    await git(dir, 'config', key, value)
  }
  await git(dir, 'add', '--all')
  await git(dir, 'commit', '--quiet', '-m', 'v1')
  await git(dir, 'tag', '-a', 'v1.0.0', '-m', 'fleet-check v1.0.0')
  await git(dir, 'tag', '-a', 'v1', '-m', 'fleet-check v1.0.0')
  await git(dir, 'remote', 'add', 'origin', '../origin.git')
  await git(dir, 'push', '--quiet', '-u', 'origin', 'main', '--tags')
  return base
}

let built: Promise<string> | undefined

async function fixture(options: { unreleased?: string } = {}): Promise<Fixture> {
  built ??= template()
  const base = await mkdtemp(path.join(tmpdir(), 'fleet-check-release-'))
  dirs.push(base)
  await cp(await built, base, { recursive: true })
  const f = {
    dir: path.join(base, 'repo'),
    marks: path.join(base, 'marks'),
    notes: path.join(base, 'notes.md')
  }
  if (options.unreleased !== undefined) {
    await writeFile(path.join(f.dir, 'CHANGELOG.md'), CHANGELOG(options.unreleased))
    await git(f.dir, 'commit', '--quiet', '-am', 'changelog')
    await git(f.dir, 'push', '--quiet', 'origin', 'main')
  }
  return f
}

interface Run {
  code: number
  stdout: string
  stderr: string
}

interface ReleaseScript {
  release(options: {
    root: string
    argv: string[]
    env: NodeJS.ProcessEnv
    out: (line: string) => void
    err: (line: string) => void
    stdio: 'ignore'
  }): Promise<number>
}
const script = (await import(SCRIPT)) as ReleaseScript

const fixedArgs = (f: Fixture) => ['--date', '2026-12-01', '--notes-file', f.notes]
const envFor = (f: Fixture, extra: Record<string, string> = {}) => ({
  ...process.env,
  ...extra,
  RELEASE_TEST_MARKS: f.marks,
  npm_config_update_notifier: 'false'
})

/** The release in this process (what `npm run release` runs, less a Node start-up each time). */
async function releaseWith(f: Fixture, extraEnv: Record<string, string>, ...args: string[]) {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await script.release({
    root: f.dir,
    argv: [...args, ...fixedArgs(f)],
    env: envFor(f, extraEnv),
    out: line => stdout.push(`${line}\n`),
    err: line => stderr.push(`${line}\n`),
    stdio: 'ignore'
  })
  return { code, stdout: stdout.join(''), stderr: stderr.join('') }
}
const release = (f: Fixture, ...args: string[]): Promise<Run> => releaseWith(f, {}, ...args)

/** The release as a person runs it: `node scripts/release.mjs …` in the repository. */
async function releaseCommand(f: Fixture, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [SCRIPT, ...args, ...fixedArgs(f)], {
      cwd: f.dir,
      env: envFor(f)
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const digest = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

/**
 * Everything a release could change, read without git: every file of the fixture (the
 * repository with its .git, origin, the notes, the marks of the npm scripts) and a hash of its
 * bytes. Only git's index is left out: `git status` refreshes it.
 */
async function state(f: Fixture): Promise<Record<string, string>> {
  const base = path.dirname(f.dir)
  const files: Record<string, string> = {}
  for (const e of await readdir(base, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const file = path.join(e.parentPath, e.name)
    const name = path.relative(base, file)
    if (name !== path.join('repo', '.git', 'index')) files[name] = digest(await readFile(file))
  }
  return files
}

/** Where origin's refs point: `at('refs/tags/v1^{}')` is the commit of the annotated tag v1. */
async function remoteRefs(f: Fixture) {
  const remote = await git(f.dir, 'ls-remote', 'origin')
  return (ref: string) =>
    remote
      .split('\n')
      .find(l => l.endsWith(`\t${ref}`))
      ?.split('\t')[0]
}

/** Runs the release and expects a refusal that says `message` and changes nothing. */
async function expectRefusal(f: Fixture, args: string[], ...messages: RegExp[]) {
  const before = await state(f)
  const r = await release(f, ...args)
  expect(r.code).toBe(1)
  for (const m of messages) expect(r.stderr).toMatch(m)
  expect(r.stderr).toMatch(/release: refused: \d+ problems? above/)
  expect(await state(f)).toEqual(before)
  return r
}

describe('npm run release', () => {
  test.concurrent(
    '--dry-run checks, prints every step and the notes, and changes nothing',
    async () => {
      const f = await fixture()
      const before = await state(f)
      const r = await releaseCommand(f, '1.1.0', '--dry-run')
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const oldHead = await git(f.dir, 'rev-parse', '--short=7', 'HEAD')
      for (const line of [
        'Release v1.1.0 (dry run: nothing will be changed)',
        '✓ on branch main',
        '✓ working tree clean',
        '✓ commits as Release Test <release@example.com>',
        `✓ main is at origin/main (${oldHead})`,
        '✓ dist/ built from the current sources',
        '✓ 1.1.0 is newer than v1.0.0 (package.json: 1.0.0)',
        '✓ CHANGELOG.md: 2 entries under [Unreleased]',
        '1. npm test',
        '2. CHANGELOG.md: the [Unreleased] entries become "## [1.1.0] - 2026-12-01"; links updated',
        '3. package.json, package-lock.json: version 1.0.0 → 1.1.0',
        '4. npm run bundle, then check dist/ again',
        '5. git add --all && git commit -m "Release v1.1.0"',
        '6. git tag -a v1.1.0 -m "fleet-check v1.1.0"',
        `7. git tag --force -a v1 -m "fleet-check v1.1.0" (moves from ${oldHead})`,
        `8. release notes → ${f.notes}`,
        '- Checks every pod of a workload.',
        'Dry run: nothing was changed.'
      ]) {
        expect(r.stdout).toContain(line)
      }
      // Neither npm script ran, no file or ref changed, no notes were written.
      expect(await state(f)).toEqual(before)
    }
  )

  test.concurrent(
    'a release commits, tags vX.Y.Z, moves vX, rebuilds dist/, writes the notes, pushes nothing, and prints the commands that publish it',
    async () => {
      const f = await fixture()
      const old = {
        head: await git(f.dir, 'rev-parse', 'HEAD'),
        remote: await git(f.dir, 'ls-remote', 'origin')
      }
      const oldHash = inputsHash(f.dir)
      const r = await release(f, '1.1.0')
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)

      // npm test first (before anything changed), the bundle after the version bump.
      expect(await readFile(f.marks, 'utf8')).toBe('test\nbundle\n')
      const head = await git(f.dir, 'rev-parse', 'HEAD')
      expect(await git(f.dir, 'rev-parse', 'HEAD^')).toBe(old.head)
      expect(await git(f.dir, 'log', '-1', '--format=%s')).toBe('Release v1.1.0')
      expect(await git(f.dir, 'cat-file', '-t', 'v1.1.0')).toBe('tag')
      expect(await git(f.dir, 'rev-parse', 'v1.1.0^{commit}')).toBe(head)
      expect(await git(f.dir, 'cat-file', '-t', 'v1')).toBe('tag')
      expect(await git(f.dir, 'rev-parse', 'v1^{commit}')).toBe(head)
      expect(await git(f.dir, 'rev-parse', 'v1.0.0^{commit}')).toBe(old.head)
      expect(await git(f.dir, 'status', '--porcelain', '--untracked-files=all')).toBe('')

      const committed = (file: string) => git(f.dir, 'show', `HEAD:${file}`)
      expect(await committed('CHANGELOG.md')).toBe(
        CHANGELOG(`## [1.1.0] - 2026-12-01\n\n${ENTRIES}`)
          .replace(
            `[Unreleased]: ${REPO_URL}/compare/v1.0.0...HEAD`,
            `[Unreleased]: ${REPO_URL}/compare/v1.1.0...HEAD\n[1.1.0]: ${REPO_URL}/compare/v1.0.0...v1.1.0`
          )
          .trim()
      )
      expect(JSON.parse(await committed('package.json')).version).toBe('1.1.0')
      const lock = JSON.parse(await committed('package-lock.json'))
      expect([lock.version, lock.packages[''].version]).toEqual(['1.1.0', '1.1.0'])
      // The version is one of dist/'s inputs: the committed hash is the new one.
      expect(inputsHash(f.dir)).not.toBe(oldHash)
      expect(await committed('dist/inputs.sha256')).toBe(inputsHash(f.dir))

      expect(await readFile(f.notes, 'utf8')).toBe(`${ENTRIES}\n`)
      expect(await git(f.dir, 'ls-remote', 'origin')).toBe(old.remote)

      // The commands it prints publish the release: run as printed, without a shell.
      const printed = r.stdout.slice(r.stdout.indexOf('Nothing was pushed. To publish:\n'))
      expect(printed).toBe(
        `Nothing was pushed. To publish:\n  git push --atomic origin refs/heads/main refs/tags/v1.1.0\n  git push --force origin refs/tags/v1\n  gh release create v1.1.0 --verify-tag --title v1.1.0 --notes-file ${f.notes}\n`
      )
      for (const line of printed.split('\n').filter(l => l.startsWith('  git push'))) {
        await git(f.dir, ...line.trim().split(' ').slice(1))
      }
      const at = await remoteRefs(f)
      expect(at('refs/heads/main')).toBe(head)
      expect(at('refs/tags/v1.1.0^{}')).toBe(head)
      expect(at('refs/tags/v1^{}')).toBe(head)
    }
  )

  test.concurrent(
    '--push pushes main and vX.Y.Z; when origin refuses to move vX (a protected tag), says how to finish by hand',
    async () => {
      const f = await fixture()
      const old = await git(f.dir, 'rev-parse', 'HEAD')
      const hook = path.join(path.dirname(f.dir), 'origin.git', 'hooks', 'pre-receive')
      await mkdir(path.dirname(hook))
      await writeFile(
        hook,
        `#!${process.execPath}\nconst refs = require('fs').readFileSync(0, 'utf8')\nif (/ refs\\/tags\\/v1$/m.test(refs)) { console.error('v1 is protected'); process.exit(1) }\n`,
        { mode: 0o755 }
      )
      const r = await release(f, '1.1.0', '--push')
      expect(r.code).toBe(1)
      const head = await git(f.dir, 'rev-parse', 'HEAD')
      expect(r.stdout).toContain('✓ git push --atomic origin refs/heads/main refs/tags/v1.1.0')
      expect(r.stderr).toMatch(/v1 is protected/)
      expect(r.stderr).toContain(
        'The release is committed and tagged here; push it by hand:\n  git push --atomic origin refs/heads/main refs/tags/v1.1.0\n  git push --force origin refs/tags/v1'
      )
      const at = await remoteRefs(f)
      expect(at('refs/tags/v1.1.0^{}')).toBe(head)
      expect(at('refs/tags/v1^{}')).toBe(old)
    }
  )

  test.concurrent('refuses when git does not know who commits', async () => {
    const f = await fixture()
    for (const key of ['user.name', 'user.email']) await git(f.dir, 'config', '--unset', key)
    await git(f.dir, 'config', 'user.useConfigOnly', 'true')
    // No identity from the machine either: its own git configuration and variables.
    const home = path.dirname(f.dir)
    const env = { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1' }
    for (const v of ['NAME', 'EMAIL']) {
      for (const who of ['AUTHOR', 'COMMITTER']) env[`GIT_${who}_${v}` as keyof typeof env] = ''
    }
    const before = await state(f)
    const r = await releaseWith(f, env, '1.1.0')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/git does not know who commits: set user\.name and user\.email/)
    expect(r.stderr).toMatch(/release: refused: 1 problem above/)
    expect(await state(f)).toEqual(before)
  })

  test.concurrent('refuses a dirty working tree, untracked files included', async () => {
    const f = await fixture()
    await writeFile(path.join(f.dir, 'CHANGELOG.md'), CHANGELOG(`${ENTRIES}\n- Not committed.`))
    await writeFile(path.join(f.dir, 'stray.txt'), 'left behind\n')
    await expectRefusal(
      f,
      ['1.1.0'],
      /the working tree has 2 uncommitted changes; expected a clean tree/,
      /^ {4} M CHANGELOG\.md$/m,
      /^ {4}\?\? stray\.txt$/m
    )
  })

  test.concurrent('refuses another branch, and a detached HEAD', async () => {
    const f = await fixture()
    await git(f.dir, 'checkout', '--quiet', '-b', 'feature')
    await expectRefusal(f, ['1.1.0'], /on branch feature; expected main/)
    await git(f.dir, 'checkout', '--quiet', '--detach', 'main')
    await expectRefusal(f, ['1.1.0'], /on a detached HEAD; expected main/)
  })

  test.concurrent(
    'refuses a version that is not newer than the last tag, or not a version',
    async () => {
      const f = await fixture()
      await expectRefusal(f, ['1.0.0'], /1\.0\.0 is not newer than the last release, v1\.0\.0/)
      await expectRefusal(f, ['1.1'], /"1\.1" is not a version; expected MAJOR\.MINOR\.PATCH/)
    }
  )

  test.concurrent('refuses an empty Unreleased section', async () => {
    const f = await fixture({ unreleased: '### Added\n' })
    await expectRefusal(f, ['1.1.0', '--dry-run'], /no entries under "## \[Unreleased\]"/)
  })

  test.concurrent('refuses a stale dist/', async () => {
    const f = await fixture()
    await writeFile(path.join(f.dir, 'src', 'index.ts'), 'export const answer = 43\n')
    await git(f.dir, 'commit', '--quiet', '-am', 'src changed, dist/ not rebuilt')
    await git(f.dir, 'push', '--quiet', 'origin', 'main')
    await expectRefusal(f, ['1.1.0'], /dist\/ is stale: dist\/inputs\.sha256 does not match/)
  })

  test.concurrent(
    'refuses a main that is not where origin/main is (unpushed, so CI never saw it)',
    async () => {
      const f = await fixture()
      await writeFile(path.join(f.dir, 'CHANGELOG.md'), CHANGELOG(`${ENTRIES}\n- One more.`))
      await git(f.dir, 'commit', '--quiet', '-am', 'not pushed')
      await expectRefusal(f, ['1.1.0'], /main is 1 commit ahead of and 0 behind origin\/main/)
    }
  )

  test.concurrent('lists every problem at once', async () => {
    const f = await fixture()
    await git(f.dir, 'checkout', '--quiet', '-b', 'feature')
    await writeFile(path.join(f.dir, 'stray.txt'), 'x\n')
    const before = await state(f)
    const r = await releaseCommand(f, '1.0.0')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/release: refused: 4 problems above/)
    expect(await state(f)).toEqual(before)
    expect(r.stderr).toMatch(/on branch feature/)
    expect(r.stderr).toMatch(/uncommitted change/)
    expect(r.stderr).toMatch(/not newer than the last release/)
    expect(r.stderr).toMatch(/CHANGELOG\.md already has a "## \[1\.0\.0\]" section/)
  })

  test.concurrent('refuses when npm test fails, before changing anything', async () => {
    const f = await fixture()
    const before = await state(f)
    const r = await releaseWith(f, { RELEASE_TEST_EXIT_TEST: '1' }, '1.1.0')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /npm test failed \(exit code 1\); a release needs a green main\. Nothing was changed\./
    )
    expect(await state(f)).toEqual({ ...before, marks: digest('test\n') })
  })
})

describe('changelog rules', () => {
  const version = fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50))
  const text = ([a, b, c]: [number, number, number]) => `${a}.${b}.${c}`

  test('versions order as their numbers do, and only MAJOR.MINOR.PATCH is a version', () => {
    fc.assert(
      fc.property(version, version, (x, y) => {
        const byNumbers = x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
        expect(Math.sign(changelog.compareVersions(text(x), text(y)))).toBe(Math.sign(byNumbers))
        expect(changelog.parseVersion(text(x))).toEqual(x)
      })
    )
    for (const bad of [
      'v1.2.3',
      '1.2',
      '1.2.3.4',
      '01.2.3',
      '1.2.3-rc.1',
      '1.2.3+build',
      ' 1.2.3',
      ''
    ])
      expect(changelog.parseVersion(bad)).toBeUndefined()
  })

  test('the newest release tag is the greatest vX.Y.Z; the major tags and others are ignored', () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 1 }), versions => {
        const tags = [...versions.map(v => `v${text(v)}`), 'v1', 'v2', 'latest', 'v1.2']
        const newest = [...versions].sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2])[0]
        expect(changelog.newestReleaseTag(tags)).toBe(`v${text(newest)}`)
      })
    )
    expect(changelog.newestReleaseTag(['v1', 'nightly'])).toBeUndefined()
  })

  test('the repository URL for links comes from package.json', () => {
    for (const url of [
      'git+https://github.com/fleet-check/fleet-check.git',
      'https://github.com/fleet-check/fleet-check',
      'git@github.com:fleet-check/fleet-check.git'
    ]) {
      expect(changelog.repositoryUrl({ type: 'git', url })).toBe(REPO_URL)
    }
    expect(changelog.repositoryUrl(undefined)).toBeUndefined()
  })

  test('cutting a release moves exactly the Unreleased entries and keeps everything else', () => {
    const line = fc.stringMatching(/^[A-Za-z](?:[A-Za-z0-9 ,.`()]{0,40}[A-Za-z0-9.`)])?$/)
    const entries = fc.array(line, { minLength: 1, maxLength: 6 }).map(ls => ls.map(l => `- ${l}`))
    fc.assert(
      fc.property(entries, version, (items, v) => {
        const next = text([v[0] + 2, v[1], v[2]]) // newer than the 1.0.0 section
        const body = `### Changed\n\n${items.join('\n')}`
        const before = CHANGELOG(body)
        const cut = changelog.cutRelease(before, {
          version: next,
          date: '2026-12-01',
          repoUrl: REPO_URL
        })
        expect(cut.ok).toBe(true)
        expect(cut.notes).toBe(`${body}\n`)
        expect(cut.previous).toBe('1.0.0')
        const after = cut.changelog ?? ''
        // Unreleased is left empty, right above the new section, which holds the entries.
        expect(after).toContain(
          `## [Unreleased]\n\n## [${next}] - 2026-12-01\n\n${body}\n\n## [1.0.0]`
        )
        expect(changelog.unreleased(after).ok).toBe(false)
        // Older sections and the title are untouched; links compare from the right tags.
        expect(after.slice(0, after.indexOf('## [Unreleased]'))).toBe('# Changelog\n\n')
        expect(after).toContain('## [1.0.0] - 2026-11-26\n\n### Added\n\n- The first release.\n')
        expect(
          after.endsWith(
            `[Unreleased]: ${REPO_URL}/compare/v${next}...HEAD\n[${next}]: ${REPO_URL}/compare/v1.0.0...v${next}\n[1.0.0]: ${REPO_URL}/releases/tag/v1.0.0\n`
          )
        ).toBe(true)
      })
    )
  })

  test('a first release links to its tag; links are added when the file has none', () => {
    const first = '# Changelog\n\n## [Unreleased]\n\n- Everything.\n'
    const cut = changelog.cutRelease(first, {
      version: '1.0.0',
      date: '2026-11-26',
      repoUrl: REPO_URL
    })
    expect(cut.changelog).toBe(
      `# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-11-26\n\n- Everything.\n\n[Unreleased]: ${REPO_URL}/compare/v1.0.0...HEAD\n[1.0.0]: ${REPO_URL}/releases/tag/v1.0.0\n`
    )
  })

  test('refuses a changelog without Unreleased, without entries, or with the version already', () => {
    const opts = { version: '1.0.0', date: '2026-12-01', repoUrl: REPO_URL }
    expect(changelog.cutRelease('# Changelog\n', opts).error).toMatch(
      /no "## \[Unreleased\]" section/
    )
    expect(changelog.cutRelease(CHANGELOG('### Added'), opts).error).toMatch(/no entries under/)
    expect(changelog.cutRelease(CHANGELOG(ENTRIES), opts).error).toMatch(
      /already has a "## \[1\.0\.0\]" section/
    )
  })
})
