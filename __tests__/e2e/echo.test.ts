// A server that echoes a credential back (a debug endpoint, a reflected header) must not get it
// into the outputs, the summary or the report: the runner masks only the log.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { runAction } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'

const SECRET = 'tok-echo-5b2e9d71c4'
let server: TestServer
beforeAll(async () => {
  // Reports the request's X-Api-Key as its build, and again in a cache header.
  server = await startServer((req, res) => {
    res.setHeader('x-cache', `HIT from ${String(req.headers['x-api-key'])}`)
    res.setHeader('age', '5')
    json(res, { sha: `build-${String(req.headers['x-api-key'])}` })
  })
})
afterAll(() => server.close())

test('an echoed header value is redacted from outputs, summary and report', async () => {
  const run = await runAction({
    inputs: {
      targets: `- {name: echo, url: "${server.origin}/version"}`,
      headers: `X-Api-Key: ${SECRET}`,
      expected: 'build-1',
      'report-path': 'report.json'
    },
    readFiles: ['report.json']
  })
  expect(server.requests[0].headers['x-api-key']).toBe(SECRET)
  expect(run.code).toBe(1)
  const report = JSON.parse(run.files['report.json'])
  expect(report.targets[0].reported).toBe('build-***')
  expect(report.targets[0].cache['x-cache']).toBe('HIT from ***')
  const places = [run.summary, run.files['report.json'], ...Object.values(run.outputs)]
  for (const text of places) expect(text).not.toContain(SECRET)
})
