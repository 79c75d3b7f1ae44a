// `npm run bundle`: dist/ from src/, the same on every machine. Two bundles: the action
// (dist/index.js, what action.yml runs) and the command line (dist/cli/index.js, package.json's
// `bin`), made pure ASCII (scripts/ascii-bundle.mjs: faster to load). Then the licences of every
// package either bundle contains, the JSON Schema of the fleet file (printed by the command line,
// from the schema the code validates with), and the hash of the inputs that `npm test` checks
// dist/ against.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], ...options })

/** A build in a child process; its output is printed when it ends, not interleaved. */
function build(command, args) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      process.stdout.write(stdout)
      process.stderr.write(stderr)
      if (error) reject(new Error(`${path.basename(args[3] ?? '')}: ${error.message}`))
      else resolve()
    })
  })
}

/**
 * Fails on an import of a name its module does not export: for one of shims/undici, the name
 * would be undefined at run time, where nothing else would tell.
 */
function missingImports(statsFile) {
  const found = JSON.parse(readFileSync(statsFile, 'utf8'))
    .warnings.map(w => `${w.moduleName}: ${w.message}`)
    .filter(w => /export '.*' \(imported as '.*'\) was not found/.test(w))
  if (found.length > 0) throw new Error(`imports of names never exported:\n${found.join('\n')}`)
}

rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true })
const stats = mkdtempSync(path.join(tmpdir(), 'fleet-check-bundle-'))
try {
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  // The two builds at once: each writes only its own directory, so the output is the same.
  await Promise.all(
    [
      ['src/index.ts', 'dist', 'action'],
      ['src/cli/index.ts', 'dist/cli', 'cli']
    ].map(([entry, out, name]) =>
      build(process.execPath, [
        ncc,
        'build',
        entry,
        '-o',
        out,
        '--stats-out',
        path.join(stats, `${name}.json`)
      ])
    )
  )
  for (const name of ['action', 'cli']) missingImports(path.join(stats, `${name}.json`))
  run(process.execPath, [
    'scripts/licenses.mjs',
    path.join(stats, 'action.json'),
    path.join(stats, 'cli.json')
  ])
} finally {
  rmSync(stats, { recursive: true, force: true })
}
run(process.execPath, ['scripts/ascii-bundle.mjs', 'dist', 'dist/cli'])
const schema = execFileSync(process.execPath, ['dist/cli/index.js', 'schema'], { cwd: ROOT })
writeFileSync(path.join(ROOT, 'schema', 'fleet.schema.json'), schema)
run(process.execPath, ['scripts/dist-inputs.mjs', '--write'])
