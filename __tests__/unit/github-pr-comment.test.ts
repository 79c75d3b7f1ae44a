import { describe, expect, test } from '@jest/globals'
import { COMMENT_LIMIT_BYTES, commentBody, commentMarker } from '../../src/github/pr-comment.js'
import { targetVerdict, verdictOf } from './fixtures.js'

const fleet = [
  { name: 'web', url: 'https://web.example.com/version' },
  { name: 'api', url: 'https://api.example.com/version' }
]

describe('commentMarker', () => {
  test('a hidden HTML comment with a hash of the fleet', () => {
    expect(commentMarker(fleet)).toMatch(/^<!-- fleet-check:[0-9a-f]{16} -->$/)
  })

  test('the same fleet, the same marker', () => {
    expect(commentMarker(fleet)).toBe(commentMarker(fleet.map(t => ({ ...t }))))
  })

  test('another fleet, another marker: names, urls and order count', () => {
    const markers = new Set([
      commentMarker(fleet),
      commentMarker([fleet[0]]),
      commentMarker([fleet[1], fleet[0]]),
      commentMarker([{ ...fleet[0], url: 'https://web.example.com/health' }, fleet[1]]),
      commentMarker([{ ...fleet[0], name: 'www' }, fleet[1]]),
      // no ambiguity between name and url boundaries
      commentMarker([{ name: 'ab', url: 'c' }]),
      commentMarker([{ name: 'a', url: 'bc' }])
    ])
    expect(markers.size).toBe(7)
  })
})

describe('commentBody', () => {
  test('the marker first, then the summary', () => {
    const marker = commentMarker(fleet)
    const v = verdictOf([targetVerdict('web', 'current'), targetVerdict('api', 'stale')])
    const body = commentBody(marker, v, { expectedSource: 'input `expected`' })
    expect(body.startsWith(`${marker}\n## fleet-check: ❌ fail\n`)).toBe(true)
    expect(body).toContain('Expected build `abc1234`, from input `expected`.')
    expect(body).toContain('### ❌ Stale: 1 target on another build\n\n- `api` runs `def5678`')
    expect(body).toContain('<details><summary>1 current target</summary>\n\n`web`\n')
  })

  test('under 65,536 characters for 3,000 targets with long names and reasons', () => {
    const targets = Array.from({ length: 3000 }, (_, i) =>
      targetVerdict(
        `a-rather-long-server-name-in-a-large-fleet-${i}`,
        i % 2 ? 'stale' : 'missing',
        {
          reason: `a long reason: ${'x'.repeat(200)}`
        }
      )
    )
    const marker = commentMarker(targets)
    const body = commentBody(marker, verdictOf(targets))
    expect(COMMENT_LIMIT_BYTES).toBeLessThan(65_536)
    expect(body.length).toBeLessThan(65_536)
    expect(Buffer.byteLength(body)).toBeLessThan(65_536)
    expect(body.startsWith(marker)).toBe(true)
    expect(body).toMatch(
      /^- … and \d+ more: the `report` output and `report-path` list every target\.$/m
    )
  })

  test('multi-byte text is bounded in bytes, so in characters too', () => {
    const targets = Array.from({ length: 3000 }, (_, i) =>
      targetVerdict(`サーバー-${i}`, 'missing', { reason: '接続が拒否されました'.repeat(10) })
    )
    const body = commentBody(commentMarker(targets), verdictOf(targets))
    expect(Buffer.byteLength(body)).toBeLessThan(65_536)
    expect(body.length).toBeLessThan(65_536)
  })
})
