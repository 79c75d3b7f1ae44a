// Reading the reported build: json path, header, regex, plain text, the well-known JSON shapes,
// and placeholders that are no report at all.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { json, startServer, text, type TestServer } from '../helpers/servers.js'
import { names, OLD, pathOf, report, SHA } from '../helpers/outcome.js'

let server: TestServer

const SPRING_BOOT_INFO = {
  git: { branch: 'main', commit: { id: SHA.slice(0, 7), time: '2024-05-01T10:00:00Z' } },
  build: { artifact: 'router', name: 'router', version: '0.0.1-SNAPSHOT', group: 'com.example' }
}
const KUBERNETES_VERSION = {
  major: '1',
  minor: '30',
  gitVersion: 'v1.30.2',
  gitCommit: SHA,
  gitTreeState: 'clean',
  buildDate: '2024-06-11T20:20:00Z',
  goVersion: 'go1.22.4',
  compiler: 'gc',
  platform: 'linux/amd64'
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const route = pathOf(req.url)
    switch (route) {
      case '/nested':
        return json(res, { build: { sha: SHA }, sha: OLD })
      case '/array':
        return json(res, { builds: [{ sha: SHA }, { sha: OLD }] })
      case '/header':
        res.writeHead(200, { 'x-build-sha': SHA, 'content-type': 'text/plain' })
        return res.end('ok')
      case '/html-with-commit':
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end(`<html><body><p>Built from commit ${SHA} on Monday</p></body></html>`)
      case '/whole-match':
        return text(res, `release 4.2 (${SHA})`)
      case '/text':
        return text(res, `${SHA}\n`)
      case '/text-two-words':
        return text(res, `build ${SHA}\n`)
      case '/actuator/info':
        return json(res, SPRING_BOOT_INFO)
      case '/version':
        return json(res, KUBERNETES_VERSION)
      case '/json-no-type':
        res.writeHead(200, {})
        return res.end(JSON.stringify({ commitSha: SHA }))
      case '/number':
        return json(res, { build: { id: 1234567 } })
      case '/placeholder/json':
        return json(res, { sha: 'unknown', version: SHA })
      case '/placeholder/text':
        return text(res, 'dev\n')
      case '/placeholder/upper':
        return json(res, { revision: 'N/A' })
      case '/placeholder/null':
        return json(res, { sha: null })
      case '/placeholder/empty':
        return json(res, { build: { sha: '' } })
      case '/empty':
        return json(res, { other: 1 })
    }
    text(res, 'not found', 404)
  })
})
afterAll(() => server.close())

/** One target `t` at `route` with extra keys, run against `expected` (default: SHA). */
async function check(route: string, keys = '', expected?: string) {
  return runAction({
    inputs: {
      targets: `- name: t\n  url: "${server.origin}${route}"\n${keys}`,
      retries: '0',
      ...(expected ? { expected } : {})
    }
  })
}

async function reportOf(route: string, keys = '') {
  const run = await check(route, keys)
  const t = report(run).targets[0]
  return { code: run.code, status: t.status, reported: t.reported, reason: t.reason }
}

