// npm run bench: the committed dist/index.js against a loopback fleet, as the runner runs it,
// side by side with the barest client and a hello-world action in the same run.
//
//   node bench/run.mjs [--only startup,sweep,cpu,https,wait,linear] [--runs N] [--json FILE]
//                      [--bundle FILE] [--startup-runs N] [--wait-runs N] [--origins N]
//                      [--addresses N] [--https-latency MS] [--wait-targets N] [--interval 2s]
//
// Blocks (--only picks some; all by default):
//   startup  median of 21 interleaved runs of `node -e 0`, a hello-world action and the barest
//            action doing the job (both bundled here with ncc into .bench/, outside this
//            project's tsconfig.json, so as most actions are) and fleet-check with one instant
//            target;
//   sweep    a range target declares the fleet (8 × 100 ms, 1,000 × 100 ms, 10,000 × 50 ms);
//            fleet-check and the floor client (bench/floor-client.mjs) run in turn, A B B A …,
//            against the same simulator; wall (spawn to exit), peak RSS, CPU, and checks that
//            every target was checked and every output and the summary fit GitHub's limits;
//   cpu      10,000 × 0 ms, both under bench/cpu-wrap.mjs: CPU time per request;
//   https    1,000 distinct HTTPS origins (loopback addresses × ports, one test CA given with
//            `ca-file`; the floor client trusts the same CA), 100 ms, concurrency 64;
//   wait     `wait` over HTTPS origins whose last server reports an old build until the parent
//            flips it (right after round 2's log line): how long fleet-check takes to report
//            the pass, and how many new connections each round opens (every round anew, by design);
//   linear   parsing, verdicts and rendering timed in-process at 2,500, 5,000 and 10,000 targets
//            (bench/linear.mjs), to show no step grows faster than the fleet.
// It ends with the budgets of issue 14 (and those of issue 5 that still apply), each PASS or
// FAIL, and exits 1 when one fails.
import { fork, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILD, OLD_BUILD } from './fleet-simulator.mjs'
import { measure, median, RSS_METHOD } from './measure.mjs'
import { parseOutputs } from '../scripts/runner-files.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const NODE = process.execPath
const OUT = path.join(ROOT, '.bench')
const HELLO_SOURCE = path.join(ROOT, 'bench', 'hello-world', 'index.js')
const HELLO_BUNDLE = path.join(OUT, 'hello-world', 'index.js')
const FLOOR_ACTION_SOURCE = path.join(ROOT, 'bench', 'hello-world', 'floor-action.js')
const FLOOR_ACTION_BUNDLE = path.join(OUT, 'floor-action', 'index.js')
const FLOOR = path.join(ROOT, 'bench', 'floor-client.mjs')
const CPU_WRAP = path.join(ROOT, 'bench', 'cpu-wrap.mjs')

const MiB = 1024 * 1024
/** The action's own log line after the sweep (src/main.ts), when the bundle has it. */
const CHECKED = /Checked (\d+) targets in (\d+) ms/
/** A round's log line under `wait` (src/watch/rounds.ts). */
const ROUND = /^round (\d+) \([^)]*\): (\d+)\/(\d+) current/
const OUTPUT_LIMIT = 1_000_000 // GitHub: 1 MB per step output
const SUMMARY_LIMIT = MiB // GitHub: 1 MiB per step summary
const BLOCKS = ['startup', 'sweep', 'cpu', 'https', 'wait', 'linear']

const args = parseArgs(process.argv.slice(2))
const BUNDLE = path.resolve(ROOT, args.bundle ?? 'dist/index.js')
const only = new Set((args.only ?? BLOCKS.join(',')).split(','))
for (const b of only) {
  if (!BLOCKS.includes(b)) throw new Error(`--only: unknown block ${b}; expected ${BLOCKS}`)
}
const RUNS = Number(args.runs ?? 5)
const HTTPS = {
  origins: Number(args.origins ?? 1_000),
  addresses: Number(args.addresses ?? 4),
  latency: Number(args['https-latency'] ?? 100),
  concurrency: 64
}
const WAIT = {
  targets: Number(args['wait-targets'] ?? 250),
  latency: HTTPS.latency,
  concurrency: 64,
  interval: args.interval ?? '2s',
  flipAfterRound: 2,
  runs: Number(args['wait-runs'] ?? 3)
}

const SWEEPS = [
  { name: '8 × 100 ms', targets: 8, latency: 100, concurrency: 32 },
  { name: '1,000 × 100 ms', targets: 1_000, latency: 100, concurrency: 64 },
  { name: '10,000 × 50 ms', targets: 10_000, latency: 50, concurrency: 256 }
]
const CPU_SCENARIO = { name: '10,000 × 0 ms', targets: 10_000, latency: 0, concurrency: 256 }
const STARTUP_SCENARIO = { targets: 1, latency: 0, concurrency: 32 }

