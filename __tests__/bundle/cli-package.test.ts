// The `fleet-check` command as users get it: the package packed with `npm pack`, installed with
// `npm install -g` into a temporary prefix, and the installed command run as a shell would run
// it (on the Node first on PATH, and on the Node 20 this machine has). The in-process suites in
// __tests__/cli/ test each behaviour in detail; this proves the shipped package has them.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { Ajv } from 'ajv'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { parse as parseYaml } from 'yaml'
import { fleet, ROOT } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const TOKEN = 'cli-tok-5e8a1f3b9c'

interface Ran {
  code: number
  stdout: string
  stderr: string
}

function execute(
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {}
): Promise<Ran> {
  return new Promise(resolve => {
    execFile(
      file,
      args,
      { cwd: options.cwd ?? work, env: options.env ?? cleanEnv(), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

/** No CI or GitHub variables from the test's own environment: only what a test gives. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...extra }
}

let work: string
let command: string
let script: string
let server: TestServer
let fleetFile: string

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'fleet-check-cli-'))
  const packed = await execute('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: cleanEnv()
  })
  expect(packed.code).toBe(0)
  const [{ filename, files }] = JSON.parse(packed.stdout) as {
    filename: string
    files: { path: string }[]
  }[]
  // The package holds the command's bundle, not the action's or the sources.
  const paths = files.map(f => f.path)
  expect(paths).toContain('dist/cli/index.js')
  expect(paths).toContain('schema/fleet.schema.json')
  expect(paths).toContain('LICENSE')
  expect(paths.some(p => p.startsWith('src/') || p === 'dist/index.js')).toBe(false)
  const prefix = path.join(work, 'prefix')
  const installed = await execute(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--offline',
      '--no-audit',
      '--no-fund',
      path.join(work, filename)
    ],
    { env: cleanEnv() }
  )
  expect(installed.stderr).not.toMatch(/ERR!/)
  expect(installed.code).toBe(0)
  command = path.join(prefix, 'bin', 'fleet-check')
  script = path.join(prefix, 'lib', 'node_modules', 'fleet-check', 'dist', 'cli', 'index.js')

  server = await startServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://x').pathname
    if (route === '/old') return json(res, { sha: OLD })
    // Reflects the bearer token as the build: a reflected secret.
    if (route === '/echo') {
      return json(res, { sha: String(req.headers.authorization).replace(/^Bearer /, '') })
    }
    return json(res, { sha: SHA })
  })
  fleetFile = path.join(work, 'fleet.yml')
  await writeFile(
    fleetFile,
    `targets:\n  - name: web-1\n    url: ${server.origin}/a\n  - name: web-2\n    url: ${server.origin}/b\n`
  )
}, 120_000)

afterAll(async () => {
  await server?.close()
  await rm(work, { recursive: true, force: true })
})

test('the installed command prints its version and the JSON Schema, which validates fleets', async () => {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string
  }
  const version = await execute(command, ['--version'])
  expect(version).toMatchObject({ code: 0, stdout: `fleet-check ${pkg.version}\n` })

  const printed = await execute(command, ['schema'])
  expect(printed.code).toBe(0)
  expect(printed.stdout).toBe(
    await readFile(path.join(ROOT, 'schema', 'fleet.schema.json'), 'utf8')
  )
  const validate = new Ajv({ strict: false }).compile(JSON.parse(printed.stdout) as object)
  const good = `targets:\n  - name: api\n    url: https://api.example.com/version\n    samples: 3\n`
  const bad = `targets:\n  - name: api\n    url: https://api.example.com/version\n    sample: 3\n`
  expect(validate(parseYaml(good))).toBe(true)
  expect(validate(parseYaml(bad))).toBe(false)
})

describe.each([
  ['the Node first on PATH', () => [command, []] as const],
  ['Node 20', () => [node20(), [script]] as const]
])('on %s', (_, how) => {
  test('a current fleet exits 0; a stale target exits 1 and is named', async () => {
    const [file, pre] = how()
    const pass = await execute(file, [...pre, fleetFile, '--expected', SHA])
    expect(pass.stderr).toBe('')
    expect(pass.code).toBe(0)
    expect(pass.stdout).toMatch(/All 2 targets on 9f8e7d6/)

    const stale = await execute(file, [
      ...pre,
      '--targets',
      fleet([
        ['web-1', `${server.origin}/a`],
        ['web-old', `${server.origin}/old`]
      ]),
      '--expected',
      SHA
    ])
    expect(stale.code).toBe(1)
    expect(stale.stdout).toMatch(/stale\s+web-old/)
    expect(stale.stdout).not.toMatch(/^::/m)
  })
})

test('bad input exits 2 with the message that names the option, the value and what is expected', async () => {
  const r = await execute(command, [fleetFile, '--expected', SHA, '--timeout', '10x'])
  expect(r.code).toBe(2)
  expect(r.stderr).toMatch(/option --timeout: "10x"/)
  expect(r.stderr).toMatch(/expected/)
  expect(r.stdout).toBe('')
  const usage = await execute(command, ['--timout', '5s'])
  expect(usage.code).toBe(2)
  expect(usage.stderr).toMatch(/--timout/)
})

test('--format json prints the report alone; --junit and --report write their files', async () => {
  const r = await execute(command, [
    '--targets',
    fleet([
      ['web-1', `${server.origin}/a`],
      ['web-old', `${server.origin}/old`]
    ]),
    '--expected',
    SHA,
    '--format',
    'json',
    '--junit',
    'out/fleet-check.xml',
    '--report',
    'out/report.json'
  ])
  expect(r.code).toBe(1)
  const report = JSON.parse(r.stdout) as {
    result: string
    targets: { name: string; status: string }[]
  }
  expect(report.result).toBe('fail')
  expect(report.targets.map(t => [t.name, t.status])).toEqual([
    ['web-1', 'current'],
    ['web-old', 'stale']
  ])
  expect(JSON.parse(await readFile(path.join(work, 'out', 'report.json'), 'utf8'))).toEqual(report)
  const xml = await readFile(path.join(work, 'out', 'fleet-check.xml'), 'utf8')
  expect(XMLValidator.validate(xml)).toBe(true)
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    testsuites: { testsuite: { name: string; tests: string; failures: string } }
  }
  expect(parsed.testsuites.testsuite).toMatchObject({
    name: 'fleet-check',
    tests: '2',
    failures: '1'
  })
})

test('the expected build comes from a CI variable, else from git HEAD, and the output names it', async () => {
  const gitlab = await execute(command, [fleetFile], { env: cleanEnv({ CI_COMMIT_SHA: SHA }) })
  expect(gitlab.code).toBe(0)
  expect(gitlab.stdout).toMatch(/CI_COMMIT_SHA/)

  const repo = await mkdtemp(path.join(work, 'repo-'))
  const git = (...args: string[]) =>
    execute('git', args, {
      cwd: repo,
      env: cleanEnv({
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com'
      })
    })
  await git('init', '-q')
  await git('commit', '-q', '--allow-empty', '-m', 'x')
  const head = (await git('rev-parse', 'HEAD')).stdout.trim()
  const fromGit = await execute(command, [fleetFile], { cwd: repo })
  // The fleet runs SHA, not this new commit: stale, against HEAD.
  expect(fromGit.code).toBe(1)
  expect(fromGit.stdout).toContain(head)
  expect(fromGit.stdout).toMatch(/git HEAD/)

  const none = await execute(command, [fleetFile], { cwd: work })
  expect(none.code).toBe(2)
  expect(none.stderr).toMatch(/CI_COMMIT_SHA/)
})

test('a header secret a server echoes back is never printed, in any format or file', async () => {
  const args = [
    '--targets',
    fleet([['echo', `${server.origin}/echo`]]),
    '--expected',
    SHA,
    '--header',
    `Authorization: Bearer ${TOKEN}`,
    '--junit',
    'secret.xml',
    '--report',
    'secret.json'
  ]
  for (const format of ['text', 'json']) {
    const r = await execute(command, [...args, '--format', format, '--verbose'])
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).not.toContain(TOKEN)
    expect(await readFile(path.join(work, 'secret.xml'), 'utf8')).not.toContain(TOKEN)
    expect(await readFile(path.join(work, 'secret.json'), 'utf8')).not.toContain(TOKEN)
  }
})

test('colour only on request: NO_COLOR and pipes get none, FORCE_COLOR gets it', async () => {
  const args = ['--targets', fleet([['web-old', `${server.origin}/old`]]), '--expected', SHA]
  const plain = await execute(command, args, { env: cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }) })
  expect(plain.code).toBe(1)
  expect(plain.stdout).not.toContain('\u001b[')
  const piped = await execute(command, args)
  expect(piped.stdout).not.toContain('\u001b[')
  const forced = await execute(command, args, { env: cleanEnv({ FORCE_COLOR: '1' }) })
  expect(forced.code).toBe(1)
  expect(forced.stdout).toContain('\u001b[31m')
})

/** The Node 20 installed on this machine (the command must run on Node 20 and later). */
function node20(): string {
  const dirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(d => !d.includes('node_modules'))
  for (const candidate of [...dirs.map(d => path.join(d, 'node')), '/usr/bin/node']) {
    if (NODE_20.has(candidate)) return candidate
  }
  throw new Error(`no Node 20 found on PATH (${dirs.join(', ')}) or at /usr/bin/node`)
}
const NODE_20 = new Set<string>()
beforeAll(async () => {
  const dirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(d => !d.includes('node_modules'))
  for (const candidate of [...dirs.map(d => path.join(d, 'node')), '/usr/bin/node']) {
    const r = await execute(candidate, ['--version'], { env: cleanEnv() })
    if (r.code === 0 && r.stdout.startsWith('v20.')) NODE_20.add(candidate)
  }
})
