import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { runAction } from './helpers/run-action.js'
import { startFleet, type TestServer } from './helpers/servers.js'

let fleet: TestServer
beforeAll(async () => {
  fleet = await startFleet({ a: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432', b: '1a2b3c4' })
})
afterAll(() => fleet.close())

test('a stale target fails the run and is named', async () => {
  const run = await runAction({
    inputs: { targets: `- {name: a, url: "${fleet.origin}/a/version"}\n- {name: b, url: "${fleet.origin}/b/version"}` }
  })
  expect(run.code).toBe(1)
  expect(JSON.parse(run.outputs.stale)).toEqual(['b'])
  expect(run.outputs.result).toBe('fail')
})

test('two urls on one host without names are a duplicate-name error', async () => {
  const run = await runAction({ inputs: { targets: `${fleet.origin}/a/version\n${fleet.origin}/b/version` } })
  expect(run.code).toBe(1)
  expect(run.outputs.result).toBe('fail')
  expect(run.stdout).toContain('duplicate target name')
  console.log(run.stdout)
})
