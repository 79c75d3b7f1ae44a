// The floor of the rig: the same sweep as a scenario, by the barest honest client there is:
// node:http or node:https with a keep-alive agent, `concurrency` workers taking the next target
// in turn, each reading the body and the same JSON field (`sha`) and comparing it with the
// expected build. No retries, no deadlines, no reports. What fleet-check takes beyond this is
// its own; what this takes beyond the ideal is the simulator's and the loopback's.
//
//   node bench/floor-client.mjs --base <url ending in /t/> --targets N --concurrency C --expect B
//   node bench/floor-client.mjs --urls FILE --ca FILE --concurrency C --expect B
//
// --urls: one URL a line (one HTTPS origin each in the many-origins scenario); --ca: the PEM of
// the test CA, the only one it trusts, as fleet-check is given it with `ca-file`. It prints
// {"sweepMs", "requests", "failures"} as its last line, and exits 1 if any target failed or
// reported another build, so that a broken run cannot pass for a fast one.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { parseArgs } from 'node:util'

const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    targets: { type: 'string' },
    urls: { type: 'string' },
    ca: { type: 'string' },
    concurrency: { type: 'string' },
    expect: { type: 'string' }
  }
})
const urls = opt.urls
  ? readFileSync(opt.urls, 'utf8').split('\n').filter(Boolean)
  : Array.from({ length: Number(opt.targets) }, (_, i) => `${opt.base}${i + 1}/version`)
const concurrency = Number(opt.concurrency)
const secure = urls[0]?.startsWith('https:')
const agent = secure
  ? new https.Agent({
      keepAlive: true,
      maxSockets: concurrency,
      ...(opt.ca ? { ca: readFileSync(opt.ca, 'utf8') } : {})
    })
  : new http.Agent({ keepAlive: true, maxSockets: concurrency })
const client = secure ? https : http

function get(url) {
  return new Promise(resolve => {
    client
      .get(url, { agent }, res => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', d => (body += d))
        res.on('end', () => {
          try {
            resolve(res.statusCode === 200 && JSON.parse(body).sha === opt.expect)
          } catch {
            resolve(false)
          }
        })
      })
      .on('error', () => resolve(false))
  })
}

let next = 0
let failures = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: Math.min(concurrency, urls.length) }, async () => {
    while (next < urls.length) if (!(await get(urls[next++]))) failures++
  })
)
const result = { sweepMs: performance.now() - started, requests: urls.length, failures }
agent.destroy()
console.log(JSON.stringify(result))
if (failures) process.exitCode = 1
