// npm run bench: the committed dist/index.js against a loopback fleet, as the runner runs it.
//
//   node bench/run.mjs [--runs N] [--startup-runs N] [--only sweep,startup,linear] [--bundle FILE]
//
// 1. start-up: median of interleaved runs of `node -e 0`, a hello-world action (bundled here
//    with ncc into .bench/) and fleet-check with one instant target;
// 2. sweeps: a range target declares the fleet; the simulator (another process) answers each
//    target after a set latency; wall time, ideal time, efficiency, peak RSS, exit code, and a
//    check that every target was checked and every output and the summary fit GitHub's limits;
// 3. linear cost: parsing, verdicts and rendering timed in-process at 2,500, 5,000 and 10,000
//    targets (bench/linear.mjs), to show no step grows faster than the fleet.
// It ends with the budgets of issue 5, each PASS or FAIL, and exits 1 when one fails.
import { fork, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILD } from './fleet-simulator.mjs'
import { measure, median, RSS_METHOD } from './measure.mjs'
import { parseOutputs } from '../scripts/runner-files.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const NODE = process.execPath
const OUT = path.join(ROOT, '.bench')
const HELLO_SOURCE = path.join(ROOT, 'bench', 'hello-world', 'index.js')
const HELLO_BUNDLE = path.join(OUT, 'hello-world', 'index.js')

const MiB = 1024 * 1024
/** The action's own log line after the sweep (src/main.ts), when the bundle has it. */
const CHECKED = /Checked (\d+) targets in (\d+) ms/
const OUTPUT_LIMIT = 1_000_000 // GitHub: 1 MB per step output
const SUMMARY_LIMIT = MiB // GitHub: 1 MiB per step summary

const args = parseArgs(process.argv.slice(2))
const BUNDLE = path.resolve(ROOT, args.bundle ?? 'dist/index.js')
const only = new Set((args.only ?? 'startup,sweep,linear').split(','))

const SCENARIOS = [
  { name: '8 targets', targets: 8, latency: 100, concurrency: 32 },
  { name: '1,000 targets', targets: 1_000, latency: 100, concurrency: 64 },
  { name: '10,000 targets', targets: 10_000, latency: 50, concurrency: 256 },
  { name: '10,000, no latency', targets: 10_000, latency: 0, concurrency: 256 },
  { name: 'start-up', targets: 1, latency: 0, concurrency: 32 }
]

const simulator = await startSimulator()
const results = { machine: machine(), rssMethod: RSS_METHOD, bundle: bundleInfo() }
try {
  console.log(
    `fleet-check benchmark: ${results.bundle.file} (sha256 ${results.bundle.sha256}, ` +
      `${results.bundle.git}) on Node ${results.machine.node}`
  )
  console.log(`date: ${results.machine.date}`)
  console.log(`machine: ${results.machine.cpus}; ${results.machine.uname}`)
  console.log(`peak RSS: ${RSS_METHOD}\n`)

  // Start-up first: its `node -e 0` median is the bare start subtracted in the efficiencies.
  results.startup = await startupComparison(Number(args['startup-runs'] ?? 11))
  printStartup(results.startup)

  if (only.has('sweep')) {
    results.sweeps = []
    for (const s of SCENARIOS) results.sweeps.push(await sweep(s, Number(args.runs ?? 5)))
    printSweeps(results.sweeps, results.startup.node.median)
  }
  if (only.has('linear')) {
    results.linear = await linearCost()
    printLinear(results.linear)
  }
} finally {
  simulator.child.disconnect()
}

const verdicts = budgets(results)
console.log('\nBudgets (issue 5)')
for (const b of verdicts) console.log(`  ${b.ok ? 'PASS' : 'FAIL'}  ${b.name}: ${b.detail}`)
if (args.json) await writeFile(path.resolve(args.json), JSON.stringify(results, null, 2) + '\n')
process.exitCode = verdicts.every(b => b.ok) ? 0 : 1

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = {}
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i])
    if (!m) throw new Error(`unknown argument ${argv[i]}`)
    out[m[1]] = m[2] ?? argv[++i]
  }
  return out
}

