// dist/licenses.txt: the licence of every package the bundles contain, read from ncc's build
// statistics (the modules webpack put in each bundle and chunk), so the list is exactly what
// ships, whatever package.json calls a dependency. (ncc's own --license output keeps only the
// last chunk's when dynamic imports split the bundle.)
// Usage: node scripts/licenses.mjs STATS.json...
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Each package directory (relative to ROOT) a module of the build came from. */
function packageDirs(stats) {
  const dirs = new Set()
  const visit = modules => {
    for (const m of modules ?? []) {
      const id = (m.identifier ?? m.name ?? '').replace(/\\/g, '/')
      const match = /^(?:.*!)?(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(id)
      if (match) dirs.add(path.relative(ROOT, match[1]).replace(/\\/g, '/'))
      visit(m.modules)
    }
  }
  visit(stats.modules)
  for (const chunk of stats.chunks ?? []) visit(chunk.modules)
  return dirs
}

const dirs = new Set()
for (const file of process.argv.slice(2)) {
  for (const dir of packageDirs(JSON.parse(readFileSync(file, 'utf8')))) dirs.add(dir)
}
const entries = new Map()
for (const dir of dirs) {
  const full = path.join(ROOT, dir)
  if (!existsSync(path.join(full, 'package.json'))) continue
  const pkg = JSON.parse(readFileSync(path.join(full, 'package.json'), 'utf8'))
  const file = readdirSync(full).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f))
  const text = file
    ? readFileSync(path.join(full, file), 'utf8').trim()
    : `(no licence file; package.json says ${pkg.license ?? 'nothing'})`
  entries.set(
    `${pkg.name}@${pkg.version}`,
    `${pkg.name} ${pkg.version}\n${pkg.license ?? ''}\n${text}\n`
  )
}
const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, text]) => text)
if (sorted.length === 0) throw new Error('no bundled package found in the build statistics')
writeFileSync(path.join(ROOT, 'dist', 'licenses.txt'), sorted.join('\n'))
