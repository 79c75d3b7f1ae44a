// A loopback fleet: one HTTP server answers any number of targets by path, after a set latency.
//
//   GET /lat/<ms>/t/<n>/version  ->  after <ms> ms (setTimeout, no busy-wait): {"sha":"<build>"}
//
// Run as its own process (bench/run.mjs forks it) so its CPU is not charged to the action. It
// tells its parent the port over IPC, and on request ({ type: 'stats' }) it answers with what it
// saw since the last reset: requests, TCP connections opened, most requests in flight at once.
import http from 'node:http'
import { pathToFileURL } from 'node:url'

export const BUILD = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'

const PATH = /^\/lat\/(\d+)\/t\/(\d+)\/version$/

export function startSimulator({ build = BUILD, host = '127.0.0.1', port = 0 } = {}) {
  const stats = { requests: 0, connections: 0, inFlight: 0, peakInFlight: 0, notFound: 0 }
  const body = JSON.stringify({ sha: build })
  const server = http.createServer((req, res) => {
    // The query is ignored: a client may add one to get past caches.
    const m = PATH.exec((req.url ?? '').split('?')[0])
    if (!m) {
      stats.notFound++
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such target\n')
      return
    }
    stats.requests++
    stats.inFlight++
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight)
    const answer = () => {
      stats.inFlight--
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body)
      })
      res.end(body)
    }
    const latency = Number(m[1])
    if (latency === 0) answer()
    else setTimeout(answer, latency)
  })
  // Keep idle connections longer than the client does, so it is the client that decides reuse.
  server.keepAliveTimeout = 30_000
  server.headersTimeout = 60_000
  server.requestTimeout = 0
  server.maxRequestsPerSocket = 0
  server.on('connection', () => stats.connections++)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    // A deep accept queue: a sweep opens up to `concurrency` connections at once.
    server.listen({ host, port, backlog: 4096 }, () => resolve({ server, stats }))
  })
}

export function resetStats(stats) {
  stats.requests = 0
  stats.connections = 0
  stats.peakInFlight = stats.inFlight
  stats.notFound = 0
}

// As a child process: serve until the parent disconnects.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { server, stats } = await startSimulator({ build: process.env.FLEET_BUILD || BUILD })
  const { port } = server.address()
  if (!process.send) {
    console.log(`fleet simulator on http://127.0.0.1:${port}/lat/<ms>/t/<n>/version`)
  } else {
    process.on('message', msg => {
      if (msg?.type === 'stats') process.send({ type: 'stats', id: msg.id, stats: { ...stats } })
      if (msg?.type === 'reset') {
        resetStats(stats)
        process.send({ type: 'reset', id: msg.id })
      }
    })
    process.on('disconnect', () => {
      server.closeAllConnections()
      server.close()
    })
    process.send({ type: 'ready', port })
  }
}
