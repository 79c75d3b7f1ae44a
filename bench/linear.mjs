// Linear cost: the pure steps of a run (parsing and range expansion, verdicts, report rendering)
// and publish (log lines, outputs, summary) timed in-process at 2,500, 5,000 and 10,000 targets,
// the fleet's cap. Growth is log2(t(10,000) / t(5,000)): 1.0 for a linear step, 2.0 for a
// quadratic one.
//
//   node bench/linear.mjs <dir of the sources compiled by tsc>   (bench/run.mjs does this)
//
// Results go to the parent over IPC, or to standard output when run by hand. Standard output is
// otherwise the log that publish writes, so bench/run.mjs discards it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const lib = path.resolve(process.argv[2] ?? '.bench/lib')
const load = async file => import(pathToFileURL(path.join(lib, file)).href)
const { parseFleet } = await load('fleet/parse.js')
// yaml and valibot, which settings.ts hands parseFleet for YAML fleets (src/fleet/yaml-kit.ts)
const { yamlKit } = await load('fleet/yaml-kit.js')
const { judge } = await load('verdict/judge.js')
const { headline } = await load('report/headline.js')
const { renderSummary } = await load('report/summary.js')
const { reportForOutput, namesByStatus, reportFileChunks } = await load('report/report-json.js')

// publish() writes through @actions/core to these files, as in a run.
const workspace = await mkdtemp(path.join(tmpdir(), 'fleet-check-linear-'))
process.env.GITHUB_OUTPUT = path.join(workspace, 'output')
process.env.GITHUB_STEP_SUMMARY = path.join(workspace, 'summary')
const { publish } = await load('report/runner-output.js')

const SIZES = [2_500, 5_000, 10_000]
const REPS = 15
const THRESHOLD = 1.5
const BUILD = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OTHER = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const options = { timeoutMs: 10_000, headers: { 'X-Api-Key': 'k' }, env: {}, yaml: yamlKit }
const source = { label: 'input `targets`' }

const rangeDoc = n =>
  `targets:\n  - name: t-[1:${n}]\n    url: http://127.0.0.1:8080/lat/0/t/[1:${n}]/version\n`
const listDoc = n =>
  'defaults:\n  json: sha\ntargets:\n' +
  Array.from(
    { length: n },
    (_, i) => `  - name: t-${i + 1}\n    url: http://127.0.0.1:8080/t/${i + 1}/version\n`
  ).join('')
const urlLines = n =>
  Array.from({ length: n }, (_, i) => `http://t-${i + 1}.fleet.test:8080/version`).join('\n')

/** A distinct full hash per index, with distinct first 7 digits. */
const hashOf = i => i.toString(16).padStart(8, '0') + 'c'.repeat(32)

function observations(targets, kind) {
  return targets.map((target, i) => {
    const o = { target, kind: 'reported', attempts: 1, ms: 100 }
    if (kind === 'current') o.build = BUILD
    else if (kind === 'distinct') o.build = hashOf(i)
    else if (kind === 'majority') o.build = i % 10 === 0 ? OTHER : BUILD
    else if (i % 2) o.build = OTHER
    else
      Object.assign(o, { kind: 'none', code: 'refused', reason: 'connection refused', attempts: 3 })
    return o
  })
}

const expected = { kind: 'build', build: BUILD }
const consensus = { kind: 'consensus' }

