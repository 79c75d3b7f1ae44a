// npm run preview-summary -- report.json [--out page.html] [--expected-source TEXT]
//
// Renders the job summary of a JSON report (report-path, --report, the `report` output) to an
// HTML page, with marked (GitHub Flavored Markdown) and a 900 px panel styled like GitHub's,
// so the summary can be looked at without a workflow run. Writes the Markdown next to it.
//
// The renderer is TypeScript (src/report/summary.ts) and the bundles are no libraries, so the
// script compiles the renderer and the modules it imports with the TypeScript compiler (a
// devDependency, like marked) into node_modules/.cache, and imports that.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const USAGE =
  'usage: npm run preview-summary -- REPORT.json [--out PAGE.html] [--expected-source TEXT]'

async function main() {
  let args
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'expected-source': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (error) {
    return fail(`${error.message}\n${USAGE}`)
  }
  if (args.values.help) return console.log(USAGE)
  if (args.positionals.length !== 1) return fail(`expected one report file\n${USAGE}`)
  const file = path.resolve(args.positionals[0])
  let report
  try {
    report = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    return fail(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
  }

  const { previewSummary } = await compiled('src/report/preview.ts')
  let markdown
  try {
    const source = args.values['expected-source']
    markdown = previewSummary(report, source ? { expectedSource: source } : {})
  } catch (error) {
    return fail(`${file}: ${error.message}`)
  }

  const out = path.resolve(args.values.out ?? file.replace(/(\.json)?$/i, '.summary.html'))
  const md = out.replace(/(\.html?)?$/i, '.md')
  await writeFile(md, markdown)
  await writeFile(out, await page(path.basename(file), markdown))
  console.log(`Summary (Markdown, ${Buffer.byteLength(markdown)} bytes): ${md}`)
  console.log(`Preview (HTML): ${out}`)
}

/** The module compiled, with every module it imports, and imported. */
async function compiled(entry) {
  // Loaded here: a mistyped file name is told at once.
  const { default: ts } = await import('typescript')
  const cache = path.join(root, 'node_modules', '.cache')
  await mkdir(cache, { recursive: true })
  const dir = await mkdtemp(path.join(cache, 'preview-summary-'))
  try {
    await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
    const todo = [path.join(root, entry)]
    const done = new Set()
    while (todo.length) {
      const from = todo.pop()
      if (done.has(from)) continue
      done.add(from)
      const { outputText } = ts.transpileModule(await readFile(from, 'utf8'), {
        fileName: from,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
      })
      const to = path.join(dir, path.relative(root, from)).replace(/\.ts$/, '.js')
      await mkdir(path.dirname(to), { recursive: true })
      await writeFile(to, outputText)
      // Sources import each other as './x.js' (NodeNext); type-only imports are gone by now.
      for (const m of outputText.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)\.js['"]/g))
        todo.push(path.resolve(path.dirname(from), `${m[1]}.ts`))
    }
    return await import(pathToFileURL(path.join(dir, entry.replace(/\.ts$/, '.js'))).href)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The summary as GitHub shows it: a panel about 900 px wide, GitHub's Markdown styles. */
async function page(title, markdown) {
  const { marked } = await import('marked')
  const body = marked.parse(markdown, { gfm: true, async: false })
  const raw = markdown.replace(/[&<>]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>fleet-check summary: ${escapeHtml(title)}</title>
<style>
body { margin: 0; padding: 24px; background: #f6f8fa; color: #1f2328;
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.panel { box-sizing: border-box; width: 900px; max-width: 100%; margin: 0 auto 24px; padding: 16px 24px;
  background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.markdown-body { word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h3 { font-size: 1.25em; }
.markdown-body h2, .markdown-body h3 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
.markdown-body ul { padding-left: 2em; }
.markdown-body li + li { margin-top: .25em; }
.markdown-body code { padding: .2em .4em; font-size: 85%; white-space: break-spaces;
  background: #818b981f; border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto;
  border-spacing: 0; border-collapse: collapse; }
.markdown-body td, .markdown-body th { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body details summary { cursor: pointer; }
.raw { width: 900px; max-width: 100%; margin: 0 auto; }
.raw pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; padding: 16px;
  border: 1px solid #d1d9e0; border-radius: 6px; font-size: 12px; }
</style>
</head>
<body>
<div class="panel markdown-body">
${body}
</div>
<details class="raw"><summary>The raw Markdown</summary><pre>${raw}</pre></details>
</body>
</html>
`
}

function escapeHtml(text) {
  return text.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]
  )
}

function fail(message) {
  console.error(`preview-summary: ${message}`)
  process.exitCode = 2
}

await main()
