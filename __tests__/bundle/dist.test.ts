// The runner runs the committed dist/, not src/: a change to src/ (or to the lock file, the
// TypeScript settings, the bundle script) without `npm run bundle` must fail `npm test`.
// `npm run bundle` writes a hash of those inputs into dist/; this recomputes it. No build, fast.
import { expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ROOT } from '../helpers/run-action.js'

interface DistInputs {
  HASH_FILE: string
  inputsHash(root?: string): string
}

test('dist/ was built from the current sources', async () => {
  const { HASH_FILE, inputsHash } = (await import(
    path.join(ROOT, 'scripts', 'dist-inputs.mjs')
  )) as DistInputs
  const built = await readFile(path.join(ROOT, HASH_FILE), 'utf8').catch(() => 'none')
  if (built.trim() !== inputsHash()) {
    throw new Error(
      `dist/ is stale: run npm run bundle (and commit dist/). ${HASH_FILE} says ${built.trim()}, the sources hash to ${inputsHash()}`
    )
  }
  expect(built).toMatch(/^[0-9a-f]{64}\n$/)
})
