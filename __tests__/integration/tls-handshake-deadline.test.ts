// A server that accepts the connection but never completes the TLS handshake: the target's
// deadline still holds (undici alone would wait for its own 10 s connect timeout).
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createDispatcher, fetchOnce } from '../../src/probe/http.js'
import { startRawServer, type RawServer } from '../helpers/servers.js'
import { target, timed } from './target.js'

let silent: RawServer
beforeAll(async () => {
  // Accepts, reads the ClientHello, never answers.
  silent = await startRawServer(socket => socket.resume())
})
afterAll(() => silent.close())

test('a TLS handshake that never completes times out at the target deadline', async () => {
  const dispatcher = createDispatcher()
  const url = `https://127.0.0.1:${silent.port}/version`
  const { value, ms } = await timed(() => fetchOnce(target(url, { timeoutMs: 300 }), dispatcher))
  expect(value).toMatchObject({ ok: false, code: 'timeout', reason: 'timed out after 300ms' })
  // Far below undici's own 10 s connect timeout; the bound is generous for a loaded machine.
  expect(ms).toBeLessThan(3_000)
  const closed = await timed(() => dispatcher.destroy())
  expect(closed.ms).toBeLessThan(3_000)
})
