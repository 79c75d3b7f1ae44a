import { describe, expect, test } from '@jest/globals'
import { newestFirst } from '../../src/github/deployments.js'

describe('newestFirst', () => {
  test('by created_at, newest first, whatever order the API answers in', () => {
    const items = [
      { id: 1, created_at: '2026-03-01T10:00:00Z' },
      { id: 3, created_at: '2026-03-01T12:00:00Z' },
      { id: 2, created_at: '2026-03-01T11:00:00Z' }
    ]
    expect(newestFirst(items).map(d => d.id)).toEqual([3, 2, 1])
  })

  test('within one second, the higher id is the newer', () => {
    const items = [
      { id: 7, created_at: '2026-03-01T10:00:00Z' },
      { id: 9, created_at: '2026-03-01T10:00:00Z' },
      { id: 8, created_at: '2026-03-01T10:00:00Z' }
    ]
    expect(newestFirst(items).map(d => d.id)).toEqual([9, 8, 7])
  })

  test('time zones are compared as instants, not as text', () => {
    const items = [
      { id: 1, created_at: '2026-03-01T12:00:00+02:00' },
      { id: 2, created_at: '2026-03-01T11:00:00Z' }
    ]
    expect(newestFirst(items).map(d => d.id)).toEqual([2, 1])
  })

  test('leaves its argument alone and keeps the other fields', () => {
    const items = [
      { id: 1, created_at: '2026-03-01T10:00:00Z', state: 'success' },
      { id: 2, created_at: '2026-03-01T11:00:00Z', state: 'failure' }
    ]
    const sorted = newestFirst(items)
    expect(items.map(d => d.id)).toEqual([1, 2])
    expect(sorted).toEqual([items[1], items[0]])
    expect(newestFirst([])).toEqual([])
  })
})
