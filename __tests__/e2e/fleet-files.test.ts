// Declaring the fleet: ranges, fleet files relative to the workspace, defaults, and the short
// forms of the `targets` input.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runAction } from '../helpers/run-action.js'
import { json, startFleet, startServer, type TestServer } from '../helpers/servers.js'
import { errors, names, OLD, pathOf, report, SHA, SHORT } from '../helpers/outcome.js'

let fleet: TestServer
let builds: TestServer

beforeAll(async () => {
  const routers: Record<string, string> = {}
  for (let i = 1; i <= 8; i++) routers[`router-${i}`] = i === 8 ? '1a2b3c4' : SHA
  for (const n of ['01', '02', '03']) routers[`node-${n}`] = SHA
  fleet = await startFleet(routers)
  // /<name> answers { build: { id }, sha } and an X-Build header, the id and header on SHA and
  // the top-level sha on OLD, so that the extraction used shows in the verdict.
  builds = await startServer((req, res) => {
    if (pathOf(req.url).startsWith('/hang')) return
    res.setHeader('x-build', SHA)
    json(res, { build: { id: SHA }, sha: OLD })
  })
})
afterAll(async () => {
  await fleet.close()
  await builds.close()
})

describe('ranges', () => {
  test('router-[1:8] is eight targets, in order, and router-8 is caught', async () => {
    const before = fleet.requests.length
    const run = await runAction({
      inputs: {
        targets: `- name: router-[1:8]\n  url: http://127.0.0.1:${fleet.port}/router-[1:8]/version`
      }
    })
    expect(run.code).toBe(1)
    const all = Array.from({ length: 8 }, (_, i) => `router-${i + 1}`)
    expect(report(run).targets.map(t => [t.name, t.url])).toEqual(
      all.map(n => [n, `${fleet.origin}/${n}/version`])
    )
    expect(names(run, 'current')).toEqual(all.slice(0, 7))
    expect(names(run, 'stale')).toEqual(['router-8'])
    expect(errors(run)).toContain(`1 of 8 targets not on ${SHORT}: router-8 stale (runs 1a2b3c4)`)
    expect(
      fleet.requests
        .slice(before)
        .map(r => pathOf(r.url))
        .sort()
    ).toEqual(all.map(n => `/${n}/version`).sort())
  })

  test('[01:03] keeps the zero padding', async () => {
    const run = await runAction({
      inputs: { targets: `- name: node-[01:03]\n  url: ${fleet.origin}/node-[01:03]/version` }
    })
    expect(run.code).toBe(0)
    expect(names(run, 'current')).toEqual(['node-01', 'node-02', 'node-03'])
    expect(report(run).targets.map(t => t.url)).toEqual(
      ['01', '02', '03'].map(n => `${fleet.origin}/node-${n}/version`)
    )
  })

  test('one URL a line: each target is named by its host:port', async () => {
    const other = await startFleet({ a: SHA })
    try {
      const run = await runAction({
        inputs: { targets: `${fleet.origin}/node-01/version\n${other.origin}/a/version` }
      })
      expect(run.code).toBe(0)
      expect(names(run, 'current')).toEqual([`127.0.0.1:${fleet.port}`, `127.0.0.1:${other.port}`])
    } finally {
      await other.close()
    }
  })
})

const FLEET_YAML = (origin: string) => `# the fleet, with defaults
defaults:
  json: build.id
  headers:
    X-Team: platform
  timeout: 5s
targets:
  - name: inherits
    url: ${origin}/inherits
  - name: own-extraction
    url: ${origin}/own-extraction
    json: sha
  - name: own-header
    url: ${origin}/own-header
    header: X-Build
    headers:
      X-Team: checkout
  - name: own-expected
    url: ${origin}/own-expected
    json: sha
    expected: ${OLD.slice(0, 7)}
`

