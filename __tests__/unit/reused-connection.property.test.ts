// Which failed requests went out on a reused connection that was closed or reset before any
// answer (src/probe/reused-connection.ts): the bookkeeping fed on undici's own diagnostics
// channels, with the messages undici publishes there (request, socket, error objects).
import { describe, expect, test } from '@jest/globals'
import { channel } from 'node:diagnostics_channel'
import fc from 'fast-check'
import { isStaleConnection, watchConnections } from '../../src/probe/reused-connection.js'

watchConnections()
const sendHeaders = channel('undici:client:sendHeaders')
const headers = channel('undici:request:headers')
const failed = channel('undici:request:error')

function error(code: string): Error {
  return Object.assign(new Error(code), { code })
}

const RESETS = ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']
const OTHERS = ['ECONNREFUSED', 'UND_ERR_HEADERS_TIMEOUT', 'ABORT_ERR', 'UND_ERR_BODY_TIMEOUT']

type Outcome = 'answered' | { before: string } | { after: string }

describe('isStaleConnection', () => {
  test('the second request on a socket, reset before any answer, is stale', () => {
    const socket = {}
    const first = {}
    const second = {}
    sendHeaders.publish({ request: first, socket, headers: '' })
    headers.publish({ request: first, response: { statusCode: 200 } })
    sendHeaders.publish({ request: second, socket, headers: '' })
    const e = error('UND_ERR_SOCKET')
    failed.publish({ request: second, error: e })
    expect(isStaleConnection(e)).toBe(true)
    // that error object only
    expect(isStaleConnection(error('UND_ERR_SOCKET'))).toBe(false)
  })

  test('the first request on a socket is never stale', () => {
    const socket = {}
    const request = {}
    sendHeaders.publish({ request, socket, headers: '' })
    const e = error('ECONNRESET')
    failed.publish({ request, error: e })
    expect(isStaleConnection(e)).toBe(false)
  })

  test('a reset after the answer began is not stale', () => {
    const socket = {}
    sendHeaders.publish({ request: {}, socket, headers: '' })
    const request = {}
    sendHeaders.publish({ request, socket, headers: '' })
    headers.publish({ request, response: { statusCode: 200 } })
    const e = error('UND_ERR_SOCKET')
    failed.publish({ request, error: e })
    expect(isStaleConnection(e)).toBe(false)
  })

  test('anything but an object is not stale', () => {
    for (const v of [undefined, null, 'ECONNRESET', 0]) expect(isStaleConnection(v)).toBe(false)
  })

  test('stale iff: an earlier request on the same socket, a reset, no answer begun', () => {
    const event = fc.record({
      socket: fc.nat({ max: 3 }),
      outcome: fc.oneof(
        fc.constant<Outcome>('answered'),
        fc.constantFrom(...RESETS, ...OTHERS).map<Outcome>(code => ({ before: code })),
        fc.constantFrom(...RESETS, ...OTHERS).map<Outcome>(code => ({ after: code }))
      )
    })
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), events => {
        // new objects each run: nothing carries over from an earlier one
        const sockets = [{}, {}, {}, {}]
        const sent = [0, 0, 0, 0]
        for (const { socket, outcome } of events) {
          const request = {}
          const reused = sent[socket]++ > 0
          sendHeaders.publish({ request, socket: sockets[socket], headers: '' })
          if (outcome === 'answered') {
            headers.publish({ request, response: { statusCode: 200 } })
            continue
          }
          if ('after' in outcome) headers.publish({ request, response: { statusCode: 200 } })
          const code = 'before' in outcome ? outcome.before : outcome.after
          const e = error(code)
          failed.publish({ request, error: e })
          const expected = reused && 'before' in outcome && RESETS.includes(code)
          expect(isStaleConnection(e)).toBe(expected)
        }
      })
    )
  })
})
