// dist/inputs.sha256: a hash of everything `npm run bundle` builds dist/ from (src/, shims/, the
// lock file, tsconfig.json, the bundle script and the scripts it runs). `npm run bundle` writes
// it; a test recomputes it, so that `npm test` fails when src/ changed and dist/ was not rebuilt.
// Paths are relative and line endings normalised: the hash is the same on any checkout.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const HASH_FILE = 'dist/inputs.sha256'

/** Every file under `dir`, as sorted paths relative to `root` with / separators. */
function files(root, dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? files(root, `${dir}/${e.name}`) : [`${dir}/${e.name}`]))
    .sort()
}

/** The hex SHA-256 of the bundle's inputs under `root`. */
export function inputsHash(root = ROOT) {
  const hash = createHash('sha256')
  const add = (name, text) => hash.update(`${name}\0${text.replace(/\r\n/g, '\n')}\0`)
  for (const name of [
    ...files(root, 'src'),
    ...files(root, 'shims'),
    'package-lock.json',
    'tsconfig.json',
    'scripts/bundle.mjs',
    'scripts/ascii-bundle.mjs',
    'scripts/licenses.mjs',
    'scripts/dist-inputs.mjs'
  ]) {
    add(name, readFileSync(path.join(root, name), 'utf8'))
  }
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  add('package.json#scripts.bundle', pkg.scripts.bundle)
  // The command line prints the version.
  add('package.json#version', pkg.version)
  return hash.digest('hex')
}

// `node scripts/dist-inputs.mjs --write`, the last step of `npm run bundle`
if (process.argv.includes('--write')) {
  writeFileSync(path.join(ROOT, HASH_FILE), `${inputsHash()}\n`)
}
