// Issue 15: a target's checks are read from the very answer its build comes from: one request
// per sample, however many checks; each sample's values combined; a failed answer carries none.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Check } from '../../src/fleet/target.js'
import { checkTarget } from '../../src/probe/check.js'
import { createDispatcher } from '../../src/probe/http.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'
import { target } from './target.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const checks: Check[] = [
  {
    name: 'config',
    extraction: { kind: 'json', path: ['config', 'sha'] },
    expected: { kind: 'consensus' }
  },
  {
    name: 'schema',
    extraction: { kind: 'header', name: 'X-Schema-Version' },
    expected: { kind: 'value', value: '42' }
  },
  {
    name: 'power-peg',
    extraction: { kind: 'json', path: ['flags', 'power_peg'] },
    expected: { kind: 'value', value: 'off' }
  }
]

let server: TestServer
const dispatcher = createDispatcher()
/** Each request's config value, in turn: a pool whose members disagree on the config only. */
let configs: string[] = []

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/down')) {
      res.writeHead(503)
      res.end()
      return
    }
    const n = server.requests.length - 1
    res.setHeader('x-schema-version', '42')
    json(res, {
      git: { commit: { id: SHA } },
      config: { sha: configs[n % configs.length] },
      flags: { power_peg: false }
    })
  })
})
afterAll(async () => {
  await dispatcher.destroy()
  await server.close()
})

describe('checks through a real server', () => {
  test('one request, the build and every check from it', async () => {
    configs = ['3f2a1b9']
    const before = server.requests.length
    const o = await checkTarget(
      target(`${server.origin}/info`, {
        extraction: { kind: 'json', path: ['git', 'commit', 'id'] },
        checks
      }),
      0,
      dispatcher
    )
    expect(server.requests.length - before).toBe(1)
    expect(o).toMatchObject({ kind: 'reported', build: SHA })
    expect(o.checks).toEqual([
      { kind: 'reported', value: '3f2a1b9' },
      { kind: 'reported', value: '42' },
      { kind: 'reported', value: 'false' }
    ])
  })

  test('samples: one request each; a pool that disagrees on the config only is mixed on it', async () => {
    configs = ['3f2a1b9', '9c1b2d3']
    const before = server.requests.length
    const o = await checkTarget(
      target(`${server.origin}/info`, {
        extraction: { kind: 'json', path: ['git', 'commit', 'id'] },
        checks,
        samples: 3
      }),
      0,
      dispatcher
    )
    expect(server.requests.length - before).toBe(3)
    expect(o).toMatchObject({ kind: 'reported', build: SHA })
    expect(o.checks?.[0]).toMatchObject({
      kind: 'mixed',
      reason: expect.stringMatching(/^samples disagree on config: 2× /)
    })
    expect(o.checks?.slice(1)).toEqual([
      { kind: 'reported', value: '42' },
      { kind: 'reported', value: 'false' }
    ])
  })

  test('no answer (HTTP 503): no checks read, the build says why', async () => {
    const o = await checkTarget(target(`${server.origin}/down`, { checks }), 0, dispatcher)
    expect(o).toMatchObject({ kind: 'none', code: 'http-status' })
    expect('checks' in o).toBe(false)
  })
})