const simulator = await startSimulator()
/** The HTTPS origins, once started: { ca, caFile, origins, addresses, perAddress } */
let tls
const results = {
  machine: machine(),
  rssMethod: RSS_METHOD,
  cpuMethod:
    'bench/cpu-wrap.mjs: process.cpuUsage() (user + system, every thread) at the exit event',
  bundle: bundleInfo(),
  blocks: [...only]
}
try {
  console.log(
    `fleet-check benchmark: ${results.bundle.file} (sha256 ${results.bundle.sha256}, ` +
      `${results.bundle.git}) on Node ${results.machine.node}`
  )
  console.log(`date: ${results.machine.date}; load average at start: ${results.machine.load}`)
  console.log(`machine: ${results.machine.cpus}; ${results.machine.uname}`)
  console.log(`peak RSS: ${RSS_METHOD}`)
  console.log(`CPU: ${results.cpuMethod}`)
  console.log(
    'fleet-check and the floor client run in turn (A B, then B A, …); figures are medians\n'
  )

  if (only.has('startup')) {
    results.startup = await startupComparison(Number(args['startup-runs'] ?? 21))
    printStartup(results.startup)
  }
  if (only.has('sweep')) {
    results.sweeps = []
    for (const s of SWEEPS) results.sweeps.push(await httpSweep(s, RUNS, false))
    printPaired('Sweeps, one HTTP origin', results.sweeps)
  }
  if (only.has('cpu')) {
    results.cpu = await httpSweep(CPU_SCENARIO, RUNS, true)
    printPaired('CPU per request, one HTTP origin', [results.cpu])
    printCpu(results.cpu)
  }
  if (only.has('https') || only.has('wait')) await startHttps()
  if (only.has('https')) {
    results.https = await httpsSweep(RUNS)
    printPaired('Many HTTPS origins', [results.https])
  }
  if (only.has('wait')) {
    results.wait = await waitConvergence()
    printWait(results.wait)
  }
  if (only.has('linear')) {
    results.linear = await linearCost()
    printLinear(results.linear)
  }
} finally {
  simulator.child.disconnect()
}

results.budgets = budgets(results)
console.log('\nBudgets (issue 14; and of issue 5, those that still apply)')
for (const b of results.budgets) {
  console.log(`  ${b.ok ? 'PASS' : 'FAIL'}  ${b.name}: ${b.detail}`)
}
if (args.json) await writeFile(path.resolve(args.json), JSON.stringify(results, null, 2) + '\n')
process.exitCode = results.budgets.every(b => b.ok) ? 0 : 1

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = {}
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i])
    if (!m) throw new Error(`unknown argument ${argv[i]}`)
    const value = m[2] ?? argv[++i]
    if (value === undefined) throw new Error(`--${m[1]} needs a value`)
    out[m[1]] = value
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
    node: process.version,
    load: loadavg()
      .map(l => l.toFixed(2))
      .join(', ')
  }
}

/** Which bundle was measured: its hash, and whether it is the committed dist/index.js. */
function bundleInfo() {
  const git = (...a) =>
    spawnSync('git', a, { cwd: ROOT, maxBuffer: 256 * MiB }).stdout ?? Buffer.alloc(0)
  const sha = b => createHash('sha256').update(b).digest('hex').slice(0, 12)
  const mine = sha(readFileSync(BUNDLE))
  const head = git('rev-parse', '--short', 'HEAD').toString().trim()
  const committed = git('show', 'HEAD:dist/index.js')
  let where = 'no git'
  if (head) {
    where =
      committed.length && sha(committed) === mine
        ? `the committed dist/index.js of ${head}`
        : `not the dist/index.js committed in ${head}`
    const chunks = git('status', '--porcelain', '--', 'dist').toString().trim()
    if (BUNDLE === path.join(ROOT, 'dist', 'index.js') && chunks) where += ', dist/ has changes'
  }
  return { file: path.relative(ROOT, BUNDLE) || BUNDLE, sha256: mine, git: where }
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
  const ask = (type, body = {}) =>
    new Promise((resolve, reject) => {
      const mine = ++id
      const on = m => {
        if (m.id !== mine) return
        child.off('message', on)
        if (m.error) reject(new Error(`fleet simulator: ${m.error}`))
        else resolve(m)
      }
      child.on('message', on)
      child.send({ ...body, type, id: mine })
    })
  return {
    child,
    port,
    ask,
    base: latency => `http://127.0.0.1:${port}/lat/${latency}/t/`,
    url: (latency, n) => `http://127.0.0.1:${port}/lat/${latency}/t/${n}/version`,
    reset: () => ask('reset'),
    stats: async () => (await ask('stats')).stats
  }
}

/**
 * A clean environment as the runner gives an action: no npm_* variables, no NODE_OPTIONS;
 * `files` are written into the workspace (the CA of `ca-file`).
 */
