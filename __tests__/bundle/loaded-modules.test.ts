// Start-up loads nothing a check does not use: a plain check of one URL a line over HTTP runs
// without node:zlib (loaded with the first coded answer), node:dns (with the first lookup
// fleet-check makes itself) and node:timers/promises. The bundle, spawned as the runner does,
// with a preload that writes Node's list of loaded built-in modules when the process exits.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { gzipSync } from 'node:zlib'
import { runBundle } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import { SHA } from '../helpers/outcome.js'

const PRELOAD = `process.on('exit', () => require('fs').writeFileSync('loaded.txt', process.moduleLoadList.join('\\n')))\n`

let server: TestServer
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/gzip/')) {
      res.setHeader('content-type', 'application/json')
      res.setHeader('content-encoding', 'gzip')
      res.end(gzipSync(JSON.stringify({ sha: SHA })))
    } else json(res, { sha: SHA })
  })
})
afterAll(() => server.close())

/** The built-in modules a passing run of `targets` loaded. */
async function loadedBy(targets: string): Promise<string[]> {
  const run = await runBundle({
    inputs: { targets },
    files: { 'preload.cjs': PRELOAD },
    env: { NODE_OPTIONS: '--require ./preload.cjs' },
    readFiles: ['loaded.txt']
  })
  expect([run.code, run.stderr]).toEqual([0, ''])
  return run.files['loaded.txt'].split('\n').filter(m => m.startsWith('NativeModule '))
}

test('a plain check loads neither zlib, dns nor timers/promises; a gzipped answer loads zlib', async () => {
  const plain = await loadedBy(`${server.origin}/version`)
  expect(plain).toContain('NativeModule http')
  const unneeded = ['zlib', 'dns', 'timers/promises'].filter(m =>
    plain.includes(`NativeModule ${m}`)
  )
  expect(unneeded).toEqual([])
  // The same preload sees a module once fleet-check needs it.
  expect(await loadedBy(`${server.origin}/gzip/version`)).toContain('NativeModule zlib')
})