const FLEET_JSON = (origin: string) =>
  JSON.stringify(
    {
      defaults: { json: 'build.id', headers: { 'X-Team': 'platform' }, timeout: '5s' },
      targets: [
        { name: 'inherits', url: `${origin}/inherits` },
        { name: 'own-extraction', url: `${origin}/own-extraction`, json: 'sha' },
        {
          name: 'own-header',
          url: `${origin}/own-header`,
          header: 'X-Build',
          headers: { 'X-Team': 'checkout' }
        },
        {
          name: 'own-expected',
          url: `${origin}/own-expected`,
          json: 'sha',
          expected: OLD.slice(0, 7)
        }
      ]
    },
    null,
    2
  )

describe.each([
  ['YAML', 'fleet.yml', FLEET_YAML],
  ['JSON', 'fleet.json', FLEET_JSON]
])('a %s targets-file', (_, file, content) => {
  test('targets inherit defaults and their own keys win', async () => {
    const before = builds.requests.length
    const run = await runAction({
      inputs: { 'targets-file': file },
      files: { [file]: content(builds.origin) }
    })
    expect(report(run).targets.map(t => [t.name, t.status, t.reported, t.expected])).toEqual([
      ['inherits', 'current', SHA, SHA],
      ['own-extraction', 'stale', OLD, SHA],
      ['own-header', 'current', SHA, SHA],
      ['own-expected', 'current', OLD, OLD.slice(0, 7)]
    ])
    expect(run.code).toBe(1)
    const team = Object.fromEntries(
      builds.requests.slice(before).map(r => [pathOf(r.url).slice(1), r.headers['x-team']])
    )
    expect(team).toEqual({
      inherits: 'platform',
      'own-extraction': 'platform',
      'own-header': 'checkout',
      'own-expected': 'platform'
    })
  })
})

test('the timeout comes from the target, else defaults, else the input', async () => {
  const run = await runAction({
    inputs: { 'targets-file': 'fleet.yml', timeout: '250ms', retries: '0' },
    files: {
      'fleet.yml': `defaults:\n  timeout: 300ms\ntargets:\n  - {name: a, url: "${builds.origin}/hang/a"}\n  - {name: b, url: "${builds.origin}/hang/b", timeout: 200ms}\n`
    }
  })
  expect(report(run).targets.map(t => t.reason)).toEqual([
    'timed out after 300ms',
    'timed out after 200ms'
  ])
  const inline = await runAction({
    inputs: {
      targets: `- {name: c, url: "${builds.origin}/hang/c"}`,
      timeout: '250ms',
      retries: '0'
    }
  })
  expect(report(inline).targets.map(t => t.reason)).toEqual(['timed out after 250ms'])
})

describe('workspace paths', () => {
  let workspace: string
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'fleet-check-ws-'))
    await mkdir(path.join(workspace, 'deploy'))
    await writeFile(
      path.join(workspace, 'deploy', 'fleet.yml'),
      `targets:\n  - name: node-[01:03]\n    url: ${fleet.origin}/node-[01:03]/version\n`
    )
  })
  afterAll(() => rm(workspace, { recursive: true, force: true }))

  test('targets-file and report-path are relative to GITHUB_WORKSPACE, not the working directory', async () => {
    // The working directory is elsewhere (this repository in-process, another temporary directory
    // for the bundle): only GITHUB_WORKSPACE has deploy/.
    const run = await runAction({
      inputs: { 'targets-file': 'deploy/fleet.yml', 'report-path': 'out/fleet-report.json' },
      env: { GITHUB_WORKSPACE: workspace }
    })
    expect(run.code).toBe(0)
    expect(names(run, 'current')).toEqual(['node-01', 'node-02', 'node-03'])
    const written = JSON.parse(
      await readFile(path.join(workspace, 'out', 'fleet-report.json'), 'utf8')
    ) as { result: string; targets: unknown[] }
    expect(written.result).toBe('pass')
    expect(written.targets).toHaveLength(3)
  })
})
