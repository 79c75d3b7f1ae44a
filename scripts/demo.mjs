// npm run demo: the Knight Capital fleet on loopback. Eight routers, the deploy reached seven;
// router-8 still runs the old build. The committed dist/index.js runs exactly as the runner runs
// it (INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files). Exit 0 only if it catches
// router-8.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { OLD, SHIPPED, startKnightFleet } from './knight-fleet.mjs'
import { parseOutputs } from './runner-files.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const server = await startKnightFleet()
const port = server.address().port

const workspace = await mkdtemp(path.join(tmpdir(), 'fleet-check-demo-'))
const files = {
  output: path.join(workspace, 'github_output'),
  summary: path.join(workspace, 'github_step_summary'),
  event: path.join(workspace, 'event.json')
}
await writeFile(files.output, '')
await writeFile(files.summary, '')
await writeFile(files.event, JSON.stringify({ after: SHIPPED }))
await writeFile(
  path.join(workspace, 'fleet.yml'),
  `# The SMARS routers, as declared\ntargets:\n  - name: router-[1:8]\n    url: http://127.0.0.1:${port}/router-[1:8]/actuator/info\n`
)

const bar = title =>
  console.log(`\n\x1b[1m── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\x1b[0m`)
bar('fleet-check runs as the runner would run it (node dist/index.js)')
const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'index.js')], {
  cwd: workspace,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: SHIPPED,
    'INPUT_TARGETS-FILE': 'fleet.yml',
    INPUT_TIMEOUT: '5s',
    INPUT_RETRIES: '2',
    INPUT_CONCURRENCY: '32',
    INPUT_SUMMARY: 'true'
  }
})
const code = await new Promise(resolve => child.on('close', resolve))
server.close()

const outputs = parseOutputs(await readFile(files.output, 'utf8'))
const summary = await readFile(files.summary, 'utf8')
await rm(workspace, { recursive: true, force: true })

bar('outputs')
for (const name of ['result', 'expected', 'current', 'stale', 'missing'])
  console.log(`${name.padEnd(9)} ${outputs[name]}`)
bar('job summary (GITHUB_STEP_SUMMARY)')
console.log(decodeEntities(summary))

const parse = s => {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}
const stale = parse(outputs.stale)
const missing = parse(outputs.missing)
const caught =
  code === 1 &&
  outputs.result === 'fail' &&
  JSON.stringify(stale) === '["router-8"]' &&
  Array.isArray(missing) &&
  missing.length === 0
bar('verdict')
if (caught) {
  console.log(
    `Caught: router-8 still runs ${OLD.slice(0, 7)}, not ${SHIPPED.slice(0, 7)}. The workflow fails (exit ${code}), as it must.`
  )
  process.exit(0)
}
console.log(
  `NOT caught: exit ${code}, result ${outputs.result}, stale ${outputs.stale}, missing ${outputs.missing}`
)
process.exit(1)

// The summary escapes every Markdown character as an entity; a terminal shows them plainly.
function decodeEntities(text) {
  return text
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&(lt|gt|quot|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e])
    .replace(/<\/?code>/g, '')
}
