// A loopback fleet: one HTTP server answers any number of targets by path, after a set latency;
// on request, HTTPS servers on many loopback origins (addresses × ports) answer the same way.
//
//   GET /lat/<ms>/t/<n>/version  ->  after <ms> ms (setTimeout, no busy-wait): {"sha":"<build>"}
//
// Run as its own process (bench/run.mjs forks it) so its CPU is not charged to the action. It
// tells its parent the port over IPC and answers its messages (each with an `id`, answered with
// the same `id`):
//   { type: 'stats' }   what it saw since the last reset: requests, TCP connections accepted,
//                       TLS handshakes (and how many resumed a session), most requests in flight
//   { type: 'reset' }   starts counting again (and forgets stale targets and flips)
//   { type: 'https', key, cert, addresses, perAddress }
//                       starts perAddress HTTPS servers on each loopback address (one port
//                       each, chosen by the OS) and answers with their origins
//   { type: 'stale', n, build }   target n reports `build` until flipped
//   { type: 'flip', n } target n reports the fleet's build from now on; answers the flip time
//   { type: 'first-after', at }   the time of the first connection or request to arrive at or
//                       after `at` (times are kept while a target is stale)
// Times are `performance.timeOrigin + performance.now()`: epoch milliseconds, comparable
// across the processes of one machine.
import http from 'node:http'
import https from 'node:https'
import { pathToFileURL } from 'node:url'

export const BUILD = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
/** What a stale target reports until it flips. */
export const OLD_BUILD = '0123456789abcdef0123456789abcdef01234567'

const PATH = /^\/lat\/(\d+)\/t\/(\d+)\/version$/

const now = () => performance.timeOrigin + performance.now()

function newStats() {
  return {
    requests: 0,
    connections: 0,
    tlsHandshakes: 0,
    tlsResumed: 0,
    inFlight: 0,
    peakInFlight: 0,
    notFound: 0
  }
}

/** The request handler every server of one simulator shares, and what it counts. */
function fleetHandler(build) {
  const stats = newStats()
  const body = JSON.stringify({ sha: build })
  /** target number -> the build it reports instead, until flipped */
  const stale = new Map()
  /** arrival times of connections and requests, kept only while a target is stale */
  const arrivals = { times: [], keep: false }
  const handler = (req, res) => {
    // The query is ignored: a client may add one to get past caches.
    const m = PATH.exec((req.url ?? '').split('?')[0])
    if (!m) {
      stats.notFound++
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such target\n')
      return
    }
    if (arrivals.keep) arrivals.times.push(now())
    stats.requests++
    stats.inFlight++
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight)
    const reported = stale.get(Number(m[2]))
    const text = reported === undefined ? body : JSON.stringify({ sha: reported })
    const answer = () => {
      stats.inFlight--
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text)
      })
      res.end(text)
    }
    const latency = Number(m[1])
    if (latency === 0) answer()
    else setTimeout(answer, latency)
  }
  return { handler, stats, stale, arrivals }
}

/** Keep idle connections longer than the client does, so it is the client that decides reuse. */
function tune(server, { stats, arrivals }) {
  server.keepAliveTimeout = 30_000
  server.headersTimeout = 60_000
  server.requestTimeout = 0
  server.maxRequestsPerSocket = 0
  server.on('connection', () => {
    stats.connections++
    if (arrivals.keep) arrivals.times.push(now())
  })
  return server
}

function listen(server, host, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    // A deep accept queue: a sweep opens up to `concurrency` connections at once.
    server.listen({ host, port, backlog: 4096 }, () => {
      server.off('error', reject)
      resolve(server.address().port)
    })
  })
}

export async function startSimulator({ build = BUILD, host = '127.0.0.1', port = 0 } = {}) {
  const fleet = fleetHandler(build)
  const server = tune(http.createServer(fleet.handler), fleet)
  await listen(server, host, port)
  return { server, ...fleet, servers: [server] }
}

/**
 * `perAddress` HTTPS servers on each of `addresses`, all with the same key and certificate
 * (one leaf of the test CA that names every address) and the simulator's handler: every
 * (address, port) is an origin of its own, as one server per host is in a real fleet.
 */
export async function startHttpsOrigins(sim, { key, cert, addresses, perAddress }) {
  const origins = []
  for (const address of addresses) {
    for (let i = 0; i < perAddress; i++) {
      const server = tune(https.createServer({ key, cert }, sim.handler), sim)
      server.on('secureConnection', socket => {
        sim.stats.tlsHandshakes++
        if (socket.isSessionReused()) sim.stats.tlsResumed++
      })
      const port = await listen(server, address)
      sim.servers.push(server)
      origins.push(`https://${address}:${port}`)
    }
  }
  return origins
}

export function resetStats(sim) {
  const { stats } = sim
  Object.assign(stats, { ...newStats(), inFlight: stats.inFlight, peakInFlight: stats.inFlight })
  sim.stale.clear()
  sim.arrivals.times = []
  sim.arrivals.keep = false
}

// As a child process: serve until the parent disconnects.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sim = await startSimulator({ build: process.env.FLEET_BUILD || BUILD })
  const { port } = sim.server.address()
  if (!process.send) {
    console.log(`fleet simulator on http://127.0.0.1:${port}/lat/<ms>/t/<n>/version`)
  } else {
    const answer = async msg => {
      switch (msg?.type) {
        case 'stats':
          return { ...sim.stats }
        case 'reset':
          resetStats(sim)
          return {}
        case 'https':
          return { origins: await startHttpsOrigins(sim, msg) }
        case 'stale':
          sim.stale.set(msg.n, msg.build)
          sim.arrivals.keep = true
          return {}
        case 'flip':
          sim.stale.delete(msg.n)
          return { at: now() }
        case 'first-after':
          return { at: sim.arrivals.times.find(t => t >= msg.at) }
      }
      return { error: `unknown message ${JSON.stringify(msg?.type)}` }
    }
    process.on('message', msg => {
      answer(msg).then(
        value => process.send({ id: msg.id, ...value, stats: { ...sim.stats } }),
        error => process.send({ id: msg.id, error: String(error?.stack ?? error) })
      )
    })
    process.on('disconnect', () => {
      for (const s of sim.servers) {
        s.closeAllConnections()
        s.close()
      }
    })
    process.send({ type: 'ready', port })
  }
}
