// A kept-alive connection the server closes just as our next request goes out on it (the race of
// a server closing an idle connection): the request is sent once more over a new connection, so
// the race is no false "missing"; a failure on a new connection is never resent so.
import { afterEach, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { Socket } from 'node:net'
import { runAction, fleet } from '../helpers/run-action.js'
import { json, listen, text } from '../helpers/servers.js'
import {
  expectVerdict,
  expectWithin,
  roundLines,
  SHA,
  target,
  OVERHEAD_MS
} from '../helpers/outcome.js'

interface Seen {
  origin: string
  /** connections accepted */
  connections: number
  /** requests the server dropped the connection under, without answering */
  dropped: number
}

/**
 * A keep-alive server (Keep-Alive: timeout=30) that hands each request to `answer` with its
 * number on its connection (1, 2, ...) and the connection's number (1, 2, ...); `answer` returns
 * 'drop' to close the connection under the request, without a byte of answer.
 */
async function startKeepAlive(
  answer: (nth: number, connection: number) => 'ok' | 'drop' | 'reset' | '503'
): Promise<Seen> {
  const perSocket = new WeakMap<Socket, { n: number; connection: number }>()
  const seen: Seen = { origin: '', connections: 0, dropped: 0 }
  const server = http.createServer((req, res) => {
    const state = perSocket.get(req.socket) ?? { n: 0, connection: ++seen.connections }
    perSocket.set(req.socket, state)
    state.n++
    const what = answer(state.n, state.connection)
    if (what === 'drop' || what === 'reset') {
      seen.dropped++
      if (what === 'reset') req.socket.resetAndDestroy()
      else req.socket.destroy()
      return
    }
    // As a server that closes idle connections after a while says so (undici keeps them 2 s less)
    res.setHeader('connection', 'keep-alive')
    res.setHeader('keep-alive', 'timeout=30')
    if (what === '503') text(res, 'draining', 503)
    else json(res, { sha: SHA })
  })
  server.keepAliveTimeout = 30_000
  const { origin, close } = await listen(server)
  seen.origin = origin
  closers.push(close)
  return seen
}

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})

/** Targets a then b on one connection (concurrency 1): b's request reuses a's connection. */
function checkPair(server: Seen, retries = '0') {
  return runAction({
    inputs: {
      targets: fleet([
        ['a', `${server.origin}/a`],
        ['b', `${server.origin}/b`]
      ]),
      concurrency: '1',
      timeout: '2s',
      retries
    }
  })
}

describe('a reused connection closed as the request goes out', () => {
  test.each([
    ['closed (not reset)', 'drop'],
    ['reset', 'reset']
  ] as const)(
    "%s under the next target's request: sent again at once, and passes",
    async (_, how) => {
      // The first request on each connection is answered; a second one on it is dropped.
      const server = await startKeepAlive(nth => (nth === 1 ? 'ok' : how))
      const run = await checkPair(server)
      expect(expectVerdict(run, 'a', 'current', null).attempts).toBe(1)
      // b: the dropped request and its resend, both attempts in the report
      expect(expectVerdict(run, 'b', 'current', null).attempts).toBe(2)
      // b went out on a's connection, which the server dropped; the resend opened one
      expect(server.dropped).toBe(1)
      expect(server.connections).toBe(2)
      // no backoff (at least 250 ms for a retry)
      expectWithin(run, OVERHEAD_MS)
    }
  )

  test('and the resend closed too: missing with the resend reason, no more tries', async () => {
    // The first request of the first connection is answered; every later one is dropped.
    const server = await startKeepAlive((nth, connection) =>
      nth === 1 && connection === 1 ? 'ok' : 'reset'
    )
    const run = await checkPair(server)
    expect(target(run, 'a')).toMatchObject({ status: 'current', attempts: 1 })
    const b = expectVerdict(run, 'b', 'missing', 'connection reset')
    expect(b.attempts).toBe(2)
    // b's request on a's connection, then its resend on a new one
    expect(server.dropped).toBe(2)
    expect(server.connections).toBe(2)
  })

  test('and the resend answered 503: its reason stands, and it is not retried', async () => {
    const server = await startKeepAlive((nth, connection) =>
      connection === 1 ? (nth === 1 ? 'ok' : 'drop') : '503'
    )
    const run = await checkPair(server)
    expect(target(run, 'a')).toMatchObject({ status: 'current', attempts: 1 })
    expect(expectVerdict(run, 'b', 'missing', 'HTTP 503').attempts).toBe(2)
    expect(server.connections).toBe(2)
  })

  test('with retries 1: the resend does not use up the retry', async () => {
    // connection 1: answered, then dropped; connection 2 (the resend): 503; connection 3: ok
    const server = await startKeepAlive((nth, connection) =>
      connection === 1 ? (nth === 1 ? 'ok' : 'drop') : connection === 2 ? '503' : 'ok'
    )
    const run = await checkPair(server, '1')
    expectVerdict(run, 'a', 'current', null)
    // dropped, resent (503), retried after one backoff (at most 1 s): current on the third
    expect(expectVerdict(run, 'b', 'current', null).attempts).toBe(3)
    expectWithin(run, 1_000 + OVERHEAD_MS)
  })
})

describe('a connection closed on its first request', () => {
  test.each([
    ['closed', 'drop', 'connection closed by the server'],
    ['reset', 'reset', 'connection reset']
  ] as const)(
    '%s on every request: missing after exactly 1 attempt (no resend)',
    async (_, how, why) => {
      const server = await startKeepAlive(() => how)
      const run = await runAction({
        inputs: {
          targets: fleet([['api', `${server.origin}/version`]]),
          timeout: '2s',
          retries: '0'
        }
      })
      expect(expectVerdict(run, 'api', 'missing', why).attempts).toBe(1)
      expect(server.connections).toBe(1)
      expect(server.dropped).toBe(1)
    }
  )

  test('under wait, each round on a new connection: 1 attempt a round', async () => {
    const server = await startKeepAlive(() => 'drop')
    const run = await runAction({
      inputs: {
        targets: fleet([['api', `${server.origin}/version`]]),
        wait: '600ms',
        interval: '200ms',
        timeout: '2s',
        retries: '0'
      }
    })
    expect(expectVerdict(run, 'api', 'missing', 'connection closed by the server').attempts).toBe(1)
    const rounds = roundLines(run.stdout).length
    expect(rounds).toBeGreaterThanOrEqual(2)
    expect(server.connections).toBe(rounds)
    expect(server.dropped).toBe(rounds)
  })
})
