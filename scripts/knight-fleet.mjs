// The Knight Capital fleet on loopback: router-1..router-8 answer like Spring Boot actuators
// (GET /router-N/actuator/info); the deploy reached seven of them and router-8 kept the old build.
// Used by the demo, and run directly by the workflow's self-test: node scripts/knight-fleet.mjs PORT
import http from 'node:http'
import { fileURLToPath } from 'node:url'

export const SHIPPED = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
export const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'

/** Starts the fleet; `stale` names the routers still on OLD. Resolves with the listening server. */
export async function startKnightFleet(port = 0, stale = [8]) {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://fleet')
    const n = Number(/^\/router-(\d+)\/actuator\/info$/.exec(pathname)?.[1])
    if (!(n >= 1 && n <= 8)) {
      res.writeHead(404).end()
      return
    }
    const id = stale.includes(n) ? OLD : SHIPPED
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({ app: { name: 'smars-router' }, git: { branch: 'main', commit: { id } } })
    )
  })
  await new Promise(resolve => server.listen(port, '127.0.0.1', resolve))
  return server
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8080)
  const stale = (process.argv[3] ?? '8').split(',').filter(Boolean).map(Number)
  await startKnightFleet(port, stale)
  console.log(
    `Knight fleet on http://127.0.0.1:${port}/router-[1:8]/actuator/info (stale: ${stale.join(', ') || 'none'})`
  )
}
