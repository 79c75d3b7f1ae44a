// `npm run preview-summary -- report.json` (scripts/preview-summary.mjs): a JSON report in, the
// job summary as Markdown and as an HTML page (marked, GFM) out, next to the report.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { fullReport } from '../../src/report/report-json.js'
import { previewSummary } from '../../src/report/preview.js'
import { targetVerdict, verdictOf } from './fixtures.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const SCRIPT = path.join(ROOT, 'scripts', 'preview-summary.mjs')
const NEW = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const OLD = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'preview-summary-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function preview(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], {
      cwd: ROOT
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('npm run preview-summary', () => {
  const report = fullReport(
    verdictOf(
      [
        targetVerdict('web-1', 'current', { reported: NEW, expected: NEW }),
        targetVerdict('web-2', 'stale', {
          reported: OLD,
          expected: NEW,
          reason: `reports ${OLD}; expected ${NEW}`
        }),
        targetVerdict('db', 'missing', { expected: NEW, reason: 'connection refused', attempts: 3 })
      ],
      { expected: NEW }
    )
  )

  test('writes the summary as Markdown and as an HTML page next to the report, and prints where', async () => {
    const file = path.join(dir, 'report.json')
    await writeFile(file, JSON.stringify(report, null, 2))
    const run = await preview(file, '--expected-source', 'input `expected`')
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const html = path.join(dir, 'report.summary.html')
    const md = path.join(dir, 'report.summary.md')
    expect(run.stdout).toContain(`Preview (HTML): ${html}\n`)
    expect(run.stdout).toContain(`: ${md}\n`)

    const markdown = await readFile(md, 'utf8')
    expect(markdown).toBe(previewSummary(report, { expectedSource: 'input `expected`' }))
    const page = await readFile(html, 'utf8')
    expect(page).toMatch(/^<!doctype html>/)
    expect(page).toContain('<div class="panel markdown-body">\n<h2>fleet-check: ❌ fail</h2>')
    expect(page).toContain('Expected build <code>9f8e7d6</code>, from input <code>expected</code>.')
    expect(page).toContain('<h3>❌ Stale: 1 target on another build</h3>')
    expect(page).toContain(
      '<li><code>web-2</code> runs <code>1a2b3c4</code><br><code>https://web-2.example.com/version</code></li>'
    )
    expect(page).toContain('<h3>⚠️ Missing: 1 target with no usable report</h3>')
    expect(page).toContain('<details><summary>1 current target</summary>')
    // The raw Markdown too, escaped for the page.
    expect(page).toContain('<pre>## fleet-check: ❌ fail\n')
  })

  test('--out names the page', async () => {
    const file = path.join(dir, 'fleet.json')
    await writeFile(file, JSON.stringify(report))
    const out = path.join(dir, 'page.html')
    const run = await preview(file, '--out', out)
    expect(run.code).toBe(0)
    expect(await readFile(out, 'utf8')).toContain('<h2>fleet-check: ❌ fail</h2>')
    expect(await readFile(path.join(dir, 'page.md'), 'utf8')).toMatch(/^## fleet-check: ❌ fail\n/)
  })

  test('a file that is no report: exit 2, the file and the field named', async () => {
    const file = path.join(dir, 'bad.json')
    await writeFile(
      file,
      JSON.stringify({ result: 'fail', targets: [{ name: 'a', status: 'ok' }] })
    )
    const run = await preview(file)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `preview-summary: ${file}: targets[0].status: "ok" is not a status; expected one of current, stale, mixed, missing, undeclared\n`
    )
  })

  test('no file, or one that is not there: exit 2 with the usage or the path', async () => {
    expect(await preview()).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected one report file\nusage: npm run preview-summary')
    })
    const gone = path.join(dir, 'gone.json')
    expect(await preview(gone)).toMatchObject({
      code: 2,
      stderr: `preview-summary: ${gone}: no such file\n`
    })
  })
})
