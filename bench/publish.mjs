// Publishing a 10,000-target verdict (issue 14): judge() and publish() and its pieces (the log
// table, the `report` output, the name outputs, the job summary, report-path's text) timed
// in-process, CPU time, best of N, each call after a full GC; and the CPU time and peak RSS of
// one publish() in a fresh process (Linux: the peak is reset through /proc/self/clear_refs). With
// --digest it prints a hash of everything publish() hands the host instead, so that two builds of
// the sources can be shown to publish the same bytes.
//
//   node bench/publish.mjs [--src DIR | --lib DIR] [--reps N] [--sizes 10000,5000]
//                          [--host discard|runner] [--digest] [--json FILE]
//
// --src: the sources to compile with tsc into .bench/publish-lib: src/ by default, or a copy of
// an older src/ to compare with, inside the repository (its package.json makes them ES modules),
// e.g. `git archive HEAD src | tar -x -C .bench/base`, then --src .bench/base/src;
// --lib: sources compiled already.
// --host discard: publish() writes to a host that drops everything (our code alone); runner:
// through @actions/core, the log to /dev/null and the outputs and summary to temporary files.
import { fork, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = parseArgs(process.argv.slice(2))
const REPS = Number(args.reps ?? 15)
const SIZES = (args.sizes ?? '10000').split(',').map(Number)
const HOST = args.host ?? 'discard'
const BUILD = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OTHER = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const EXPECTED = { kind: 'build', build: BUILD }
/** As a benchmark run publishes: with the job summary, without report-path. */
const OPTIONS = { summary: true, expectedSource: 'input `expected`', workspace: tmpdir() }

/** The verdicts measured: the shapes of judge() on a range target of n. */
const CASES = {
  'all current': () => ({ kind: 'reported', build: BUILD }),
  '10% stale': i => ({ kind: 'reported', build: i % 10 === 0 ? OTHER : BUILD }),
  'half missing': i =>
    i % 2
      ? { kind: 'none', code: 'refused', reason: 'connection refused', attempts: 3, ms: 2 }
      : { kind: 'reported', build: BUILD }
}

if (args.child) {
  await child(args.child, Number(args.size))
} else if (typeof globalThis.gc !== 'function') {
  // Re-run with --expose-gc: every timed call starts after a full GC.
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit'
    }
  )
  process.exit(r.status ?? 1)
} else {
  await main()
}

async function main() {
  const lib = path.resolve(args.lib ?? compile(path.resolve(args.src ?? path.join(ROOT, 'src'))))
  const m = await load(lib)
  const out = await runnerFiles()
  // The digest's report-path: one fixed directory, as publish() logs the file's path.
  const digestDir = path.join(ROOT, '.bench', 'publish-digest')
  mkdirSync(digestDir, { recursive: true })
  const results = []
  for (const n of SIZES) {
    for (const name of Object.keys(CASES)) {
      const { v, observations } = verdictOf(m, name, n)
      if (args.digest) {
        results.push({ case: name, n, digest: await digest(m, v, digestDir) })
        continue
      }
      const times = await timePieces(m, v, observations)
      const memory = await peakOf(lib, name, n)
      results.push({ case: name, n, ms: times, memory })
    }
  }
  await rm(out.dir, { recursive: true, force: true })
  print(results)
  if (args.json) writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`)
}

/** Compiles `src` with tsc (as bench/run.mjs does for the linear-cost check). */
function compile(src) {
  // Inside the repository, so that the compiled modules find node_modules.
  const lib = path.join(ROOT, '.bench', 'publish-lib')
  rmSync(lib, { recursive: true, force: true })
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const entries = [
    'fleet/parse.ts',
    'fleet/yaml-kit.ts',
    'verdict/judge.ts',
    'report/runner-output.ts',
    'host/host.ts'
  ]
  spawnSync(
    process.execPath,
    [
      tsc,
      ...['--outDir', lib, '--rootDir', src, '--module', 'NodeNext'],
      ...['--moduleResolution', 'NodeNext', '--target', 'ES2023', '--types', 'node'],
      ...['--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', '--noEmitOnError', 'false'],
      ...entries.map(f => path.join(src, f))
    ],
    { cwd: ROOT, encoding: 'utf8' }
  )
  if (!existsSync(path.join(lib, 'report', 'runner-output.js')))
    throw new Error('tsc could not compile src/')
  return lib
}

async function load(lib) {
  const get = file => import(pathToFileURL(path.join(lib, file)).href)
  return {
    ...(await get('fleet/parse.js')),
    ...(await get('fleet/yaml-kit.js')),
    ...(await get('verdict/judge.js')),
    ...(await get('report/report-json.js')),
    ...(await get('report/summary.js')),
    ...(await get('report/runner-output.js')),
    ...(await get('host/host.js'))
  }
}

/** GITHUB_OUTPUT and GITHUB_STEP_SUMMARY for the runner host, in a temporary directory. */
async function runnerFiles() {
  const dir = await mkdtemp(path.join(tmpdir(), 'fleet-check-publish-'))
  process.env.GITHUB_OUTPUT = path.join(dir, 'output')
  process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary')
  await reset()
  return { dir }
}

async function reset() {
  await writeFile(process.env.GITHUB_OUTPUT, '')
  await writeFile(process.env.GITHUB_STEP_SUMMARY, '')
}

function verdictOf(m, name, n) {
  const doc = `targets:\n  - name: t-[1:${n}]\n    url: http://127.0.0.1:8080/lat/0/t/[1:${n}]/version\n`
  const options = { timeoutMs: 10_000, headers: {}, env: {}, yaml: m.yamlKit }
  const targets = m.parseFleet(doc, { label: 'input `targets`' }, options).value.targets
  const observations = targets.map((target, i) => ({
    target,
    attempts: 1,
    ms: 40 + (i % 60),
    ...CASES[name](i)
  }))
  return { v: m.judge(observations, EXPECTED), observations }
}

