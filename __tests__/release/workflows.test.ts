// The workflows and what a user copies from the README are valid, and the repository's release
// files say what they should: actionlint (scripts/actionlint.mjs, the same as `npm run
// actionlint`) on .github/workflows and on every workflow example in README.md; one version of
// each action everywhere; the action's name as the repository spells it; the inputs examples use
// exist; the Node version CI reads is the one the action runs on; CodeQL, Dependabot and
// .gitattributes as intended.
import { afterAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { ROOT } from '../helpers/run-action.js'

interface Finding {
  file: string
  line: number
  column: number
  kind: string
  message: string
}
interface Example {
  kind: 'workflow' | 'steps' | 'permissions' | 'invalid'
  line: number
  text: string
}
interface Actionlint {
  lintAll(root?: string): Promise<Finding[]>
  readmeWorkflows(markdown: string): Example[]
  workflowFiles(root?: string): string[]
}
const actionlint = (await import(path.join(ROOT, 'scripts', 'actionlint.mjs'))) as Actionlint

const read = (file: string) => readFile(path.join(ROOT, file), 'utf8')
// Parsed YAML, read field by field: the tests say what they expect of each.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>
const yaml = async (file: string) => parse(await read(file)) as Doc
const README = await read('README.md')
const EXAMPLES = actionlint.readmeWorkflows(README)
const WORKFLOWS = actionlint.workflowFiles()

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })))
})

const show = (findings: Finding[]) =>
  findings.map(f => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`).join('\n')

type Step = { uses?: string; with?: Record<string, unknown>; env?: Record<string, unknown> }

/** Every step of every job of a parsed workflow. */
function steps(workflow: Doc): Step[] {
  return Object.values(workflow?.jobs ?? {}).flatMap(
    job => ((job as { steps?: Step[] }).steps ?? []) as Step[]
  )
}

/** `uses:` references (owner/repo[/path]@ref) in a text, with their lines. */
function usesRefs(text: string): { action: string; ref: string; line: number }[] {
  return text.split('\n').flatMap((l, i) => {
    const m = /uses:\s*['"]?([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@([\w.-]+)/.exec(l)
    return m ? [{ action: m[1].toLowerCase(), ref: m[2], line: i + 1 }] : []
  })
}

describe('actionlint', () => {
  test('every workflow and every workflow example in the README passes actionlint', async () => {
    const findings = await actionlint.lintAll()
    if (findings.length) throw new Error(`actionlint:\n${show(findings)}`)
    // Not vacuous: both workflows and the README's examples were read.
    expect(WORKFLOWS).toEqual(['.github/workflows/ci.yml', '.github/workflows/codeql.yml'])
    expect(EXAMPLES.filter(e => e.kind === 'workflow').length).toBeGreaterThanOrEqual(9)
    expect(EXAMPLES.filter(e => e.kind === 'steps').length).toBeGreaterThanOrEqual(3)
    expect(EXAMPLES.filter(e => e.kind === 'permissions').length).toBeGreaterThanOrEqual(3)
  })

  test('finds what is wrong, in a workflow file and in a README example, on the right line', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'fleet-check-actionlint-'))
    dirs.push(root)
    await mkdir(path.join(root, '.github', 'workflows'), { recursive: true })
    await writeFile(
      path.join(root, '.github', 'workflows', 'bad.yml'),
      'on: pushh\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n'
    )
    const readme = [
      '# Bad examples', //                          1
      '', //                                        2
      '```yaml', //                                 3
      'jobs:', //                                   4: a workflow without on:
      '  verify:', //                               5: needs a job that is not there
      '    needs: deploy', //                       6
      '    runs-on: ubuntu-latest', //              7
      '    steps:', //                              8
      '      - uses: actions/checkout@v7', //       9
      '```', //                                     10
      '', //                                        11
      '```yaml', //                                 12
      '- uses: fleet-check/fleet-check@v1', //      13: a list of steps, wrapped
      '  timeout-minutes: soon', //                 14: not a number
      '```', //                                     15
      '', //                                        16
      '```yaml', //                                 17
      'permissions:', //                            18: a permissions block, wrapped
      '  statuses: writ', //                        19: no such value
      '```', //                                     20
      ''
    ].join('\n')
    await writeFile(path.join(root, 'README.md'), readme)
    const findings = await actionlint.lintAll(root)
    const at = (file: string, line: number, message: RegExp) =>
      findings.some(f => f.file === file && f.line === line && message.test(f.message))
    expect(at('.github/workflows/bad.yml', 1, /unknown Webhook event "pushh"/)).toBe(true)
    expect(at('.github/workflows/bad.yml', 6, /property "nope" is not defined/)).toBe(true)
    expect(at('README.md', 4, /"on" section is missing/)).toBe(true)
    expect(at('README.md', 5, /job "verify" needs job "deploy" which does not exist/)).toBe(true)
    expect(at('README.md', 14, /float number literal, but found plain text/)).toBe(true)
    expect(at('README.md', 19, /"writ" is invalid for permission of scope "statuses"/)).toBe(true)
    expect(findings.length).toBe(6)
  })

  test('every workflow example in the README has on: (the wrapped snippets are steps)', () => {
    for (const e of EXAMPLES.filter(x => x.kind === 'workflow')) {
      expect({ line: e.line, on: /^on:/m.test(e.text) }).toEqual({ line: e.line, on: true })
    }
    expect(EXAMPLES.filter(e => e.kind === 'invalid')).toEqual([])
  })
})