describe('configured extraction', () => {
  test('json: a dotted path', async () => {
    expect(await reportOf('/nested', '  json: build.sha\n')).toEqual({
      code: 0,
      status: 'current',
      reported: SHA,
      reason: null
    })
  })

  test('json: numeric segments index arrays', async () => {
    expect(await reportOf('/array', '  json: builds.1.sha\n')).toMatchObject({
      status: 'stale',
      reported: OLD
    })
  })

  test('json: a number is read as text', async () => {
    const run = await check('/number', '  json: build.id\n', '1234567')
    expect(run.code).toBe(0)
    expect(report(run).targets[0].reported).toBe('1234567')
  })

  test('json: a path with nothing there is missing, and says where it looked', async () => {
    expect(await reportOf('/nested', '  json: build.commit\n')).toEqual({
      code: 1,
      status: 'missing',
      reported: null,
      reason: 'no hash at build.commit: "build" has one key, "sha"'
    })
  })

  test('header: a response header', async () => {
    expect(await reportOf('/header', '  header: X-Build-Sha\n')).toMatchObject({
      code: 0,
      status: 'current',
      reported: SHA
    })
  })

  test('header: an absent header is missing', async () => {
    expect(await reportOf('/header', '  header: X-Build-Id\n')).toMatchObject({
      status: 'missing',
      reason: 'no header X-Build-Id; did you mean header: x-build-sha?'
    })
  })

  test('regex: the first capture group', async () => {
    expect(
      await reportOf('/html-with-commit', "  regex: 'commit ([0-9a-f]{7,40})'\n")
    ).toMatchObject({ code: 0, status: 'current', reported: SHA })
  })

  test('regex: the whole match without a group', async () => {
    expect(await reportOf('/whole-match', "  regex: '[0-9a-f]{40}'\n")).toMatchObject({
      code: 0,
      status: 'current',
      reported: SHA
    })
  })

  test('regex: no match is missing', async () => {
    expect(await reportOf('/text', "  regex: 'commit ([0-9a-f]+)'\n")).toMatchObject({
      status: 'missing',
      reason: 'no match for regex /commit ([0-9a-f]+)/'
    })
  })
})

describe('without configuration', () => {
  test('a plain-text body of one token', async () => {
    expect(await reportOf('/text')).toEqual({
      code: 0,
      status: 'current',
      reported: SHA,
      reason: null
    })
  })

  test('a plain-text body of several words is no report', async () => {
    expect(await reportOf('/text-two-words')).toMatchObject({
      status: 'missing',
      reason:
        'body is not a single word of at most 128 characters: it is text (such as a /metrics page), not a build; use regex: to read the build out of it'
    })
  })

  test('an HTML page is no report', async () => {
    expect(await reportOf('/html-with-commit')).toMatchObject({
      status: 'missing',
      reason:
        'body is an HTML page, not a build; expected the URL of the endpoint that reports the build (or regex: to read it out of the page)'
    })
  })

  test('the Spring Boot actuator /info shape (git.commit.id)', async () => {
    expect(await reportOf('/actuator/info')).toEqual({
      code: 0,
      status: 'current',
      reported: SHA.slice(0, 7),
      reason: null
    })
  })

  test('the Kubernetes /version shape (gitCommit)', async () => {
    expect(await reportOf('/version')).toEqual({
      code: 0,
      status: 'current',
      reported: SHA,
      reason: null
    })
  })

  test('a JSON body without a JSON content type', async () => {
    expect(await reportOf('/json-no-type')).toMatchObject({ code: 0, reported: SHA })
  })

  test('a JSON body without any well-known field is missing', async () => {
    const r = await reportOf('/empty')
    expect(r.status).toBe('missing')
    expect(r.reason).toMatch(/^no build field in JSON \(looked for sha, commit, .*git\.commit\.id/)
  })
})

describe('placeholders are missing, never current', () => {
  test.each([
    ['/placeholder/json', 'unknown', ''],
    ['/placeholder/text', 'dev', ''],
    ['/placeholder/upper', 'N/A', ''],
    ['/placeholder/null', 'null', ''],
    ['/placeholder/empty', '', '  json: build.sha\n']
  ])('%s reports %j', async (route, placeholder, keys) => {
    const run = await check(route, keys)
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(names(run, 'missing')).toEqual(['t'])
    const t = report(run).targets[0]
    expect([t.status, t.reported, t.reason]).toEqual([
      'missing',
      null,
      `placeholder ${JSON.stringify(placeholder)}`
    ])
  })

  test('a placeholder is missing under consensus too', async () => {
    const run = await check('/placeholder/json', '', 'consensus')
    expect(run.code).toBe(1)
    expect(names(run, 'missing')).toEqual(['t'])
  })
})