/** Each step: prepare(n) outside the clock, then run(input) on it. */
const STEPS = [
  { name: 'parse: one range target', prepare: rangeDoc, run: t => parseFleet(t, source, options) },
  { name: 'parse: one entry a target', prepare: listDoc, run: t => parseFleet(t, source, options) },
  { name: 'parse: one URL a line', prepare: urlLines, run: t => parseFleet(t, source, options) },
  {
    name: 'judge: all current',
    prepare: n => observations(targetsOf(n), 'current'),
    run: o => judge(o, expected)
  },
  {
    name: 'judge: half stale, half missing',
    prepare: n => observations(targetsOf(n), 'failing'),
    run: o => judge(o, expected)
  },
  {
    name: 'judge: consensus, 10% off',
    prepare: n => observations(targetsOf(n), 'majority'),
    run: o => judge(o, consensus)
  },
  {
    name: 'judge: consensus, every build differs',
    prepare: n => observations(targetsOf(n), 'distinct'),
    run: o => judge(o, consensus)
  },
  ...['current', 'failing', 'distinct'].flatMap(kind => {
    const verdict = n =>
      judge(observations(targetsOf(n), kind), kind === 'distinct' ? consensus : expected)
    const label = { current: 'all current', failing: 'all failing', distinct: 'no consensus' }[kind]
    return [
      { name: `headline: ${label}`, prepare: verdict, run: v => headline(v) },
      {
        name: `summary: ${label}`,
        prepare: verdict,
        run: v => renderSummary(v, headline(v))
      },
      { name: `report output: ${label}`, prepare: verdict, run: v => reportForOutput(v) },
      {
        name: `report file: ${label}`,
        prepare: verdict,
        // As report-path writes it: in pieces, each handed on (here: counted)
        run: v => {
          let n = 0
          for (const piece of reportFileChunks(v)) n += piece.length
          return n
        }
      },
      { name: `names by status: ${label}`, prepare: verdict, run: v => namesByStatus(v) }
    ]
  }),
  {
    name: 'publish (log, outputs, summary): all failing',
    prepare: n => judge(observations(targetsOf(n), 'failing'), expected),
    run: async v => {
      await writeFile(process.env.GITHUB_OUTPUT, '')
      await writeFile(process.env.GITHUB_STEP_SUMMARY, '')
      await publish(v, { summary: true, workspace })
      process.exitCode = 0 // publish fails the step for a failing fleet; this process is fine
    }
  }
]

const targetCache = new Map()
function targetsOf(n) {
  if (!targetCache.has(n))
    targetCache.set(n, parseFleet(rangeDoc(n), source, options).value.targets)
  return targetCache.get(n)
}

/**
 * The best time of one call of a step at each size, over REPS rounds that take the sizes in
 * turn, so that a burst of load on the machine hits every size alike. Each call follows a full
 * GC (--expose-gc), so that no call pays for the garbage of the ones before it.
 */
async function timeStep(step) {
  const inputs = SIZES.map(n => step.prepare(n))
  const best = SIZES.map(() => Infinity)
  for (let r = 0; r < REPS; r++) {
    for (let i = 0; i < SIZES.length; i++) {
      globalThis.gc?.()
      const started = performance.now()
      await step.run(inputs[i])
      best[i] = Math.min(best[i], performance.now() - started)
    }
  }
  return best
}

// Growth over the last doubling, 5,000 to 10,000: what the cost tends to. (Over the whole span
// a step can change mode, e.g. the report output starts cutting above ~4,000 targets.)
const growthOf = times => Math.log2(times.at(-1) / times.at(-2))
// Below a few milliseconds, timer noise decides the ratio; such a step costs nothing anyway.
const looksSuperlinear = times => growthOf(times) > THRESHOLD && times.at(-1) > 5

const steps = []
for (const step of STEPS) {
  // Warm-up, so the first size does not pay for compiling the code.
  await step.run(step.prepare(SIZES[0]))
  const times = await timeStep(step)
  // A step that looks superlinear is timed again, so that a burst of load on the machine
  // cannot fail it alone: the best of both measurements counts.
  let remeasured = false
  if (looksSuperlinear(times)) {
    remeasured = true
    const again = await timeStep(step)
    for (let i = 0; i < SIZES.length; i++) times[i] = Math.min(times[i], again[i])
  }
  steps.push({
    name: step.name,
    ms: times,
    growth: growthOf(times),
    remeasured,
    superlinear: looksSuperlinear(times)
  })
}
await rm(workspace, { recursive: true, force: true })

const result = { sizes: SIZES, reps: REPS, threshold: THRESHOLD, steps }
if (process.send) process.send(result)
else console.error(JSON.stringify(result, null, 2))
