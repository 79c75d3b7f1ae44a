// Issue 8: compressed answers. A server may encode its answer without being asked; the body is
// decoded per Content-Encoding as it streams in, and the 1 MiB limit holds for the decoded
// bytes, so a decompression bomb stops at the limit instead of filling memory.
import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import type http from 'node:http'
import type { Dispatcher } from 'undici'
import zlib from 'node:zlib'
import { checkTarget } from '../../src/probe/check.js'
import { err, ok } from '../../src/common/result.js'
import { codingsOf } from '../../src/probe/decode.js'
import { createDispatcher, MAX_BODY_BYTES } from '../../src/probe/http.js'
import { startServer, type Handler, type TestServer } from '../helpers/servers.js'
import { target } from './target.js'

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432'
const BODY = Buffer.from(JSON.stringify({ sha: SHA }))
const MiB = 1024 * 1024

let dispatcher: Dispatcher
const servers: TestServer[] = []

async function serve(handler: Handler): Promise<TestServer> {
  const s = await startServer(handler)
  servers.push(s)
  return s
}

/** Answers `body` as it is, with these headers (Content-Length unless chunked). */
const encoded =
  (body: Buffer, headers: http.OutgoingHttpHeaders, status = 200): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(body)
  }

/**
 * Valid JSON with the build once decoded, `decodedMiB` long, gzipped into about a thousandth of
 * that: only the decoded limit keeps it from passing.
 */
function gzipBomb(decodedMiB: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 })
  const out: Buffer[] = []
  gzip.on('data', (d: Buffer) => out.push(d))
  const done = new Promise<Buffer>(resolve => gzip.on('end', () => resolve(Buffer.concat(out))))
  gzip.write(`{"sha":"${SHA}","pad":"`)
  const chunk = Buffer.alloc(MiB, 'x')
  for (let i = 0; i < decodedMiB; i++) gzip.write(chunk)
  gzip.end('"}')
  return done
}

const hasZstd = typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function'
const zstd = (b: Buffer): Buffer =>
  (zlib as unknown as { zstdCompressSync(b: Buffer): Buffer }).zstdCompressSync(b)

beforeEach(() => {
  dispatcher = createDispatcher({})
})

afterEach(async () => {
  await dispatcher.destroy()
  await Promise.all(servers.splice(0).map(s => s.close()))
})

