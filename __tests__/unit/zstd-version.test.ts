// decode.ts tells from Node's version whether node:zlib has zstd, so that node:zlib loads only
// for a coded answer. The rule must agree with node:zlib itself, on the Node running the tests.
import { expect, test } from '@jest/globals'
import zlib from 'node:zlib'
import { zstdIn } from '../../src/probe/decode.js'

test('the version rule agrees with node:zlib on this Node', () => {
  const has = typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress
  expect(zstdIn(process.versions.node)).toBe(has === 'function')
})

test.each([
  ['20.19.5', false],
  ['22.14.0', false],
  ['22.15.0', true],
  ['23.7.0', false],
  ['23.8.0', true],
  ['24.0.0', true],
  ['25.2.1', true]
])('Node %s: zstd %s', (version, expected) => {
  expect(zstdIn(version)).toBe(expected)
})