async function runnerEnv(inputs, files = {}) {
  const workspace = await mkdtemp(path.join(tmpdir(), 'fleet-check-bench-'))
  const runner = {
    output: path.join(workspace, 'github_output'),
    summary: path.join(workspace, 'github_step_summary'),
    event: path.join(workspace, 'event.json')
  }
  await writeFile(runner.output, '')
  await writeFile(runner.summary, '')
  await writeFile(runner.event, JSON.stringify({ after: BUILD }))
  for (const [name, text] of Object.entries(files))
    await writeFile(path.join(workspace, name), text)
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: workspace,
    GITHUB_OUTPUT: runner.output,
    GITHUB_STEP_SUMMARY: runner.summary,
    GITHUB_EVENT_PATH: runner.event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: BUILD,
    GITHUB_REPOSITORY: 'your-org/fleet-check-bench'
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return { workspace, files: runner, env }
}

/** Runs `script args` in node, under bench/cpu-wrap.mjs when `cpu`; adds cpuUs to the result. */
async function runNode(script, scriptArgs, { env, cwd, cpu, grep, onLine }) {
  const cpuFile = path.join(cwd, '.cpu.json')
  const argv = cpu ? [CPU_WRAP, cpuFile, script, ...scriptArgs] : [script, ...scriptArgs]
  const r = await measure(NODE, argv, { env, cwd, grep, onLine })
  if (!cpu) return r
  const usage = parse(await readFile(cpuFile, 'utf8').catch(() => ''))
  return { ...r, cpuUs: usage ? usage.user + usage.system : undefined }
}

