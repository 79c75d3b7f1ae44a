// The floor of the rig: the same sweep as a scenario, by the barest client there is (node:http,
// keep-alive, one socket per worker, no retries, no deadlines, no reports). What fleet-check
// takes beyond this is its own; what this takes beyond the ideal is the simulator's and the
// loopback's.
//
//   node bench/floor-client.mjs <base url ending in /t/> <targets> <concurrency>
//
// Prints {"sweepMs": …} when run by hand; sends it over IPC when forked.
import http from 'node:http'

const [base, n, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])]
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, res => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', d => (body += d))
        res.on('end', () => resolve(JSON.parse(body)))
      })
      .on('error', reject)
  })
}

let next = 1
const started = performance.now()
await Promise.all(
  Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next <= n) await get(`${base}${next++}/version`)
  })
)
const result = { sweepMs: performance.now() - started }
agent.destroy()
if (process.send) process.send(result)
else console.log(JSON.stringify(result))