/** A host that drops everything; `onGroup` is told the CPU ms each group's body took. */
function discardingHost(onGroup = () => {}) {
  const none = () => {}
  return {
    input: () => '',
    info: none,
    notice: none,
    warning: none,
    error: none,
    setOutput: none,
    setSecret: none,
    setFailed: none,
    appendSummary: async () => {},
    group: async (_title, fn) => {
      const cpu = process.cpuUsage()
      const r = await fn()
      onGroup(cpuMs(cpu))
      return r
    }
  }
}

/** The host that publish() writes to: discarding, or the runner's with the log to /dev/null. */
function hostFor(m, onGroup) {
  if (HOST === 'discard') return discardingHost(onGroup)
  const runner = m.runnerHost()
  return {
    ...runner,
    group: async (title, fn) => {
      const cpu = process.cpuUsage()
      const r = await runner.group(title, fn)
      onGroup(cpuMs(cpu))
      return r
    }
  }
}

/** CPU ms of this process (every thread: GC and compiler too) since `from`. */
function cpuMs(from) {
  const { user, system } = process.cpuUsage(from)
  return (user + system) / 1000
}

/** Best of REPS, each after a full GC, of judge(), publish() and each piece of publish(). */
async function timePieces(m, v, observations) {
  let table = Infinity
  const host = hostFor(m, ms => (table = Math.min(table, ms)))
  const stdout = process.stdout.write
  const pieces = {
    'judge()': () => m.judge(observations, EXPECTED),
    'publish()': async () => {
      if (HOST === 'runner') await reset()
      await m.publish(v, OPTIONS)
    },
    reportForOutput: () => m.reportForOutput(v),
    'names outputs': () => {
      const names = m.namesByStatus(v)
      for (const list of Object.values(names)) m.namesForOutput(list)
    },
    renderSummary: () => m.renderSummary(v, { expectedSource: OPTIONS.expectedSource }),
    reportFileText: () => m.reportFileText(v)
  }
  const best = {}
  const previous = m.useHost(host)
  if (HOST === 'runner') process.stdout.write = () => true
  try {
    for (const [name, run] of Object.entries(pieces)) {
      await run() // warm-up
      best[name] = Infinity
      for (let r = 0; r < REPS; r++) {
        globalThis.gc()
        const cpu = process.cpuUsage()
        await run()
        best[name] = Math.min(best[name], cpuMs(cpu))
      }
    }
  } finally {
    process.stdout.write = stdout
    m.useHost(previous)
  }
  return { ...best, 'log table (in publish)': table }
}

