// Compressed answers. A server may gzip, deflate or brotli its answer even when the request did
// not ask for it (no Accept-Encoding is sent: any coding is then acceptable, RFC 9110 §12.5.3).
// The body is decoded as it streams in and the size limit applies to the decoded bytes, so a
// small body that inflates to gigabytes stops at the limit, in bounded memory.
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream'
import type { Inflate, InflateRaw } from 'node:zlib'
import { err, ok, type Result } from '../common/result.js'
import { reason, type Reason } from '../verdict/reason.js'

/** node:zlib, loaded with the first coded answer: most fleets never send one. */
type Zlib = typeof import('node:zlib')

/**
 * Whether node:zlib has zstd: it came in Node 22.15 and 23.8. Told from the version, so that
 * node:zlib loads only when an answer is coded (the tests check it against node:zlib itself).
 */
export function zstdIn(nodeVersion: string): boolean {
  const [major, minor] = nodeVersion.split('.').map(Number)
  return major > 23 || (major === 23 && minor >= 8) || (major === 22 && minor >= 15)
}

const HAS_ZSTD = zstdIn(process.versions.node)

/** More stacked codings than any server uses; each one costs a decoder and its window. */
const MAX_CODINGS = 3

export type Coding = 'gzip' | 'deflate' | 'br' | 'zstd'

const NAMES: Record<string, Coding> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
  zstd: 'zstd'
}

/**
 * The codings to undo, in the order they were applied ("gzip, br" is gzip then br, so br is
 * undone first), or why the body cannot be decoded. `identity` is no coding. Pure.
 */
export function codingsOf(
  header: string | string[] | undefined,
  zstd = HAS_ZSTD
): Result<Coding[], Reason> {
  if (header === undefined) return ok([])
  const tokens = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map(t => t.trim().toLowerCase())
    .filter(t => t !== '' && t !== 'identity')
  const codings: Coding[] = []
  for (const t of tokens) {
    const c = Object.hasOwn(NAMES, t) ? NAMES[t] : undefined
    if (!c || (c === 'zstd' && !zstd)) {
      return err(
        reason(
          'decode',
          `unsupported Content-Encoding: ${t.length > 40 ? `${t.slice(0, 40)}…` : t}`
        )
      )
    }
    codings.push(c)
  }
  if (codings.length > MAX_CODINGS) {
    return err(
      reason('decode', `too many Content-Encodings (${codings.length}; at most ${MAX_CODINGS})`)
    )
  }
  return ok(codings)
}

class TooLarge extends Error {}

/**
 * Reads `body` through a decoder per coding (the last applied first), at most `limit` bytes
 * before and after decoding. A decoding error names its coding; an abort of `signal` rejects.
 */
export async function readDecoded(
  body: Readable,
  codings: readonly Coding[],
  limit: number,
  signal: AbortSignal
): Promise<Result<string, Reason>> {
  const [zlib, { pipeline }] = await Promise.all([
    import('node:zlib'),
    import('node:stream/promises')
  ])
  // Which coding an error came from: on any failure the pipeline destroys every stage with the
  // first error, so an error is the decoder's own only when the body had not raised it first.
  const fromBody = new WeakSet<object>()
  const fromDecoder = new WeakMap<object, Coding>()
  body.on('error', (e: unknown) => {
    if (typeof e === 'object' && e) fromBody.add(e)
  })
  const decoders = [...codings].reverse().map(c => {
    const d = decoder(zlib, c)
    d.on('error', e => {
      if (!fromBody.has(e) && !fromDecoder.has(e)) fromDecoder.set(e, c)
    })
    return d
  })
  const chunks: Buffer[] = []
  let raw = 0
  let size = 0
  // The coded bytes are held to the limit too: empty gzip members could stream forever.
  const countRaw = new Transform({
    transform(chunk: Buffer, _enc, done) {
      raw += chunk.length
      if (raw > limit) done(new TooLarge())
      else done(null, chunk)
    }
  })
  const collect = new Writable({
    write(chunk: Buffer, _enc, done) {
      size += chunk.length
      if (size > limit) return done(new TooLarge())
      chunks.push(chunk)
      done()
    }
  })
  try {
    await pipeline([body, countRaw, ...decoders, collect], { signal })
  } catch (error) {
    if (signal.aborted) throw error
    if (error instanceof TooLarge) {
      const max = `body larger than ${limit / (1024 * 1024)} MiB`
      return err(reason('too-large', raw > limit ? max : `${max} (decoded)`))
    }
    const coding = typeof error === 'object' && error ? fromDecoder.get(error) : undefined
    if (coding === undefined) throw error // the connection, not the coding: the caller says which
    return err(reason('decode', `could not decode the ${coding} body: ${(error as Error).message}`))
  }
  return ok(Buffer.concat(chunks).toString('utf8'))
}

function decoder(zlib: Zlib, coding: Coding): Transform {
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip()
    case 'deflate':
      return new InflateEither(zlib)
    case 'br':
      return zlib.createBrotliDecompress()
    case 'zstd':
      return (zlib as unknown as { createZstdDecompress(): Transform }).createZstdDecompress()
  }
}

/**
 * `deflate` means zlib-wrapped deflate (RFC 9110 §8.4.1.2), but some servers send it raw. A raw
 * stream has no header, so the first two bytes decide which inflater to use.
 */
class InflateEither extends Transform {
  private inner: Inflate | InflateRaw | undefined
  private head: Buffer = Buffer.alloc(0)

  constructor(private readonly zlib: Zlib) {
    super()
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.inner) return this.feed(chunk, done)
    this.head = Buffer.concat([this.head, chunk])
    if (this.head.length < 2) return done()
    this.start()
    const head = this.head
    this.head = Buffer.alloc(0)
    this.feed(head, done)
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) this.start()
    const inner = this.inner as Inflate
    if (this.head.length) inner.write(this.head)
    inner.once('end', () => done())
    inner.end()
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy()
    done(error)
  }

  private start(): void {
    const b = this.head
    // A zlib header: compression method 8 and a header checksum that divides by 31.
    const zlibbed = b.length >= 2 && (b[0] & 0x0f) === 8 && ((b[0] << 8) | b[1]) % 31 === 0
    const inner = zlibbed ? this.zlib.createInflate() : this.zlib.createInflateRaw()
    inner.on('data', (out: Buffer) => {
      // Backpressure: stop inflating while our reader is behind.
      if (!this.push(out)) inner.pause()
    })
    inner.on('error', error => this.destroy(error))
    this.inner = inner
  }

  override _read(size: number): void {
    this.inner?.resume()
    super._read(size)
  }

  private feed(chunk: Buffer, done: TransformCallback): void {
    const inner = this.inner as Inflate
    if (inner.write(chunk)) done()
    else inner.once('drain', () => done())
  }
}