function machine() {
  const sh = (cmd, ...a) => spawnSync(cmd, a, { encoding: 'utf8' }).stdout?.trim() ?? ''
  const nproc = sh('nproc')
  return {
    date: new Date().toISOString(),
    nproc,
    cpus: `${nproc} cores (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    uname: sh('uname', '-a'),
    node: process.version
  }
}

/** Which bundle was measured: its hash, and the commit of the checkout it sits in. */
function bundleInfo() {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? ''
  const head = git('rev-parse', '--short', 'HEAD')
  const dirty = git('status', '--porcelain', '--', 'src', 'dist') !== ''
  return {
    file: path.relative(ROOT, BUNDLE) || BUNDLE,
    sha256: createHash('sha256').update(readFileSync(BUNDLE)).digest('hex').slice(0, 12),
    git: head ? `commit ${head}${dirty ? ' + uncommitted changes to src/ or dist/' : ''}` : 'no git'
  }
}

/** The fleet simulator in its own process, so its CPU is not the action's. */
async function startSimulator() {
  const child = fork(path.join(ROOT, 'bench', 'fleet-simulator.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, FLEET_BUILD: BUILD }
  })
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', code => reject(new Error(`the fleet simulator exited (${code})`)))
    child.on('message', m => m.type === 'ready' && resolve(m.port))
  })
  let id = 0
  const ask = type =>
    new Promise(resolve => {
      const mine = ++id
      const on = m => {
        if (m.id !== mine) return
        child.off('message', on)
        resolve(m.stats)
      }
      child.on('message', on)
      child.send({ type, id: mine })
    })
  return {
    child,
    port,
    base: latency => `http://127.0.0.1:${port}/lat/${latency}/t/`,
    url: (latency, n) => `http://127.0.0.1:${port}/lat/${latency}/t/${n}/version`,
    reset: () => ask('reset'),
    stats: () => ask('stats')
  }
}

/** A clean environment as the runner gives an action: no npm_* variables, no NODE_OPTIONS. */
async function runnerEnv(inputs) {
  const workspace = await mkdtemp(path.join(tmpdir(), 'fleet-check-bench-'))
  const files = {
    output: path.join(workspace, 'github_output'),
    summary: path.join(workspace, 'github_step_summary'),
    event: path.join(workspace, 'event.json')
  }
  await writeFile(files.output, '')
  await writeFile(files.summary, '')
  await writeFile(files.event, JSON.stringify({ after: BUILD }))
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: BUILD,
    GITHUB_REPOSITORY: 'your-org/fleet-check-bench'
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return { workspace, files, env }
}

