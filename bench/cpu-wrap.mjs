// CPU time of a Node program, measured from inside its own process: the program (an ES module
// that does its work on import, as dist/index.js and bench/floor-client.mjs do) is imported
// here after an 'exit' listener is registered, and that listener writes process.cpuUsage() and
// process.resourceUsage() to a file. cpuUsage is getrusage(RUSAGE_SELF): user and system time
// of every thread of the process (the main thread, libuv's pool, V8's GC and compiler threads),
// in microseconds, from process start to the 'exit' event (only the teardown after it is
// missed, the same for every program measured).
//
//   node bench/cpu-wrap.mjs <out.json> <program.mjs> [arguments of the program…]
//
// The program sees process.argv as if it had been run directly.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [out, program, ...rest] = process.argv.slice(2)
process.argv = [process.argv[0], path.resolve(program), ...rest]
process.on('exit', code => {
  const { user, system } = process.cpuUsage()
  const { maxRSS } = process.resourceUsage()
  writeFileSync(out, JSON.stringify({ user, system, maxRssKiB: maxRSS, code }))
})
await import(pathToFileURL(path.resolve(program)).href)
