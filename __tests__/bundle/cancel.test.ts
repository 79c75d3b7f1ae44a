// Cancellation, as the runner does it: SIGINT (then SIGTERM a few seconds later) to the action's
// process. The process must exit at once with code 1, set `result` to fail and leave a job
// summary of where the check stood: the targets checked so far with their verdicts, the others
// missing because they were not checked.
import { afterEach, expect, test } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { commands, OLD, rendered, SHA, summaryRows } from '../helpers/outcome.js'
import { runBundle } from '../helpers/run-action.js'
import { json, startServer, type TestServer } from '../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()))
})

// SIGINT here, SIGTERM between rounds below: the runner sends both, and each is handled.
test.each(['SIGINT'] as const)(
  '%s while a target hangs: exit 1 at once, result fail, a cancelled summary',
  async signal => {
    const answering = await startServer((_, res) => json(res, { sha: SHA }))
    // Never answers; tells the test when the request has arrived.
    let arrived: () => void = () => undefined
    const requestArrived = new Promise<void>(resolve => (arrived = resolve))
    const hanging = await startServer(() => arrived())
    servers.push(answering, hanging)

    let signalledAt = 0
    let exitedAt = 0
    const run = await runBundle({
      inputs: {
        // One at a time, in order: "ok" is checked, "hang" is in flight, "later" never starts.
        targets: [
          `- name: ok\n  url: ${answering.origin}/version`,
          `- name: hang\n  url: ${hanging.origin}/version`,
          `- name: later\n  url: ${answering.origin}/later`
        ].join('\n'),
        concurrency: '1',
        timeout: '60s',
        retries: '0'
      },
      timeoutMs: 30_000,
      onSpawn: (child: ChildProcess) => {
        child.on('exit', () => (exitedAt = performance.now()))
        void requestArrived.then(() => {
          signalledAt = performance.now()
          child.kill(signal)
        })
      }
    })

    expect(signalledAt).toBeGreaterThan(0)
    expect(run.code).toBe(1)
    // Promptly: far sooner than the 60s the hanging request could still take.
    expect(exitedAt - signalledAt).toBeLessThan(1_000)
    expect(run.outputs.result).toBe('fail')

    expect(run.summary).toMatch(/^## fleet-check: ⛔ cancelled\n/)
    const text = rendered(run.summary)
    expect(text).toContain(
      `The run was cancelled (${signal}) with 1 of 3 targets checked (1 current)`
    )
    const rows = summaryRows(run.summary).map(r => [r[1], r[0], rendered(r[4])])
    expect(rows).toEqual(
      expect.arrayContaining([
        ['ok', '✅ current', ''],
        ['hang', '⚠️ missing', 'not checked: the run was cancelled'],
        ['later', '⚠️ missing', 'not checked: the run was cancelled']
      ])
    )
    expect(rows).toHaveLength(3)
    expect(run.summary).not.toMatch(/✅ pass/)

    // The failure is annotated, with the same account.
    const errors = commands(run.stdout, 'error').map(c => c.message)
    expect(errors).toEqual([expect.stringContaining(`The run was cancelled (${signal})`)])
  }
)

test('SIGTERM between rounds of `wait`: the last round stands, cancelled, with its verdicts', async () => {
  const server = await startServer((req, res) =>
    json(res, { sha: req.url?.startsWith('/old') ? OLD : SHA })
  )
  servers.push(server)
  let signalledAt = 0
  let exitedAt = 0
  const run = await runBundle({
    inputs: {
      targets: [
        `- name: new\n  url: ${server.origin}/new`,
        `- name: old\n  url: ${server.origin}/old`
      ].join('\n'),
      wait: '10m',
      interval: '10m',
      retries: '0'
    },
    timeoutMs: 30_000,
    onSpawn: (child: ChildProcess) => {
      child.on('exit', () => (exitedAt = performance.now()))
      // The first round line: round 1 is over and the action waits for the next.
      let out = ''
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        if (signalledAt === 0 && /^round 1 /m.test(out)) {
          signalledAt = performance.now()
          child.kill('SIGTERM')
        }
      })
    }
  })
  expect(signalledAt).toBeGreaterThan(0)
  expect(run.code).toBe(1)
  expect(exitedAt - signalledAt).toBeLessThan(1_000)
  expect(run.outputs.result).toBe('fail')
  expect(run.summary).toMatch(/^## fleet-check: ⛔ cancelled\n/)
  expect(rendered(run.summary)).toContain(
    'The run was cancelled (SIGTERM) with 2 of 2 targets checked (1 current, 1 stale)'
  )
  expect(summaryRows(run.summary).map(r => [r[1], r[0]])).toEqual([
    ['old', '❌ stale'],
    ['new', '✅ current']
  ])
})
