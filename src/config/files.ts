// The inputs that name files (`targets-file`, `reports-file`, `ca-file`) and the inline fleet:
// read relative to the workspace, and capped before they are parsed.
import { X509Certificate } from 'node:crypto'
import { open, readFile } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError, quote, type Source } from '../common/errors.js'
import { checkSize, MAX_INPUT_BYTES, sizeProblem } from '../common/values.js'
import { parseReports, type ReportEntry } from '../fleet/reports-file.js'
import { inputValue, rawInput } from './inputs.js'

/** The fleet's text and where it came from: `targets` or `targets-file`. */
export async function readFleetInput(
  env: NodeJS.ProcessEnv
): Promise<{ text: string; source: Source }> {
  const inline = rawInput('targets')
  const file = rawInput('targets-file')
  if (inline.trim() !== '' && file !== '') {
    throw new ConfigError(
      'inputs `targets` and `targets-file` are both set; expected exactly one of them'
    )
  }
  if (inline.trim() !== '') {
    const size = checkSize(Buffer.byteLength(inline))
    if (!size.ok) {
      throw new ConfigError(
        `input \`targets\` ${size.error.problem}; expected a fleet of ${size.error.expected} (about 10,000 targets take 1.5 MiB)`
      )
    }
    return { text: inline, source: { label: 'input `targets`' } }
  }
  if (file === '') {
    throw new ConfigError(
      'neither `targets` nor `targets-file` is set; expected exactly one of them (the fleet to check)'
    )
  }
  const full = workspacePath(file, env)
  let read: Capped
  try {
    read = await readCapped(full)
  } catch (e) {
    const why = describeReadError(e)
    throw new ConfigError(
      `input \`targets-file\`: cannot read ${quote(file)} (${why} at ${full}); expected a fleet file (YAML or JSON), relative to the workspace`
    )
  }
  if ('over' in read) {
    const size = sizeProblem(read.over)
    const message = `input \`targets-file\`: ${quote(file)} ${size.problem}; expected a fleet file of ${size.expected}`
    throw new ConfigError([{ message, file }])
  }
  return { text: read.text, source: { label: `targets-file \`${file}\``, file } }
}

/** The `reports-file` entries, or undefined when it is not set. */
export async function readReportsFile(
  env: NodeJS.ProcessEnv,
  problems: string[]
): Promise<ReportEntry[] | undefined> {
  const file = inputValue('reports-file')
  if (file === '') return undefined
  const full = workspacePath(file, env)
  let read: Capped
  try {
    read = await readCapped(full)
  } catch (e) {
    problems.push(
      `input \`reports-file\`: cannot read ${quote(file)} (${describeReadError(e)} at ${full}); expected a JSON file written by an earlier step, relative to the workspace`
    )
    return undefined
  }
  if ('over' in read) {
    const size = sizeProblem(read.over)
    problems.push(
      `input \`reports-file\`: ${quote(file)} ${size.problem}; expected a JSON file of ${size.expected}`
    )
    return undefined
  }
  const reports = parseReports(read.text, file)
  if (reports.ok) return reports.value
  problems.push(...reports.error.map(p => p.message))
  return undefined
}

/** The PEM text of `ca-file`, or undefined when it is not set. */
export async function readCaFile(
  env: NodeJS.ProcessEnv,
  problems: string[]
): Promise<string | undefined> {
  const file = inputValue('ca-file')
  if (file === '') return undefined
  const full = workspacePath(file, env)
  let pem: string
  try {
    pem = await readFile(full, 'utf8')
  } catch (e) {
    problems.push(
      `input \`ca-file\`: cannot read ${quote(file)} (${describeReadError(e)} at ${full}); expected a PEM file of CA certificates, relative to the workspace`
    )
    return undefined
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
  if (blocks.length === 0) {
    problems.push(
      `input \`ca-file\`: ${quote(file)} has no "-----BEGIN CERTIFICATE-----" block; expected a PEM file of CA certificates`
    )
    return undefined
  }
  // TLS would silently skip a block it cannot read, and the error would come later, unexplained.
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block)
    } catch (e) {
      problems.push(
        `input \`ca-file\`: ${quote(file)}: certificate ${i + 1} of ${blocks.length} cannot be read (${(e as Error).message}); expected PEM certificates`
      )
      return undefined
    }
  }
  return pem
}

type Capped = { text: string } | { over: number | undefined }

/**
 * A file's text, or its size when over the cap for inputs (MAX_INPUT_BYTES), without reading more
 * than the cap: the size from stat, and a read that stops one byte past the cap (for a pipe, a
 * device or a file still growing, whose size stat does not tell; `over` is then undefined).
 */
async function readCapped(full: string, max = MAX_INPUT_BYTES): Promise<Capped> {
  const handle = await open(full, 'r')
  try {
    const { size } = await handle.stat()
    if (size > max) return { over: size }
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1, 64 * 1024), max + 1 - total))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) return { text: Buffer.concat(chunks, total).toString('utf8') }
      chunks.push(chunk.subarray(0, bytesRead))
      total += bytesRead
      if (total > max) return { over: undefined }
    }
  } finally {
    await handle.close()
  }
}

function workspacePath(file: string, env: NodeJS.ProcessEnv): string {
  return path.resolve(env.GITHUB_WORKSPACE || process.cwd(), file)
}

function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return (e as Error).message
}