async function runAction(bundle, inputs, { files, cpu = false, onLine } = {}) {
  const { workspace, files: runner, env } = await runnerEnv(inputs, files)
  try {
    const run = await runNode(bundle, [], { env, cwd: workspace, cpu, grep: CHECKED, onLine })
    const outputText = await readFile(runner.output, 'utf8')
    return {
      ...run,
      outputs: parseOutputs(outputText),
      summaryBytes: statSync(runner.summary).size
    }
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
}

async function runFloor(floorArgs, { cpu = false } = {}) {
  const { workspace, env } = await runnerEnv({})
  try {
    const run = await runNode(FLOOR, floorArgs, { env, cwd: workspace, cpu })
    const last = run.stdoutTail.trim().split('\n').pop() ?? ''
    return { ...run, floor: parse(last) }
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
}

function actionInputs({ targets, latency, concurrency }, fleet) {
  return {
    targets: fleet ?? rangeFleet(targets, latency),
    expected: BUILD,
    concurrency: String(concurrency),
    timeout: '10s',
    retries: '2',
    summary: 'true'
  }
}

function rangeFleet(n, latency) {
  if (n === 1) return simulator.url(latency, 1)
  return [
    'targets:',
    `  - name: t-[1:${n}]`,
    `    url: ${simulator.url(latency, `[1:${n}]`)}`
  ].join('\n')
}

function parse(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

// --- start-up ---------------------------------------------------------------------------------

function buildHelloWorld() {
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  for (const [source, bundle] of [
    [HELLO_SOURCE, HELLO_BUNDLE],
    [FLOOR_ACTION_SOURCE, FLOOR_ACTION_BUNDLE]
  ]) {
    // Built as most actions are: outside this project, whose tsconfig.json gives ncc undici's
    // dispatchers alone (shims/undici) in place of undici's whole index.
    const r = spawnSync(NODE, [ncc, 'build', source, '-o', path.dirname(bundle), '--quiet'], {
      cwd: tmpdir(),
      encoding: 'utf8'
    })
    if (r.status !== 0 || !existsSync(bundle)) {
      throw new Error(`ncc could not bundle ${path.basename(source)}:\n${r.stderr}${r.stdout}`)
    }
    if (!/new CacheStorage\(/.test(readFileSync(bundle, 'utf8'))) {
      throw new Error(`${path.basename(source)}: bundled without undici's whole index`)
    }
  }
}

async function startupComparison(runs) {
  await mkdir(OUT, { recursive: true })
  buildHelloWorld()
  const fleet = actionInputs(STARTUP_SCENARIO)
  const contenders = {
    node: async () => {
      const { env, workspace } = await runnerEnv({})
      const r = await measure(NODE, ['-e', '0'], { env, cwd: workspace })
      await rm(workspace, { recursive: true, force: true })
      return r
    },
    hello: () => runAction(HELLO_BUNDLE, { 'who-to-greet': 'bench' }),
    floorAction: () => runAction(FLOOR_ACTION_BUNDLE, fleet),
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
    rssKiB: median(rss[name]),
    runs: times[name]
  })
  const pairs = times.fleet.map((t, i) => t / times.hello[i])
  return {
    runs,
    node: summary('node'),
    hello: summary('hello'),
    floorAction: summary('floorAction'),
    fleet: summary('fleet'),
    ratio: median(times.fleet) / median(times.hello),
    pairRatios: { min: Math.min(...pairs), max: Math.max(...pairs) },
    floorActionRatio: median(times.fleet) / median(times.floorAction),
    bundleBytes: {
      fleet: bundleSize(BUNDLE),
      hello: bundleSize(HELLO_BUNDLE),
      floorAction: bundleSize(FLOOR_ACTION_BUNDLE)
    }
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

// --- paired runs: fleet-check and the floor client in turn ------------------------------------

/**
 * `runs` rounds of fleet-check and the floor client against the same simulator, alternating
 * who goes first (A B, B A, …), after one unmeasured floor run that warms the simulator.
 * Every run is checked: a run that did not check every target makes the scenario invalid.
 */
async function paired(scenario, runs, { fleet, floor }) {
  await floor()
  const samples = { fleet: [], floor: [] }
  const one = async side => {
    await simulator.reset()
    const r = side === 'fleet' ? await fleet() : await floor()
    const sim = await simulator.stats()
    samples[side].push(side === 'fleet' ? fleetSample(r, sim) : floorSample(r, sim))
  }
  for (let round = 0; round < runs; round++) {
    for (const side of round % 2 ? ['floor', 'fleet'] : ['fleet', 'floor']) await one(side)
  }
  return summarise(scenario, runs, samples)
}

function simFigures(sim) {
  return {
    requests: sim.requests,
    connections: sim.connections,
    tlsHandshakes: sim.tlsHandshakes,
    tlsResumed: sim.tlsResumed,
    peakInFlight: sim.peakInFlight
  }
}

function fleetSample(r, sim) {
  const names = parse(r.outputs.current ?? '')
  const outputBytes = Object.fromEntries(
    Object.entries(r.outputs).map(([k, v]) => [k, Buffer.byteLength(v)])
  )
  const largest = Object.entries(outputBytes).sort((a, b) => b[1] - a[1])[0] ?? ['-', 0]
  if (r.code !== 0) {
    console.error(`fleet-check exited ${r.code}\n${r.stderr}\n${r.stdoutTail.slice(-1500)}`)
  }
  return {
    ms: r.ms,
    rssKiB: r.rssKiB,
    cpuMs: r.cpuMs,
    cpuUs: r.cpuUs,
    code: r.code,
    checked: Array.isArray(names) ? names.length : 0,
    result: r.outputs.result,
    summaryBytes: r.summaryBytes,
    largestOutput: { name: largest[0], bytes: largest[1] },
    logBytes: r.stdoutBytes,
    sweepMs: r.found ? Number(r.found[2]) : undefined,
    ...simFigures(sim)
  }
}

function floorSample(r, sim) {
  if (r.code !== 0) console.error(`the floor client exited ${r.code}\n${r.stderr}`)
  return {
    ms: r.ms,
    rssKiB: r.rssKiB,
    cpuMs: r.cpuMs,
    cpuUs: r.cpuUs,
    code: r.code,
    checked: r.floor && r.floor.failures === 0 ? r.floor.requests : 0,
    sweepMs: r.floor?.sweepMs,
    ...simFigures(sim)
  }
}

function spread(values) {
  const v = values.filter(x => x !== undefined && !Number.isNaN(x))
  return v.length
    ? { median: median(v), min: Math.min(...v), max: Math.max(...v), runs: v }
    : undefined
}

function summarise(scenario, runs, samples) {
  const side = list => ({
    wall: spread(list.map(s => s.ms)),
    rssKiB: spread(list.map(s => s.rssKiB)),
    cpuMs: spread(list.map(s => s.cpuMs)),
    cpuUsPerRequest: spread(
      list.map(s => (s.cpuUs === undefined ? undefined : s.cpuUs / s.requests))
    ),
    gnuCpuUsPerRequest: spread(
      list.map(s => (s.cpuMs === undefined ? undefined : (s.cpuMs * 1000) / s.requests))
    ),
    sweepMs: spread(list.map(s => s.sweepMs)),
    codes: [...new Set(list.map(s => s.code))],
    checked: Math.min(...list.map(s => s.checked)),
    requests: median(list.map(s => s.requests)),
    connections: median(list.map(s => s.connections)),
    tlsHandshakes: median(list.map(s => s.tlsHandshakes)),
    tlsResumed: median(list.map(s => s.tlsResumed)),
    peakInFlight: median(list.map(s => s.peakInFlight)),
    samples: list
  })
  const fleet = side(samples.fleet)
  const floor = side(samples.floor)
  const f = samples.fleet
  fleet.summaryBytes = Math.max(...f.map(s => s.summaryBytes))
  fleet.largestOutput = f.map(s => s.largestOutput).reduce((a, b) => (b.bytes > a.bytes ? b : a))
  fleet.logBytes = median(f.map(s => s.logBytes))
  const ratio = (a, b) => (a && b ? a.median / b.median : undefined)
  const pairs = f.map((s, i) => s.ms / samples.floor[i].ms)
  return {
    ...scenario,
    runs,
    ideal: Math.ceil(scenario.targets / scenario.concurrency) * scenario.latency,
    fleet,
    floor,
    wallRatio: ratio(fleet.wall, floor.wall),
    wallPairRatios: { min: Math.min(...pairs), max: Math.max(...pairs) },
    cpuRatio: ratio(fleet.cpuUsPerRequest, floor.cpuUsPerRequest),
    gnuCpuRatio: ratio(fleet.gnuCpuUsPerRequest, floor.gnuCpuUsPerRequest),
    valid:
      fleet.codes.join() === '0' &&
      floor.codes.join() === '0' &&
      fleet.checked === scenario.targets &&
      floor.checked === scenario.targets
  }
}

// --- one HTTP origin --------------------------------------------------------------------------

async function httpSweep(scenario, runs, cpu) {
  const { targets, latency, concurrency } = scenario
  const floorArgs = [
    ...['--base', simulator.base(latency), '--targets', String(targets)],
    ...['--concurrency', String(concurrency), '--expect', BUILD]
  ]
  return paired(scenario, runs, {
    fleet: () => runAction(BUNDLE, actionInputs(scenario), { cpu }),
    floor: () => runFloor(floorArgs, { cpu })
  })
}

// --- many HTTPS origins -----------------------------------------------------------------------

/**
 * A test CA and one leaf it signs for every loopback address used (made with the openssl CLI,
 * as __tests__/helpers/tls.ts does), and HTTPS servers in the simulator: `perAddress` ports on
 * each of 127.0.0.1, 127.0.0.2, … (all of 127.0.0.0/8 is loopback on Linux).
 */
async function startHttps() {
  const addresses = Array.from({ length: HTTPS.addresses }, (_, i) => `127.0.0.${i + 1}`)
  const count = Math.max(HTTPS.origins, WAIT.targets)
  const perAddress = Math.ceil(count / addresses.length)
  const dir = await mkdtemp(path.join(tmpdir(), 'fleet-check-bench-ca-'))
  const openssl = (...a) => {
    const r = spawnSync('openssl', a, { cwd: dir, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`openssl ${a[0]} failed:\n${r.stderr}`)
  }
  const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  try {
    openssl(
      ...['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2'],
      ...['-subj', '/CN=fleet-check bench CA'],
      ...['-addext', 'basicConstraints=critical,CA:TRUE'],
      ...['-addext', 'keyUsage=critical,keyCertSign,cRLSign']
    )
    openssl('req', '-new', ...EC, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=fleet')
    const san = [...addresses.map(a => `IP:${a}`), 'DNS:localhost'].join(',')
    await writeFile(
      path.join(dir, 'leaf.cnf'),
      `basicConstraints = CA:FALSE\nsubjectAltName = ${san}\n`
    )
    openssl(
      ...['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key'],
      ...['-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-sha256'],
      ...['-extfile', 'leaf.cnf']
    )
    const [ca, key, cert] = await Promise.all(
      ['ca.pem', 'leaf.key', 'leaf.pem'].map(f => readFile(path.join(dir, f), 'utf8'))
    )
    const { origins } = await simulator.ask('https', { key, cert, addresses, perAddress })
    await mkdir(OUT, { recursive: true })
    const caFile = path.join(OUT, 'bench-ca.pem')
    await writeFile(caFile, ca)
    tls = { ca, caFile, origins: origins.slice(0, count), addresses, perAddress }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Target n (1-based) is the n-th origin: one origin, one server, one target. */
function httpsUrls(n, latency) {
  return tls.origins.slice(0, n).map((o, i) => `${o}/lat/${latency}/t/${i + 1}/version`)
}

async function httpsSweep(runs) {
  const { origins, latency, concurrency } = HTTPS
  const scenario = {
    name: `${origins.toLocaleString('en-US')} HTTPS origins × ${latency} ms`,
    targets: origins,
    latency,
    concurrency
  }
  const urls = httpsUrls(origins, latency)
  const urlFile = path.join(OUT, 'https-urls.txt')
  await writeFile(urlFile, urls.join('\n') + '\n')
  const floorArgs = ['--urls', urlFile, '--ca', tls.caFile]
  floorArgs.push('--concurrency', String(concurrency), '--expect', BUILD)
  // One URL a line: a fleet of distinct servers, as a user would list them.
  const inputs = { ...actionInputs(scenario, urls.join('\n')), 'ca-file': 'ca.pem' }
  const result = await paired(scenario, runs, {
    fleet: () => runAction(BUNDLE, inputs, { files: { 'ca.pem': tls.ca } }),
    floor: () => runFloor(floorArgs)
  })
  return { ...result, addresses: tls.addresses, perAddress: tls.perAddress }
}

// --- wait: convergence after the last server flips, keep-alive across rounds -----------------

async function waitConvergence() {
  const { targets, latency, concurrency, interval, flipAfterRound, runs } = WAIT
  const urls = httpsUrls(targets, latency)
  const inputs = {
    ...actionInputs({ targets, latency, concurrency }, urls.join('\n')),
    'ca-file': 'ca.pem',
    wait: '2m',
    interval
  }
  const intervalMs = durationMs(interval)
  const samples = []
  for (let i = 0; i < runs; i++) samples.push(await waitRun(inputs, intervalMs))
  const pick = f => spread(samples.map(f))
  const laterRounds = samples.flatMap(s => s.rounds.slice(1).map(r => r.newConnections))
  return {
    targets,
    latency,
    concurrency,
    interval,
    intervalMs,
    flipAfterRound,
    runs,
    samples,
    toNextRound: pick(s => s.toNextRoundMs),
    toPass: pick(s => s.toPassMs),
    passRoundMs: pick(s => s.passRoundMs),
    firstRoundConnections: median(samples.map(s => s.rounds[0]?.newConnections ?? NaN)),
    laterRoundConnections: laterRounds.length ? Math.max(...laterRounds) : undefined,
    laterRoundResumed: Math.max(0, ...samples.flatMap(s => s.rounds.slice(1).map(r => r.resumed))),
    sawFlipNextRound: samples.every(s => s.passRound === flipAfterRound + 1),
    codes: [...new Set(samples.map(s => s.code))]
  }
}

/** One `wait` run: the last target is stale until the parent flips it after round 2's line. */
async function waitRun(inputs, intervalMs) {
  const { targets, flipAfterRound } = WAIT
  await simulator.reset()
  await simulator.ask('stale', { n: targets, build: OLD_BUILD })
  const epoch = t => performance.timeOrigin + t
  const rounds = []
  const pending = []
  let flipAt
  const onLine = (line, t) => {
    const m = ROUND.exec(line)
    if (!m) return
    const round = { n: Number(m[1]), current: Number(m[2]), of: Number(m[3]), at: epoch(t) }
    rounds.push(round)
    // The next round starts an interval later: these answers come long before it.
    pending.push(simulator.stats().then(s => Object.assign(round, { stats: s })))
    if (round.n === flipAfterRound) {
      pending.push(simulator.ask('flip', { n: targets }).then(a => (flipAt = a.at)))
    }
  }
  const r = await runAction(BUNDLE, inputs, { files: { 'ca.pem': tls.ca }, onLine })
  await Promise.all(pending)
  if (r.code !== 0) console.error(`wait: exit ${r.code}\n${r.stderr}\n${r.stdoutTail.slice(-1500)}`)
  let before = { connections: 0, tlsHandshakes: 0, tlsResumed: 0 }
  for (const round of rounds) {
    round.newConnections = round.stats.connections - before.connections
    round.handshakes = round.stats.tlsHandshakes - before.tlsHandshakes
    round.resumed = round.stats.tlsResumed - before.tlsResumed
    before = round.stats
    delete round.stats
  }
  const pass = rounds.find(x => x.current === x.of)
  const firstAfter = flipAt === undefined ? {} : await simulator.ask('first-after', { at: flipAt })
  return {
    code: r.code,
    ms: r.ms,
    rounds,
    intervalMs,
    passRound: pass?.n,
    toNextRoundMs: firstAfter.at === undefined ? undefined : firstAfter.at - flipAt,
    toPassMs: pass && flipAt !== undefined ? pass.at - flipAt : undefined,
    passRoundMs: pass && firstAfter.at !== undefined ? pass.at - firstAfter.at : undefined
  }
}

function durationMs(text) {
  const m = /^(\d+)(ms|s|m)$/.exec(text)
  if (!m) throw new Error(`--interval: ${text}; expected e.g. 500ms, 2s, 1m`)
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2]]
}

// --- linear cost ------------------------------------------------------------------------------

/** Compiles the pure modules with tsc into .bench/lib and times them in a child process. */
async function linearCost() {
  const lib = path.join(OUT, 'lib')
  await rm(lib, { recursive: true, force: true })
  const entries = [
    'fleet/parse.ts',
    'fleet/yaml-kit.ts',
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
  return v === undefined ? '—' : `${Math.round(v)} ms`
}
function mb(kib) {
  return `${(kib / 1024).toFixed(0)} MiB`
}
/** Decimal megabytes, as the budgets are written. */
function MB(kib) {
  return `${((kib * 1024) / 1e6).toFixed(0)} MB`
}
function bytes(b) {
  return b >= MiB ? `${(b / MiB).toFixed(2)} MiB` : `${(b / 1024).toFixed(0)} KiB`
}
function x(v, digits = 2) {
  return v === undefined ? '—' : `${v.toFixed(digits)}×`
}
function range(s, f = ms) {
  return s ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : '—'
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
  const row = (name, p, b) => [name, ms(p.median), ms(p.min), ms(p.max), mb(p.rssKiB), b]
  console.log(
    table(
      ['program', 'median', 'min', 'max', 'peak RSS', 'bundle'],
      [
        row('node -e 0', s.node, '—'),
        row('hello-world (core + github, ncc)', s.hello, bundleText(s.bundleBytes.hello)),
        row(
          'barest action doing the job (core + undici, 1 GET)',
          s.floorAction,
          bundleText(s.bundleBytes.floorAction)
        ),
        row('fleet-check, 1 instant target', s.fleet, bundleText(s.bundleBytes.fleet))
      ]
    )
  )
  console.log(
    `  ratio fleet-check / hello-world: ${x(s.ratio)} (rounds: ${x(s.pairRatios.min)}–${x(s.pairRatios.max)}; ` +
      `budget ≤ 1.00×); over node -e 0: fleet-check +${ms(s.fleet.median - s.node.median)}, ` +
      `hello-world +${ms(s.hello.median - s.node.median)}`
  )
  console.log(
    `  the barest action doing the job / hello-world: ${x(s.floorAction.median / s.hello.median)}; ` +
      `fleet-check / the barest action doing the job: ${x(s.floorActionRatio)}\n`
  )
}

function printPaired(title, rows) {
  console.log(`${title} (median of ${rows[0].runs} runs each, interleaved; spawn to exit)`)
  console.log(
    table(
      [
        'scenario',
        'conc.',
        'ideal',
        'fleet-check wall (min–max)',
        'floor wall (min–max)',
        'ratio (rounds)',
        'peak RSS fleet (max) / floor',
        'CPU fleet / floor',
        'sweep (log) / floor sweep',
        'checked',
        'exit',
        'connections (TLS) fleet / floor',
        'summary',
        'largest output'
      ],
      rows.map(r => [
        r.name,
        r.concurrency,
        ms(r.ideal),
        range(r.fleet.wall),
        range(r.floor.wall),
        `${x(r.wallRatio)} (${x(r.wallPairRatios.min)}–${x(r.wallPairRatios.max)})`,
        `${mb(r.fleet.rssKiB.median)} (${mb(r.fleet.rssKiB.max)}) / ${mb(r.floor.rssKiB.median)}`,
        r.fleet.cpuMs ? `${ms(r.fleet.cpuMs.median)} / ${ms(r.floor.cpuMs.median)}` : '—',
        `${ms(r.fleet.sweepMs?.median)} / ${ms(r.floor.sweepMs?.median)}`,
        `${r.fleet.checked.toLocaleString('en-US')} / ${r.floor.checked.toLocaleString('en-US')}`,
        `${r.fleet.codes} / ${r.floor.codes}`,
        `${r.fleet.connections} (${r.fleet.tlsHandshakes}) / ${r.floor.connections} (${r.floor.tlsHandshakes})`,
        bytes(r.fleet.summaryBytes),
        `${r.fleet.largestOutput.name} ${bytes(r.fleet.largestOutput.bytes)}`
      ])
    )
  )
  console.log(
    [
      '  ratio = median fleet-check wall / median floor wall; (rounds): lowest and highest ratio of one',
      '  round; CPU: user + system (GNU time); sweep (log): the action\'s own "Checked N targets in X ms";',
      '  connections: accepted by the simulator (TLS handshakes in brackets)\n'
    ].join('\n')
  )
}

function printCpu(r) {
  const f = r.fleet.cpuUsPerRequest
  const b = r.floor.cpuUsPerRequest
  const us = v => `${Math.round(v)} µs`
  console.log(
    `CPU per request at ${r.name}, c${r.concurrency} (bench/cpu-wrap.mjs; whole process / requests)`
  )
  console.log(
    table(
      ['client', 'CPU per request (min–max)', 'cross-check: GNU time', 'requests'],
      [
        [
          'fleet-check',
          range(f, us),
          us(r.fleet.gnuCpuUsPerRequest?.median ?? NaN),
          r.fleet.requests
        ],
        [
          'floor client',
          range(b, us),
          us(r.floor.gnuCpuUsPerRequest?.median ?? NaN),
          r.floor.requests
        ]
      ]
    )
  )
  console.log(`  ratio: ${x(r.cpuRatio)} (GNU time: ${x(r.gnuCpuRatio)}; budget ≤ 1.25×)\n`)
}

function printWait(w) {
  console.log(
    `wait: ${w.targets} HTTPS origins × ${w.latency} ms, c${w.concurrency}, interval ${w.interval}; ` +
      `the last one flips after round ${w.flipAfterRound}'s line (${w.runs} runs)`
  )
  console.log(
    table(
      [
        'run',
        'exit',
        'passed in round',
        'flip → next round (first connection or request)',
        'flip → pass reported',
        'passing round took',
        'new connections per round',
        'TLS resumed per round'
      ],
      w.samples.map((s, i) => [
        i + 1,
        s.code,
        s.passRound ?? '—',
        ms(s.toNextRoundMs),
        ms(s.toPassMs),
        ms(s.passRoundMs),
        s.rounds.map(r => r.newConnections).join(', '),
        s.rounds.map(r => r.resumed).join(', ')
      ])
    )
  )
  console.log('')
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
  const add = (name, ok, detail) => out.push({ name, ok, detail })
  const invalid = s =>
    `invalid run: fleet-check exit ${s.fleet.codes}, checked ${s.fleet.checked}; floor exit ${s.floor.codes}, checked ${s.floor.checked} of ${s.targets}`
  const wallBudget = (s, limit) => {
    if (!s) return
    add(
      `${s.name}, c${s.concurrency}: wall fleet-check / floor client ≤ ${limit.toFixed(2)}×`,
      s.valid && s.wallRatio <= limit,
      s.valid
        ? `${x(s.wallRatio, 3)} (${ms(s.fleet.wall.median)} vs ${ms(s.floor.wall.median)}; rounds ${x(s.wallPairRatios.min)}–${x(s.wallPairRatios.max)})`
        : invalid(s)
    )
  }
  if (r.startup) {
    const s = r.startup
    add(
      'start-up, one target: fleet-check / hello-world ≤ 1.00×',
      s.ratio <= 1,
      `${x(s.ratio, 3)} (${ms(s.fleet.median)} vs ${ms(s.hello.median)}; rounds ${x(s.pairRatios.min)}–${x(s.pairRatios.max)})`
    )
  }
  const sweep = (n, c) => r.sweeps?.find(s => s.targets === n && s.concurrency === c)
  wallBudget(sweep(1_000, 64), 1.15)
  wallBudget(sweep(10_000, 256), 1.3)
  if (r.cpu) {
    const c = r.cpu
    add(
      `CPU per request at ${c.name}, c${c.concurrency}: fleet-check / floor client ≤ 1.25×`,
      c.valid && c.cpuRatio <= 1.25,
      c.valid
        ? `${x(c.cpuRatio, 3)} (${Math.round(c.fleet.cpuUsPerRequest.median)} µs vs ${Math.round(c.floor.cpuUsPerRequest.median)} µs; GNU time ${x(c.gnuCpuRatio)})`
        : invalid(c)
    )
  }
  const tenK = [sweep(10_000, 256), r.cpu].filter(Boolean)
  if (tenK.length) {
    const all = tenK.flatMap(s => s.fleet.rssKiB.runs)
    add(
      'peak RSS at 10,000 targets ≤ 160 MB (highest of every 10,000-target run)',
      Math.max(...all) * 1024 <= 160e6,
      tenK.map(s => `${s.name}: ${s.fleet.rssKiB.runs.map(MB).join(', ')}`).join('; ')
    )
  }
  wallBudget(r.https, 1.2)
  if (r.wait) {
    const w = r.wait
    add(
      'wait: the first round after the flip passes and reaches the servers within one interval of the flip (+5 % for timers and pipes)',
      w.codes.join() === '0' &&
        w.sawFlipNextRound &&
        w.toNextRound !== undefined &&
        w.toNextRound.max <= w.intervalMs * 1.05,
      `flip → next round ${range(w.toNextRound)}, → pass reported ${range(w.toPass)} (interval ${w.interval}); ` +
        `passed in round ${w.samples.map(s => s.passRound ?? '—').join(', ')}; exit ${w.codes}`
    )
    // Not keep-alive across rounds: each round is a fresh look (a name resolved again, a load
    // balancer routing anew); a kept pool allows a false green (integration/fresh-rounds.test.ts).
    add(
      'wait: every round opens its connections anew (by design: no answer over an earlier round’s connection)',
      w.laterRoundConnections !== undefined && w.laterRoundConnections >= w.firstRoundConnections,
      `new connections: round 1 ${w.firstRoundConnections}, later rounds at most ${w.laterRoundConnections ?? '—'} ` +
        `(TLS sessions resumed in later rounds: at most ${w.laterRoundResumed})`
    )
  }
  const k10 = sweep(10_000, 256)
  if (k10) {
    add(
      '10,000 targets: every target checked, exit 0 (issue 5)',
      k10.fleet.checked === 10_000 && k10.fleet.codes.join() === '0',
      `${k10.fleet.checked} in \`current\`, ${k10.fleet.requests} requests, exit ${k10.fleet.codes}`
    )
    add(
      '10,000 targets: job summary < 1 MiB (issue 5)',
      k10.fleet.summaryBytes < SUMMARY_LIMIT,
      `${k10.fleet.summaryBytes} bytes`
    )
    add(
      '10,000 targets: each output < 1 MB (issue 5)',
      k10.fleet.largestOutput.bytes < OUTPUT_LIMIT,
      `largest: ${k10.fleet.largestOutput.name}, ${k10.fleet.largestOutput.bytes} bytes`
    )
  }
  if (r.linear) {
    const bad = r.linear.steps.filter(s => s.superlinear)
    add(
      'linear cost in parsing, range expansion, verdicts, rendering (issue 5)',
      bad.length === 0,
      bad.length
        ? `superlinear: ${bad.map(s => `${s.name} (growth ${s.growth.toFixed(2)})`).join('; ')}`
        : `every step's growth <= ${r.linear.threshold}`
    )
  }
  return out
}