/** Peak RSS of one publish() in a fresh process (the verdict built first, its peak reset). */
function peakOf(lib, name, n) {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(import.meta.url),
      ['--lib', lib, '--child', name, '--size', String(n), '--host', HOST],
      { execArgv: ['--expose-gc'], stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit', 'ipc'] }
    )
    child.once('message', resolve)
    child.once('exit', code => code !== 0 && reject(new Error(`child exited ${code}`)))
  })
}

async function child(name, n) {
  const m = await load(path.resolve(args.lib))
  const { dir } = await runnerFiles()
  const { v } = verdictOf(m, name, n)
  m.useHost(hostFor(m, () => {}))
  // Warm the code up on a small fleet (its garbage collected), as a run has by this point.
  await m.publish(verdictOf(m, name, 100).v, OPTIONS)
  await reset()
  globalThis.gc()
  const rss = kib(/VmRSS:\s+(\d+)/)
  const heap = process.memoryUsage().heapUsed
  // Linux: resets the peak RSS (VmHWM) to the RSS now, so that the peak read after is publish's.
  writeFileSync('/proc/self/clear_refs', '5')
  const cpu = process.cpuUsage()
  await m.publish(v, OPTIONS)
  const ms = cpuMs(cpu)
  const peak = kib(/VmHWM:\s+(\d+)/)
  const heapAfter = process.memoryUsage().heapUsed
  process.send({
    rssBeforeMiB: rss / 1024,
    peakRssMiB: peak / 1024,
    peakOverMiB: (peak - rss) / 1024,
    heapGrowthMiB: (heapAfter - heap) / 2 ** 20,
    cpuMs: ms
  })
  await rm(dir, { recursive: true, force: true })
  process.disconnect()
}

function kib(re) {
  return Number(re.exec(readFileSync('/proc/self/status', 'utf8'))[1])
}

/**
 * A hash of what publish() hands the host, in order, as the runner would write it (the log is a
 * stream: info writes its text and a line break), and of the report file.
 */
async function digest(m, v, dir) {
  const hash = createHash('sha256')
  const rec =
    kind =>
    (...a) =>
      hash.update(`${JSON.stringify([kind, ...a])}\n`)
  const host = {
    input: () => '',
    info: text => hash.update(`${text}\n`),
    notice: rec('notice'),
    warning: rec('warning'),
    error: rec('error'),
    setOutput: rec('setOutput'),
    setSecret: rec('setSecret'),
    setFailed: rec('setFailed'),
    appendSummary: async text => rec('summary')(text),
    group: async (title, fn) => {
      rec('group')(title)
      const r = await fn()
      rec('endgroup')()
      return r
    }
  }
  const previous = m.useHost(host)
  try {
    await m.publish(v, { ...OPTIONS, workspace: dir, reportPath: 'report.json' })
  } finally {
    m.useHost(previous)
  }
  hash.update(readFileSync(path.join(dir, 'report.json')))
  return hash.digest('hex').slice(0, 16)
}

function print(results) {
  for (const r of results) {
    if (r.digest) {
      console.log(`${r.case} (${r.n}): ${r.digest}`)
      continue
    }
    console.log(`\n${r.case}, ${r.n.toLocaleString('en')} targets (host: ${HOST}, best of ${REPS})`)
    for (const [piece, ms] of Object.entries(r.ms))
      console.log(`  ${piece.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms CPU`)
    const mem = r.memory
    console.log(
      `  one publish() in a fresh process: ${mem.cpuMs.toFixed(0)} ms CPU; RSS ${mem.rssBeforeMiB.toFixed(0)} MiB before, peak ${mem.peakRssMiB.toFixed(0)} MiB (+${mem.peakOverMiB.toFixed(1)}); heap +${mem.heapGrowthMiB.toFixed(1)} MiB after (no GC)`
    )
  }
}

function parseArgs(argv) {
  const out = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`)
    const key = a.slice(2)
    if (key === 'digest') out.digest = true
    else out[key] = argv[++i]
  }
  return out
}
