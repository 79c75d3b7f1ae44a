// Each `wait` round is a fresh look: its connections are opened anew, so the name is resolved
// again and a kept-alive connection to the server of an earlier round never answers for the
// server the name points to now. With one pool kept across rounds, a rollback by DNS (the name
// moved from the new build's server back to the old one) would still be asked over the
// connection to the new build's server, and pass: a false green. The servers keep idle
// connections 30 s and say so, so only the client's choice can avoid the reuse.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js'
import { startInstances, type Instances } from '../helpers/instances.js'
import { fleet as fleetText, runAction } from '../helpers/run-action.js'
import { expectVerdict, roundLines } from '../helpers/outcome.js'

const NEW = '1a2b3c4d5e6f708192a3b4c5d6e7f80910111213'
const OLD = 'c3'.repeat(20)
const NAME = 'rollback.fleet-check.invalid'

let dns: DnsServer
let instances: Instances
beforeAll(async () => {
  dns = await startDnsServer()
  instances = await startInstances({ builds: { '127.0.0.2': NEW, '127.0.0.3': OLD } })
  instances.handler = (_address, _req, res) => {
    res.setHeader('keep-alive', 'timeout=30')
  }
})
afterAll(async () => {
  await instances.close()
  await dns.close()
})

describe('wait: every round opens its connections anew', () => {
  test('the name moved back to the old build after round 1: round 2 asks the old server, and the run fails', async () => {
    dns.set(NAME, { A: ['127.0.0.2'] })
    // The move happens once round 1 has its answer: round 2 starts after it.
    const moved = instances.onRequest(r => {
      if (r.address === '127.0.0.2') dns.set(NAME, { A: ['127.0.0.3'] })
    })
    try {
      const run = await runAction({
        inputs: {
          targets: fleetText([['app', instances.url(NAME, '/version')]]),
          expected: NEW,
          'dns-servers': dns.server,
          wait: '1s',
          interval: '100ms',
          'stable-rounds': '2',
          retries: '0',
          timeout: '2s'
        }
      })
      expect(run.code).toBe(1)
      expectVerdict(run, 'app', 'stale', /reports c3c3c3c\w+; expected 1a2b3c4/)
      const lines = roundLines(run.stdout)
      expect(lines[0]).toContain('1/1 current')
      expect(lines[1]).toContain('stale: app')
      // Round 1 alone reached the new build's server; every later round the old one.
      expect(instances.requestsTo('127.0.0.2')).toHaveLength(1)
      expect(instances.requestsTo('127.0.0.3').length).toBe(lines.length - 1)
    } finally {
      moved()
    }
  })
})