async function runAction(bundle, inputs) {
  const { workspace, files, env } = await runnerEnv(inputs)
  try {
    const run = await measure(NODE, [bundle], { env, cwd: workspace, grep: CHECKED })
    const outputText = await readFile(files.output, 'utf8')
    return {
      ...run,
      outputs: parseOutputs(outputText),
      summaryBytes: statSync(files.summary).size
    }
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
}

function fleetInput(n, latency) {
  if (n === 1) return simulator.url(latency, 1)
  return [
    'targets:',
    `  - name: t-[1:${n}]`,
    `    url: ${simulator.url(latency, `[1:${n}]`)}`
  ].join('\n')
}

function actionInputs({ targets, latency, concurrency }) {
  return {
    targets: fleetInput(targets, latency),
    expected: BUILD,
    concurrency: String(concurrency),
    timeout: '10s',
    retries: '2',
    summary: 'true'
  }
}

// --- 1. start-up ------------------------------------------------------------------------------

function buildHelloWorld() {
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  const r = spawnSync(
    NODE,
    [ncc, 'build', HELLO_SOURCE, '-o', path.dirname(HELLO_BUNDLE), '--quiet'],
    { cwd: ROOT, encoding: 'utf8' }
  )
  if (r.status !== 0 || !existsSync(HELLO_BUNDLE)) {
    throw new Error(`ncc could not bundle the hello-world action:\n${r.stderr}${r.stdout}`)
  }
}

async function startupComparison(runs) {
  await mkdir(OUT, { recursive: true })
  buildHelloWorld()
  const fleet = actionInputs(SCENARIOS.find(s => s.name === 'start-up'))
  const contenders = {
    node: async () => {
      const { env, workspace } = await runnerEnv({})
      const r = await measure(NODE, ['-e', '0'], { env, cwd: workspace })
      await rm(workspace, { recursive: true, force: true })
      return r
    },
    hello: () => runAction(HELLO_BUNDLE, { 'who-to-greet': 'bench' }),
    fleet: () => runAction(BUNDLE, fleet)
  }
  const names = Object.keys(contenders)
  const times = Object.fromEntries(names.map(n => [n, []]))
  const rss = Object.fromEntries(names.map(n => [n, []]))
  // One warm-up round (file cache), then interleaved rounds, rotating who goes first.
  for (const n of names) await contenders[n]()
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]
      const r = await contenders[name]()
      if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr}${r.stdoutTail}`)
      times[name].push(r.ms)
      rss[name].push(r.rssKiB)
    }
  }
  const summary = name => ({
    median: median(times[name]),
    min: Math.min(...times[name]),
    max: Math.max(...times[name]),
    rssKiB: median(rss[name])
  })
  return {
    runs,
    node: summary('node'),
    hello: summary('hello'),
    fleet: summary('fleet'),
    ratio: median(times.fleet) / median(times.hello),
    bundleBytes: { fleet: bundleSize(BUNDLE), hello: bundleSize(HELLO_BUNDLE) }
  }
}

/** The entry file, and every .js beside it: ncc puts each dynamic import in a chunk file. */
function bundleSize(entry) {
  const dir = path.dirname(entry)
  const all = readdirSync(dir)
    .filter(f => f.endsWith('.js'))
    .reduce((n, f) => n + statSync(path.join(dir, f)).size, 0)
  return { entry: statSync(entry).size, all }
}

function bundleText(b) {
  return b.all === b.entry ? bytes(b.entry) : `${bytes(b.entry)} (+ chunks: ${bytes(b.all)})`
}

// --- 2. sweeps --------------------------------------------------------------------------------

async function sweep(scenario, runs) {
  const samples = []
  for (let i = 0; i < runs; i++) {
    await simulator.reset()
    const r = await runAction(BUNDLE, actionInputs(scenario))
    const sim = await simulator.stats()
    const names = parse(r.outputs.current)
    const outputBytes = Object.fromEntries(
      Object.entries(r.outputs).map(([k, v]) => [k, Buffer.byteLength(v)])
    )
    const largest = Object.entries(outputBytes).sort((a, b) => b[1] - a[1])[0] ?? ['-', 0]
    samples.push({
      ms: r.ms,
      rssKiB: r.rssKiB,
      code: r.code,
      checked: Array.isArray(names) ? names.length : 0,
      result: r.outputs.result,
      summaryBytes: r.summaryBytes,
      largestOutput: { name: largest[0], bytes: largest[1] },
      logBytes: r.stdoutBytes,
      sweepMs: r.found ? Number(r.found[2]) : undefined,
      requests: sim.requests,
      connections: sim.connections,
      peakInFlight: sim.peakInFlight
    })
    if (r.code !== 0) {
      console.error(`${scenario.name}: exit ${r.code}\n${r.stderr}\n${r.stdoutTail.slice(-1500)}`)
    }
  }
  const byTime = [...samples].sort((a, b) => a.ms - b.ms)
  const mid = byTime[byTime.length >> 1]
  const sweeps = samples.map(s => s.sweepMs).filter(v => v !== undefined)
  return {
    ...scenario,
    runs,
    ideal: Math.ceil(scenario.targets / scenario.concurrency) * scenario.latency,
    wall: median(samples.map(s => s.ms)),
    walls: samples.map(s => s.ms),
    rssKiB: Math.max(...samples.map(s => s.rssKiB)),
    rssMedianKiB: median(samples.map(s => s.rssKiB)),
    rssKiBs: samples.map(s => s.rssKiB),
    sweepMs: sweeps.length ? median(sweeps) : undefined,
    floorMs: scenario.latency ? await floorSweep(scenario) : undefined,
    codes: [...new Set(samples.map(s => s.code))],
    checked: Math.min(...samples.map(s => s.checked)),
    summaryBytes: Math.max(...samples.map(s => s.summaryBytes)),
    largestOutput: samples.map(s => s.largestOutput).reduce((a, b) => (b.bytes > a.bytes ? b : a)),
    logBytes: mid.logBytes,
    requests: mid.requests,
    connections: mid.connections,
    peakInFlight: mid.peakInFlight
  }
}

/** The rig's floor for a scenario: the barest client's sweep, median of 3 (bench/floor-client.mjs). */
async function floorSweep({ targets, latency, concurrency }) {
  const times = []
  for (let i = 0; i < 3; i++) {
    const child = fork(
      path.join(ROOT, 'bench', 'floor-client.mjs'),
      [simulator.base(latency), String(targets), String(concurrency)],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }
    )
    times.push(await new Promise(resolve => child.once('message', m => resolve(m.sweepMs))))
  }
  return median(times)
}

function parse(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

// --- 3. linear cost ---------------------------------------------------------------------------

/** Compiles the pure modules with tsc into .bench/lib and times them in a child process. */
async function linearCost() {
  const lib = path.join(OUT, 'lib')
  await rm(lib, { recursive: true, force: true })
  const entries = [
    'fleet/parse.ts',
    'verdict/judge.ts',
    'report/headline.ts',
    'report/summary.ts',
    'report/report-json.ts',
    'report/runner-output.ts'
  ].map(f => path.join('src', f))
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const r = spawnSync(
    NODE,
    [
      tsc,
      ...['--outDir', lib, '--rootDir', 'src', '--module', 'NodeNext'],
      ...['--moduleResolution', 'NodeNext', '--target', 'ES2023', '--types', 'node'],
      ...['--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', '--noEmitOnError', 'false'],
      ...entries
    ],
    { cwd: ROOT, encoding: 'utf8' }
  )
  if (!existsSync(path.join(lib, 'fleet', 'parse.js'))) {
    throw new Error(`tsc could not compile the sources for the linear-cost check:\n${r.stdout}`)
  }
  const child = fork(path.join(ROOT, 'bench', 'linear.mjs'), [lib], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc']
  })
  return new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', code => code !== 0 && reject(new Error(`bench/linear.mjs exited ${code}`)))
  })
}

// --- printing ---------------------------------------------------------------------------------

function ms(v) {
  return `${Math.round(v)} ms`
}
function mb(kib) {
  return `${(kib / 1024).toFixed(0)} MiB`
}
function bytes(b) {
  return b >= MiB ? `${(b / MiB).toFixed(2)} MiB` : `${(b / 1024).toFixed(0)} KiB`
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)))
  const line = cells => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`
  return [line(header), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)]
    .map(l => `  ${l}`)
    .join('\n')
}