describe('what users copy', () => {
  test('the action is fleet-check/fleet-check@v1 everywhere, as package.json names the repository', async () => {
    const pkg = JSON.parse(await read('package.json'))
    expect(pkg.repository.url).toBe('git+https://github.com/fleet-check/fleet-check.git')
    const ours = usesRefs(README).filter(u => /fleet-check$/.test(u.action))
    expect(ours.length).toBeGreaterThanOrEqual(10)
    for (const u of ours) expect(`${u.action}@${u.ref}`).toBe('fleet-check/fleet-check@v1')
    expect(README).not.toMatch(/your-org|owner\/fleet-check/)
  })

  test('README examples give fleet-check only inputs that action.yml declares', async () => {
    const inputs = Object.keys((await yaml('action.yml')).inputs)
    const used = EXAMPLES.filter(e => e.kind !== 'invalid')
      .flatMap(e => steps(parse(e.text)))
      .filter(s => s.uses?.startsWith('fleet-check/fleet-check@'))
    expect(used.length).toBeGreaterThanOrEqual(10)
    for (const s of used) {
      for (const key of Object.keys(s.with ?? {})) expect(inputs).toContain(key)
    }
    // One example passes a secret to a ${VAR} of the fleet file through the step's env:.
    expect(used.some(s => /secrets\./.test(JSON.stringify(s.env ?? {})))).toBe(true)
  })

  test('each action has one version in the workflows and the README, and it is the current major', async () => {
    const texts: Record<string, string> = { README }
    for (const w of WORKFLOWS) texts[w] = await read(w)
    const refs = new Map<string, Set<string>>()
    for (const [file, text] of Object.entries(texts)) {
      for (const u of usesRefs(text)) {
        if (u.action === 'fleet-check/fleet-check') continue
        refs.set(u.action, (refs.get(u.action) ?? new Set()).add(`${u.ref} (${file}:${u.line})`))
      }
    }
    const versions = Object.fromEntries(
      [...refs].map(([action, at]) => [action, [...new Set([...at].map(a => a.split(' ')[0]))]])
    )
    for (const [action, at] of refs) {
      // One version of an action everywhere (Dependabot bumps the workflows: the README follows).
      expect({ action, versions: versions[action] }).toEqual({
        action,
        versions: [expect.any(String)]
      })
      expect([...at].length).toBeGreaterThan(0)
    }
    // No older than the majors current when this was written (each action's repository, its
    // newest major tag).
    const current: Record<string, number> = {
      'actions/checkout': 7,
      'actions/setup-node': 7,
      'actions/upload-artifact': 7,
      'azure/k8s-set-context': 5,
      'github/codeql-action': 4
    }
    expect(Object.keys(versions).sort()).toEqual(Object.keys(current).sort())
    for (const [action, [ref]] of Object.entries(versions)) {
      expect({ action, major: Number(/^v(\d+)$/.exec(ref)?.[1]) >= current[action] }).toEqual({
        action,
        major: true
      })
    }
  })
})

