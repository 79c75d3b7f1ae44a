// Start-up compiles what the entry file holds: the YAML parser and the schema library are in
// chunks of their own, loaded only for YAML fleets (a URL list runs without them: see
// __tests__/unit/url-list-without-yaml.test.ts), and so is undici's fetch, which only Octokit
// uses. undici's whole index (WebSocket, caches, mocks…) is in no file at all: 'undici' is
// shims/undici in the bundles (tsconfig.json's `paths`). No process is spawned here.
import { expect, test } from '@jest/globals'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { ROOT } from '../helpers/run-action.js'

/** A string each library's code has, and ours never writes. */
const MARKERS = {
  valibot: 'strict_object',
  yaml: 'YAMLParseError',
  "undici's fetch": 'finalizeAndReportTiming'
}

async function bundleFiles() {
  const dist = path.join(ROOT, 'dist')
  const entry = await readFile(path.join(dist, 'index.js'), 'utf8')
  const chunks = await Promise.all(
    (await readdir(dist))
      .filter(f => /^\d+\.index\.js$/.test(f))
      .map(f => readFile(path.join(dist, f), 'utf8'))
  )
  return { entry, chunks }
}

test('dist/index.js holds neither yaml, valibot nor fetch; its chunks do', async () => {
  const { entry, chunks } = await bundleFiles()
  for (const [library, marker] of Object.entries(MARKERS)) {
    expect([library, entry.includes(marker)]).toEqual([library, false])
    expect([library, chunks.some(c => c.includes(marker))]).toEqual([library, true])
  }
})

test("no file of dist/ holds undici's whole index; the entry holds its dispatchers", async () => {
  const { entry, chunks } = await bundleFiles()
  for (const marker of ['CacheStorage', 'MockAgent', 'class WebSocket']) {
    expect([marker, [entry, ...chunks].some(c => c.includes(marker))]).toEqual([marker, false])
  }
  for (const marker of ['class ProxyAgent', 'class EnvHttpProxyAgent', 'class Pool ']) {
    expect([marker, entry.includes(marker)]).toEqual([marker, true])
  }
})
