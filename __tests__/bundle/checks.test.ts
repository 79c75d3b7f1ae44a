// Issue 15 through the committed bundle: Knight Capital's other half. All eight routers run the
// shipped build, but router-8 has the reused flag `power_peg` on, which woke its old code up. A
// build check alone passes this fleet; a `power-peg` check fails it and names router-8. The
// in-process suites (__tests__/action/checks*.test.ts) test each case in detail.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import {
  errors,
  names,
  pathOf,
  SHA,
  target,
  type Status,
  type TargetReport
} from '../helpers/outcome.js'
import { runBundle } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'

type WithChecks = TargetReport & {
  checks?: Record<string, { reported: string | null; expected: string | null; status: Status }>
}

let fleet: TestServer
beforeAll(async () => {
  // GET /router-N/actuator/info, as a Spring Boot actuator answers
  fleet = await startServer((req, res) => {
    const n = Number(/^\/router-(\d+)\/actuator\/info$/.exec(pathOf(req.url))?.[1])
    if (!(n >= 1 && n <= 8)) return json(res, { error: 'not found' }, 404)
    json(res, {
      app: { name: 'smars-router' },
      git: { branch: 'main', commit: { id: SHA } },
      flags: { power_peg: n === 8 ? 'on' : 'off' }
    })
  })
})
afterAll(() => fleet.close())

test('the Knight fleet: every router on the shipped build, router-8 with power-peg on: the step fails on router-8', async () => {
  const routers = Array.from({ length: 8 }, (_, i) => `router-${i + 1}`)
  const run = await runBundle({
    inputs: {
      'targets-file': 'fleet.yml',
      expected: SHA,
      retries: '0',
      'report-path': 'report.json'
    },
    files: {
      'fleet.yml': [
        'defaults:',
        '  json: git.commit.id',
        '  checks:',
        '    power-peg:',
        '      json: flags.power_peg',
        '      expected: "off"',
        'targets:',
        '  - name: router-[1:8]',
        `    url: ${fleet.origin}/router-[1:8]/actuator/info`
      ].join('\n')
    },
    readFiles: ['report.json']
  })
  expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 1, result: 'fail' })
  expect(names(run, 'stale')).toEqual(['router-8'])
  expect(names(run, 'current')).toEqual(routers.slice(0, 7))
  const r8 = target(run, 'router-8') as WithChecks
  expect(r8).toMatchObject({
    status: 'stale',
    reported: SHA,
    expected: SHA,
    reason: 'power-peg on, expected off'
  })
  expect(r8.checks).toEqual({ 'power-peg': { reported: 'on', expected: 'off', status: 'stale' } })
  for (const name of routers.slice(0, 7)) {
    expect((target(run, name) as WithChecks).checks).toEqual({
      'power-peg': { reported: 'off', expected: 'off', status: 'current' }
    })
  }
  expect(errors(run).join('\n')).toContain('router-8')
  expect(run.summary.replace(/`/g, '')).toContain('power-peg on, expected off')
  expect(run.files['report.json']).toContain('"power-peg"')
  // one request per router: the check read the build's answer
  expect(fleet.requests).toHaveLength(8)
})
