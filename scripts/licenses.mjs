// dist/licenses.txt: the licence of every production dependency, which is what ncc bundles.
// (ncc's own --license output keeps only the last chunk's when dynamic imports split the bundle.)
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm']
const dirs = execFileSync(npm[0], [...npm.slice(1), 'ls', '--omit=dev', '--all', '--parseable'], {
  cwd: ROOT,
  encoding: 'utf8'
})
  .split('\n')
  .filter(d => d.includes('node_modules'))

const seen = new Map()
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  const key = `${pkg.name}@${pkg.version}`
  if (seen.has(key)) continue
  const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f))
  const text = file
    ? readFileSync(path.join(dir, file), 'utf8').trim()
    : `(no licence file; package.json says ${pkg.license ?? 'nothing'})`
  seen.set(key, `${pkg.name} ${pkg.version}\n${pkg.license ?? ''}\n${text}\n`)
}
const out = [...seen.keys()]
  .sort()
  .map(k => seen.get(k))
  .join('\n')
writeFileSync(path.join(ROOT, 'dist', 'licenses.txt'), out)