function printStartup(s) {
  console.log(`Start-up (median of ${s.runs} interleaved runs, spawn to exit)`)
  console.log(
    table(
      ['program', 'median', 'min', 'max', 'peak RSS', 'bundle'],
      [
        ['node -e 0', ms(s.node.median), ms(s.node.min), ms(s.node.max), mb(s.node.rssKiB), '—'],
        [
          'hello-world (core + github, ncc)',
          ms(s.hello.median),
          ms(s.hello.min),
          ms(s.hello.max),
          mb(s.hello.rssKiB),
          bundleText(s.bundleBytes.hello)
        ],
        [
          'fleet-check, 1 instant target',
          ms(s.fleet.median),
          ms(s.fleet.min),
          ms(s.fleet.max),
          mb(s.fleet.rssKiB),
          bundleText(s.bundleBytes.fleet)
        ]
      ]
    )
  )
  console.log(
    `  ratio fleet-check / hello-world: ${s.ratio.toFixed(2)} (budget: at most 1.00); ` +
      `over node -e 0: fleet-check +${ms(s.fleet.median - s.node.median)}, hello-world +${ms(s.hello.median - s.node.median)}\n`
  )
}

function efficiency(row, nodeStart) {
  return row.ideal === 0 ? undefined : row.ideal / (row.wall - nodeStart)
}