describe('release files', () => {
  test('CI reads .node-version, which names the Node major the action runs on', async () => {
    const nodeVersion = (await read('.node-version')).trim()
    const action = await yaml('action.yml')
    const pkg = JSON.parse(await read('package.json'))
    expect(action.runs.using).toBe(`node${nodeVersion}`)
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${nodeVersion}\\.`))
    const setups = steps(await yaml('.github/workflows/ci.yml')).filter(s =>
      s.uses?.startsWith('actions/setup-node@')
    )
    expect(setups.length).toBe(3)
    for (const s of setups) {
      expect(s.with?.['node-version-file']).toBe('.node-version')
      expect(s.with?.['node-version']).toBeUndefined()
    }
  })

  test('action.yml is ready for the Marketplace: a real author and branding', async () => {
    const action = await yaml('action.yml')
    expect(action.author).toBe('fleet-check contributors')
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) })
  })

  test('CodeQL analyses javascript-typescript on pushes to main, pull requests and weekly, with minimal permissions', async () => {
    const codeql = await yaml('.github/workflows/codeql.yml')
    expect(codeql.on.push).toEqual({ branches: ['main'] })
    expect(codeql.on).toHaveProperty('pull_request')
    expect(codeql.on.schedule).toHaveLength(1)
    expect(codeql.permissions).toEqual({})
    const job = codeql.jobs.analyze
    expect(job.permissions).toEqual({
      actions: 'read',
      contents: 'read',
      'security-events': 'write'
    })
    const init = steps(codeql).find(s => s.uses?.startsWith('github/codeql-action/init@'))
    expect(init?.with?.languages).toBe('javascript-typescript')
    expect(steps(codeql).some(s => s.uses?.startsWith('github/codeql-action/analyze@'))).toBe(true)
  })

  test('Dependabot: npm and github-actions weekly and grouped; TypeScript below 7, Node 24, client-node pinned', async () => {
    const config = await yaml('.github/dependabot.yml')
    const byEcosystem: Record<string, Doc> = Object.fromEntries(
      (config.updates as Doc[]).map(u => [u['package-ecosystem'], u])
    )
    expect(Object.keys(byEcosystem).sort()).toEqual(['github-actions', 'npm'])
    for (const u of Object.values(byEcosystem)) {
      expect(u.schedule.interval).toBe('weekly')
      expect(Object.keys(u.groups ?? {}).length).toBeGreaterThan(0)
    }
    const ignore: Record<string, Doc> = Object.fromEntries(
      (byEcosystem.npm.ignore as Doc[]).map(i => [i['dependency-name'], i])
    )
    expect(ignore.typescript.versions).toEqual(['>= 7'])
    expect(ignore['@types/node'].versions).toEqual(['>= 25'])
    expect(ignore.node.versions).toEqual(['>= 25'])
    expect(ignore['@kubernetes/client-node']['update-types']).toEqual([
      'version-update:semver-major',
      'version-update:semver-minor'
    ])
    // What the ignore rules hold back is what package.json has today.
    const pkg = JSON.parse(await read('package.json'))
    expect(pkg.devDependencies['@kubernetes/client-node']).toBe('2.0.1')
    expect(pkg.devDependencies.typescript).toMatch(/^\^[56]\./)
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./)
  })

  test('.gitattributes marks dist/ and the schema as generated and makes line endings LF', async () => {
    const { stdout } = await promisify(execFile)(
      'git',
      [
        'check-attr',
        'linguist-generated',
        'eol',
        '--',
        'dist/index.js',
        'schema/fleet.schema.json',
        'src/main.ts'
      ],
      { cwd: ROOT }
    )
    expect(stdout.trim().split('\n')).toEqual([
      'dist/index.js: linguist-generated: true',
      'dist/index.js: eol: lf',
      'schema/fleet.schema.json: linguist-generated: true',
      'schema/fleet.schema.json: eol: lf',
      'src/main.ts: linguist-generated: unspecified',
      'src/main.ts: eol: lf'
    ])
  })

  test('CHANGELOG.md follows Keep a Changelog, with entries under Unreleased and links for every version', async () => {
    const changelog = await read('CHANGELOG.md')
    const { unreleased } = (await import(path.join(ROOT, 'scripts', 'changelog.mjs'))) as {
      unreleased(text: string): { ok: boolean; entries?: number }
    }
    expect(unreleased(changelog).ok).toBe(true)
    const versions = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/gm)].map(
      m => m[1]
    )
    expect(versions).toContain('1.0.0')
    for (const v of ['Unreleased', ...versions]) {
      expect(changelog).toMatch(
        new RegExp(
          `^\\[${v.replace(/\./g, '\\.')}\\]: https://github\\.com/fleet-check/fleet-check/`,
          'm'
        )
      )
    }
  })
})