describe('decoded per Content-Encoding', () => {
  test.each<[string, Buffer, string]>([
    ['gzip', zlib.gzipSync(BODY), 'gzip'],
    ['x-gzip', zlib.gzipSync(BODY), 'x-gzip'],
    ['deflate (zlib-wrapped, as the RFC says)', zlib.deflateSync(BODY), 'deflate'],
    ['deflate sent raw', zlib.deflateRawSync(BODY), 'deflate'],
    ['br', zlib.brotliCompressSync(BODY), 'br'],
    ['upper case', zlib.gzipSync(BODY), 'GZIP'],
    ['identity', BODY, 'identity'],
    ['identity around gzip', zlib.gzipSync(BODY), 'identity, gzip'],
    ['gzip then br, undone in reverse', zlib.brotliCompressSync(zlib.gzipSync(BODY)), 'gzip, br'],
    [
      'deflate, gzip, br',
      zlib.brotliCompressSync(zlib.gzipSync(zlib.deflateSync(BODY))),
      'deflate,gzip ,br'
    ]
  ])('%s: current', async (_, body, coding) => {
    const server = await serve(encoded(body, { 'content-encoding': coding }))
    const obs = await checkTarget(target(`${server.origin}/version`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA, attempts: 1 })
  })

  ;(hasZstd ? test : test.skip)('zstd: current', async () => {
    const server = await serve(encoded(zstd(BODY), { 'content-encoding': 'zstd' }))
    const obs = await checkTarget(target(`${server.origin}/version`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA })
  })

  test('codings over two header lines are one list', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('content-encoding', ['gzip', 'br'])
      res.end(zlib.brotliCompressSync(zlib.gzipSync(BODY)))
    })
    const obs = await checkTarget(target(`${server.origin}/version`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA })
  })

  test('a chunked gzip stream, written a few bytes at a time, with a regex extraction', async () => {
    const gz = zlib.gzipSync(Buffer.from(`build: ${SHA}\n`))
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
      let i = 0
      const next = () => {
        if (i >= gz.length) return res.end()
        res.write(gz.subarray(i, (i += 7)), () => setImmediate(next))
      }
      next()
    })
    const obs = await checkTarget(
      target(`${server.origin}/`, { extraction: { kind: 'regex', pattern: /build: (\w+)/ } }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA })
  })

  test('no Accept-Encoding is sent: the server chose to compress', async () => {
    const server = await serve(encoded(zlib.gzipSync(BODY), { 'content-encoding': 'gzip' }))
    await checkTarget(target(`${server.origin}/`), 0, dispatcher)
    expect(server.requests[0].headers['accept-encoding']).toBeUndefined()
  })

  test('a body of exactly 1 MiB once decoded is accepted', async () => {
    const prefix = `{"sha":"${SHA}","pad":"`
    const body = prefix + 'x'.repeat(MAX_BODY_BYTES - prefix.length - 2) + '"}'
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES)
    const server = await serve(encoded(zlib.gzipSync(body), { 'content-encoding': 'gzip' }))
    const obs = await checkTarget(target(`${server.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({ build: SHA })
  })
})

describe('decompression bombs', () => {
  let bomb: Buffer
  beforeAll(async () => {
    bomb = await gzipBomb(64)
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES / 4)
  })

  test('64 MiB of valid JSON in under 100 KiB of gzip: missing, decoded size over 1 MiB', async () => {
    const server = await serve(encoded(bomb, { 'content-encoding': 'gzip' }))
    const obs = await checkTarget(target(`${server.origin}/`, { timeoutMs: 5_000 }), 2, dispatcher)
    expect(obs).toMatchObject({ reason: 'body larger than 1 MiB (decoded)', attempts: 1 })
    expect(obs.kind).not.toBe('reported')
  })

  test('one byte over 1 MiB decoded is refused', async () => {
    const body = Buffer.alloc(MAX_BODY_BYTES + 1, ' ')
    BODY.copy(body)
    const server = await serve(encoded(zlib.gzipSync(body), { 'content-encoding': 'gzip' }))
    const obs = await checkTarget(target(`${server.origin}/`), 0, dispatcher)
    expect(obs).toMatchObject({ code: 'too-large', reason: 'body larger than 1 MiB (decoded)' })
  })

  test.each([
    ['gzip', () => bomb],
    ['deflate', () => zlib.deflateSync(Buffer.alloc(64 * MiB, 'x'))],
    ['deflate', () => zlib.deflateRawSync(Buffer.alloc(64 * MiB, 'x'))]
  ])(
    'decoded as it streams (%s): refused before the server has finished sending',
    async (coding, make) => {
      // A third of the bomb (over 20 MiB decoded), then the connection is held open: only a
      // reader that decodes and counts as the bytes arrive can answer before the deadline.
      const body = make()
      let closed!: () => void
      const connectionClosed = new Promise<void>(resolve => (closed = resolve))
      const server = await serve((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding })
        res.write(body.subarray(0, Math.floor(body.length / 3)))
        req.socket.on('close', closed)
      })
      const obs = await checkTarget(
        target(`${server.origin}/`, { timeoutMs: 20_000 }),
        0,
        dispatcher
      )
      expect(obs).toMatchObject({ code: 'too-large', reason: 'body larger than 1 MiB (decoded)' })
      await connectionClosed
    }
  )

  test('a deflate bomb (raw), a brotli bomb and a stacked one', async () => {
    const big = Buffer.alloc(8 * MiB, 'x')
    const bombs: [string, Buffer][] = [
      ['deflate', zlib.deflateRawSync(big)],
      ['deflate', zlib.deflateSync(big)],
      [
        'br',
        zlib.brotliCompressSync(big, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
      ],
      ['gzip, gzip', zlib.gzipSync(zlib.gzipSync(big))]
    ]
    for (const [coding, body] of bombs) {
      const server = await serve(encoded(body, { 'content-encoding': coding }))
      const obs = await checkTarget(target(`${server.origin}/`), 0, dispatcher)
      expect({ coding, obs }).toMatchObject({
        coding,
        obs: { code: 'too-large', reason: 'body larger than 1 MiB (decoded)' }
      })
    }
  })

  test('the coded bytes are limited too: over 1 MiB of gzip is refused as it comes', async () => {
    // Empty gzip members decode to nothing, forever.
    const empty = zlib.gzipSync(Buffer.alloc(0))
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' })
      const write = () => {
        while (res.write(Buffer.concat(Array(1000).fill(empty) as Buffer[])));
        res.once('drain', write)
      }
      res.on('close', () => res.removeAllListeners('drain'))
      write()
    })
    const obs = await checkTarget(target(`${server.origin}/`, { timeoutMs: 10_000 }), 0, dispatcher)
    expect(obs).toMatchObject({ code: 'too-large', reason: 'body larger than 1 MiB' })
  })
})

describe('bodies that cannot be decoded: missing, not retried', () => {
  test.each<[string, Buffer, string, string | RegExp]>([
    ['not gzip at all', BODY, 'gzip', 'could not decode the gzip body: incorrect header check'],
    [
      'a truncated gzip stream',
      zlib.gzipSync(BODY).subarray(0, 20),
      'gzip',
      'could not decode the gzip body: unexpected end of file'
    ],
    [
      'garbage as brotli',
      Buffer.from('not brotli at all'),
      'br',
      /^could not decode the br body: /
    ],
    [
      'garbage as deflate',
      Buffer.from('\xff\xfe garbage'),
      'deflate',
      /^could not decode the deflate body: /
    ],
    [
      'the outer coding fine, the inner one corrupt',
      zlib.brotliCompressSync(Buffer.from('not gzip')),
      'gzip, br',
      'could not decode the gzip body: incorrect header check'
    ],
    ['an unknown coding', BODY, 'compress', 'unsupported Content-Encoding: compress'],
    [
      'an unknown coding among known ones',
      BODY,
      'gzip, snappy',
      'unsupported Content-Encoding: snappy'
    ],
    [
      'five codings',
      BODY,
      'gzip, gzip, gzip, gzip, gzip',
      'too many Content-Encodings (5; at most 3)'
    ]
  ])('%s', async (_, body, coding, reason) => {
    const server = await serve(encoded(body, { 'content-encoding': coding }))
    const obs = await checkTarget(target(`${server.origin}/`), 2, dispatcher)
    if (typeof reason === 'string') expect(obs).toMatchObject({ code: 'decode', reason })
    else expect(obs).toMatchObject({ code: 'decode', reason: expect.stringMatching(reason) })
    expect(obs.attempts).toBe(1)
    expect(server.requests).toHaveLength(1)
  })

  test('the deadline covers decoding: a gzip stream that stalls times out', async () => {
    const gz = zlib.gzipSync(BODY)
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' })
      res.write(gz.subarray(0, 12)) // then nothing
    })
    const obs = await checkTarget(target(`${server.origin}/`, { timeoutMs: 300 }), 0, dispatcher)
    expect(obs).toMatchObject({ code: 'timeout', reason: 'timed out after 300ms' })
  })

  test('an error status is reported as such, its body not decoded', async () => {
    const server = await serve(encoded(Buffer.from('oops'), { 'content-encoding': 'gzip' }, 503))
    const obs = await checkTarget(target(`${server.origin}/`), 1, dispatcher)
    expect(obs).toMatchObject({ reason: 'HTTP 503', attempts: 2 })
  })

  test('read by header: the body is not needed, so its coding does not matter', async () => {
    const server = await serve(
      encoded(Buffer.from('whatever'), { 'content-encoding': 'x-unknown', 'x-build': SHA })
    )
    const obs = await checkTarget(
      target(`${server.origin}/`, { extraction: { kind: 'header', name: 'X-Build' } }),
      0,
      dispatcher
    )
    expect(obs).toMatchObject({ build: SHA })
  })
})

describe('codingsOf (pure)', () => {
  test('the codings to undo, in the order applied; identity is none', () => {
    expect(codingsOf(undefined)).toEqual(ok([]))
    expect(codingsOf('')).toEqual(ok([]))
    expect(codingsOf('identity')).toEqual(ok([]))
    expect(codingsOf(' X-GZIP ')).toEqual(ok(['gzip']))
    expect(codingsOf(['gzip', 'br'])).toEqual(ok(['gzip', 'br']))
    expect(codingsOf('deflate, identity, br')).toEqual(ok(['deflate', 'br']))
  })

  test('zstd only where node:zlib has it', () => {
    expect(codingsOf('zstd', true)).toEqual(ok(['zstd']))
    expect(codingsOf('zstd', false)).toEqual(
      err({ code: 'decode', reason: 'unsupported Content-Encoding: zstd' })
    )
  })

  test('a long unknown coding is cut in the reason', () => {
    const r = codingsOf('z'.repeat(500))
    expect(r.ok ? '' : r.error.reason).toMatch(/^unsupported Content-Encoding: z+…$/)
    expect(r.ok ? 0 : r.error.reason.length).toBeLessThan(80)
  })

  test('a name from Object.prototype is no coding', () => {
    expect(codingsOf('constructor')).toEqual(
      err({ code: 'decode', reason: 'unsupported Content-Encoding: constructor' })
    )
  })
})