function printSweeps(rows, nodeStart) {
  console.log(
    `Sweeps (median wall of ${rows[0].runs} runs, spawn to exit; bare node start ${ms(nodeStart)})`
  )
  console.log(
    table(
      [
        'targets',
        'latency',
        'concurrency',
        'wall',
        'ideal',
        'efficiency',
        'peak RSS (max / median)',
        'exit',
        'sweep (log)',
        'bare client sweep',
        'checked',
        'summary',
        'largest output',
        'connections',
        'peak in flight'
      ],
      rows.map(r => {
        const e = efficiency(r, nodeStart)
        return [
          r.targets.toLocaleString('en-US'),
          ms(r.latency),
          r.concurrency,
          ms(r.wall),
          ms(r.ideal),
          e === undefined ? '—' : e.toFixed(2),
          `${mb(r.rssKiB)} / ${mb(r.rssMedianKiB)}`,
          r.codes.join(','),
          r.sweepMs === undefined ? '—' : ms(r.sweepMs),
          r.floorMs === undefined ? '—' : ms(r.floorMs),
          r.checked.toLocaleString('en-US'),
          bytes(r.summaryBytes),
          `${r.largestOutput.name} ${bytes(r.largestOutput.bytes)}`,
          r.connections,
          r.peakInFlight
        ]
      })
    )
  )
  console.log(
    [
      '  efficiency = ideal / (wall - bare node start); ideal = ceil(targets / concurrency) x latency',
      "  sweep (log): the action's own 'Checked N targets in X ms'; bare client sweep: the same sweep",
      '  by bench/floor-client.mjs (node:http, keep-alive, no deadlines), the floor of this rig;',
      '  connections: TCP connections the simulator accepted; peak in flight: requests it held at once\n'
    ].join('\n')
  )
}

function printLinear(l) {
  console.log(
    `Linear cost of one call (in-process, best of ${l.reps} calls, each after a full GC; growth = log2(t(10,000) / t(5,000)): 1.0 is linear, 2.0 quadratic)`
  )
  console.log(
    table(
      ['step', ...l.sizes.map(n => `${n.toLocaleString('en-US')}`), 'growth'],
      l.steps.map(s => [s.name, ...s.ms.map(v => `${v.toFixed(1)} ms`), s.growth.toFixed(2)])
    )
  )
  console.log('')
}

// --- budgets ----------------------------------------------------------------------------------

function budgets(r) {
  const out = []
  const nodeStart = r.startup?.node.median ?? 0
  const find = (n, c) => r.sweeps?.find(s => s.targets === n && s.concurrency === c && s.latency)
  const k1 = find(1_000, 64)
  if (k1) {
    const e = efficiency(k1, nodeStart)
    out.push({
      name: 'efficiency >= 0.85 at 1,000 x 100 ms, concurrency 64',
      ok: e >= 0.85 && k1.codes.join() === '0',
      detail: `${e.toFixed(2)} (wall ${ms(k1.wall)}, ideal ${ms(k1.ideal)}, exit ${k1.codes})`
    })
  }
  const k10 = find(10_000, 256)
  if (k10) {
    const MB = kib => ((kib * 1024) / 1e6).toFixed(0)
    out.push({
      name: '10,000 targets: peak RSS < 200 MB (highest of the runs)',
      ok: k10.rssKiB * 1024 < 200 * 1e6,
      detail: `${MB(k10.rssKiB)} MB (${mb(k10.rssKiB)}); runs: ${k10.rssKiBs.map(MB).join(', ')} MB`
    })
    out.push({
      name: '10,000 targets: every target checked, exit 0',
      ok: k10.checked === 10_000 && k10.codes.join() === '0',
      detail: `${k10.checked} in \`current\`, ${k10.requests} requests, exit ${k10.codes}`
    })
    out.push({
      name: '10,000 targets: job summary < 1 MiB',
      ok: k10.summaryBytes < SUMMARY_LIMIT,
      detail: `${k10.summaryBytes} bytes`
    })
    out.push({
      name: '10,000 targets: each output < 1 MB',
      ok: k10.largestOutput.bytes < OUTPUT_LIMIT,
      detail: `largest: ${k10.largestOutput.name}, ${k10.largestOutput.bytes} bytes`
    })
  }
  if (r.startup) {
    out.push({
      name: 'start-up no slower than hello-world (ratio <= 1.0)',
      ok: r.startup.ratio <= 1,
      detail: `${r.startup.ratio.toFixed(2)} (${ms(r.startup.fleet.median)} vs ${ms(r.startup.hello.median)})`
    })
  }
  if (r.linear) {
    const bad = r.linear.steps.filter(s => s.superlinear)
    out.push({
      name: 'linear cost in parsing, range expansion, verdicts, rendering',
      ok: bad.length === 0,
      detail: bad.length
        ? `superlinear: ${bad.map(s => `${s.name} (growth ${s.growth.toFixed(2)})`).join('; ')}`
        : `every step's growth <= ${r.linear.threshold}`
    })
  }
  return out
}
