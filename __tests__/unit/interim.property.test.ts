// Skipping interim 100 Continue responses before undici's parser sees them
// (src/probe/interim.ts): what a response's first bytes are, and a socket stand-in fed in
// arbitrary pieces, read as undici reads (read() until null after each 'readable').
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { Duplex } from 'node:stream'
import { headOf, skipContinue } from '../../src/probe/interim.js'

const FINAL = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n'
const HINTS = 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n'

const b = (s: string) => Buffer.from(s, 'latin1')

describe('headOf', () => {
  test.each<[string, ReturnType<typeof headOf>]>([
    ['', 'more'],
    ['H', 'more'],
    ['HTTP/1.1 10', 'more'],
    ['HTTP/1.1 100', 'more'],
    ['HTTP/1.1 100 Contin', 'more'],
    [CONTINUE, { length: CONTINUE.length, skip: true }],
    [CONTINUE + FINAL, { length: CONTINUE.length, skip: true }],
    ['HTTP/1.0 100\r\n\r\n', { length: 16, skip: true }],
    [HINTS, { length: HINTS.length, skip: false }],
    ['HTTP/1.1 102 Processing\r\n\r\n', { length: 27, skip: false }],
    ['HTTP/1.1 101 Switching Protocols\r\n\r\n', 'final'],
    [FINAL, 'final'],
    ['HTTP/1.1 1000 Odd\r\n\r\n', 'final'],
    ['HTTP/2 100\r\n\r\n', 'final'],
    ['http/1.1 100 Continue\r\n\r\n', 'final'],
    ['{"sha":"x"}', 'final'],
    ['HTTP/1.1 100 ' + 'x'.repeat(17_000), 'final']
  ])('%j', (text, head) => {
    expect(headOf(b(text))).toEqual(head)
  })
})

/** A socket stand-in: what is pushed is what "arrives"; writes go nowhere. */
function fakeSocket(): Duplex {
  return new Duplex({
    read() {},
    write(_chunk, _enc, done) {
      done()
    }
  })
}

/** Feeds `pieces` after a request is written, reading as undici does; returns what it read. */
function exchange(socket: Duplex, pieces: string[]): string {
  socket.write('GET / HTTP/1.1\r\n\r\n')
  let seen = ''
  for (const p of pieces) {
    socket.push(b(p))
    for (let chunk = socket.read() as Buffer | null; chunk; chunk = socket.read() as Buffer | null)
      seen += chunk.toString('latin1')
  }
  return seen
}

/** `text` cut at the given points. */
function cut(text: string, points: number[]): string[] {
  const at = [...new Set(points.map(p => p % (text.length + 1)))].sort((x, y) => x - y)
  const out: string[] = []
  let last = 0
  for (const p of [...at, text.length]) {
    if (p > last) out.push(text.slice(last, p))
    last = p
  }
  return out
}

describe('skipContinue', () => {
  test('any number of 100s, with or without 103s between, in any pieces: undici sees the rest', () => {
    const interim = fc.array(fc.constantFrom(CONTINUE, HINTS, 'HTTP/1.0 100\r\nX: y\r\n\r\n'), {
      maxLength: 4
    })
    fc.assert(
      fc.property(interim, fc.array(fc.nat(), { maxLength: 12 }), (before, points) => {
        const text = before.join('') + FINAL
        const seen = exchange(skipContinue(fakeSocket()), cut(text, points))
        expect(seen).toBe(before.filter(h => h === HINTS).join('') + FINAL)
      })
    )
  })

  test('only at the start of a response: a body like a 100 response is left alone', () => {
    const socket = skipContinue(fakeSocket())
    const response = `HTTP/1.1 200 OK\r\nContent-Length: ${CONTINUE.length}\r\n\r\n`
    expect(exchange(socket, [response, CONTINUE])).toBe(response + CONTINUE)
  })

  test('each request starts a response anew (keep-alive)', () => {
    const socket = skipContinue(fakeSocket())
    expect(exchange(socket, [CONTINUE, FINAL])).toBe(FINAL)
    expect(exchange(socket, [CONTINUE + FINAL])).toBe(FINAL)
  })

  test('data before any request passes untouched', () => {
    const socket = skipContinue(fakeSocket())
    socket.push(b(CONTINUE))
    expect((socket.read() as Buffer).toString('latin1')).toBe(CONTINUE)
  })

  test('read(0), the stream refilling itself, takes nothing', () => {
    const socket = skipContinue(fakeSocket())
    socket.write('GET / HTTP/1.1\r\n\r\n')
    socket.push(b(CONTINUE + FINAL))
    expect(socket.read(0)).toBeNull()
    expect((socket.read() as Buffer).toString('latin1')).toBe(FINAL)
  })
})
