// dist/licenses.txt: the licence of every production dependency, which is what ncc bundles.
// (ncc's own --license output keeps only the last chunk's when dynamic imports split the bundle.)
// The list comes from the committed package-lock.json, so every clean install writes the same file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'))

const entries = []
for (const [where, pkg] of Object.entries(lock.packages)) {
  if (!where.startsWith('node_modules/') || pkg.dev || pkg.devOptional) continue
  const dir = path.join(ROOT, where)
  const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length)
  const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f))
  const text = file
    ? readFileSync(path.join(dir, file), 'utf8').trim()
    : `(no licence file; package.json says ${pkg.license ?? 'nothing'})`
  entries.push({
    key: `${name}@${pkg.version}`,
    text: `${name} ${pkg.version}\n${pkg.license ?? ''}\n${text}\n`
  })
}
const unique = new Map(entries.sort((a, b) => (a.key < b.key ? -1 : 1)).map(e => [e.key, e.text]))
writeFileSync(path.join(ROOT, 'dist', 'licenses.txt'), [...unique.values()].join('\n'))
