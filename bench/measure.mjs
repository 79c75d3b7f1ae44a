// Running one process and measuring it as the OS sees it: wall time from spawn to exit, peak
// resident set size, and (with GNU time) its user and system CPU time.
//
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`), which reads ru_maxrss from wait4(2) when
// the measured process exits: the kernel's own high-water mark, exact, whatever happens in the
// last milliseconds. GNU time execs the command directly, so the figure is the action's own
// process, not a shell's. Where GNU time is missing, VmHWM from /proc/<pid>/status is polled
// every 20 ms instead and the last value read is kept (a floor: growth in the last 20 ms can be
// missed); the table says which method was used. GNU time also reports ru_utime and ru_stime
// of the same wait4 (`%U %S`, printed to 10 ms): a cross-check of bench/cpu-wrap.mjs.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

const GNU_TIME = '/usr/bin/time'

const FORMAT = '%M %U %S'
const REPORT = /(\d+) (\d+\.\d+) (\d+\.\d+)\s*$/

function hasGnuTime() {
  const r = spawnSync(GNU_TIME, ['-f', FORMAT, 'true'], { encoding: 'utf8' })
  return r.status === 0 && REPORT.test(r.stderr)
}

export const RSS_METHOD = hasGnuTime()
  ? 'GNU time %M (ru_maxrss from wait4, exact)'
  : '/proc/<pid>/status VmHWM polled every 20 ms (last value before exit)'

let serial = 0

/**
 * Runs `command args` and resolves to { code, signal, ms, rssKiB, cpuMs, stdoutBytes,
 * stdoutTail, stderr, found }. Standard output is drained and counted (the runner reads it
 * through a pipe too); `found` is the first match of the `grep` option in it; `onLine(line, t)`
 * hears each line of it as it arrives (t: performance.now() of this process). cpuMs: user +
 * system CPU time from GNU time, undefined without it.
 */
export async function measure(command, args, { env, cwd, timeoutMs = 120_000, grep, onLine } = {}) {
  const useTime = RSS_METHOD.startsWith('GNU')
  const rssFile = path.join(tmpdir(), `fleet-check-bench-${process.pid}-${serial++}.rss`)
  const [file, argv] = useTime
    ? [GNU_TIME, ['-f', FORMAT, '-o', rssFile, command, ...args]]
    : [command, args]

  const started = performance.now()
  const child = spawn(file, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdoutBytes = 0
  let stdoutTail = ''
  let stderr = ''
  let found
  let partial = ''
  child.stdout.on('data', chunk => {
    stdoutBytes += chunk.length
    if (onLine) {
      const t = performance.now()
      const lines = (partial + chunk.toString('utf8')).split('\n')
      partial = lines.pop()
      for (const line of lines) onLine(line, t)
    }
    const text = stdoutTail + chunk.toString('utf8')
    if (grep && !found) found = grep.exec(text) ?? undefined
    stdoutTail = text.slice(-4000)
  })
  child.stderr.setEncoding('utf8').on('data', d => (stderr = (stderr + d).slice(-8000)))

  let polledKiB = 0
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
          if (m) polledKiB = Number(m[1])
        } catch {
          // the process is gone
        }
      }, 20)
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [code, signal] = await new Promise(resolve => child.on('exit', (c, s) => resolve([c, s])))
  const ms = performance.now() - started
  clearTimeout(killer)
  if (poll) clearInterval(poll)
  // Let the pipes drain before the caller looks at the output.
  await new Promise(resolve =>
    child.stdout.readableEnded ? resolve() : child.on('close', resolve)
  )

  let rssKiB = polledKiB
  let cpuMs
  if (useTime) {
    const text = await readFile(rssFile, 'utf8').catch(() => '')
    rmSync(rssFile, { force: true })
    // GNU time writes "Command exited with non-zero status N" before the figures.
    const m = REPORT.exec(text)
    rssKiB = m ? Number(m[1]) : NaN
    cpuMs = m ? (Number(m[2]) + Number(m[3])) * 1000 : undefined
  }
  return { code, signal, ms, rssKiB, cpuMs, stdoutBytes, stdoutTail, stderr, found }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}
