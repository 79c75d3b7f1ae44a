// The log table of publish() is written a chunk of lines at a time (issue 14: one string for
// 10,000 lines cost more to build than several short ones). Each info call ends its text with a
// line break, so the log must be the same to the byte as one write of every line.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { tmpdir } from 'node:os'
import { useHost, type Host } from '../../src/host/host.js'
import { publish } from '../../src/report/runner-output.js'
import type { TargetVerdict } from '../../src/verdict/judge.js'
import { targetVerdict, verdictOf } from './fixtures.js'

/** What the runner's log would hold: each info text and its line break, in and out of groups. */
function recordingHost() {
  const log: string[] = []
  const infos: string[] = []
  const none = () => {}
  const host: Host = {
    input: () => '',
    info: text => {
      infos.push(text)
      log.push(`${text}\n`)
    },
    notice: none,
    warning: none,
    error: none,
    setOutput: none,
    setSecret: none,
    setFailed: none,
    appendSummary: async () => {},
    group: async (title, fn) => {
      log.push(`::group::${title}\n`)
      const r = await fn()
      log.push('::endgroup::\n')
      return r
    }
  }
  return { host, log, infos }
}

let recorded: ReturnType<typeof recordingHost>
let previous: Host
beforeEach(() => {
  recorded = recordingHost()
  previous = useHost(recorded.host)
})
afterEach(() => {
  useHost(previous)
})

const options = { summary: false, workspace: tmpdir() }

describe('publish: the log table', () => {
  test('3,000 targets: several writes, and the log of one write of all the lines', async () => {
    const targets: TargetVerdict[] = Array.from({ length: 3_000 }, (_, i) =>
      i % 3 === 2
        ? targetVerdict(`web-${i}`, 'missing', { attempts: 3, ms: 2_000 + i })
        : targetVerdict(`web-${i}`, 'current', { ms: i })
    )
    // Server text still goes through forLog, line by line.
    targets[1_500] = targetVerdict('a::b\nc', 'current', { ms: 7 })
    await publish(verdictOf(targets), options)

    const lines = targets.map(t =>
      t.status === 'current'
        ? `✓ ${t.name === 'a::b\nc' ? 'a:\u200b:b\\u000ac' : t.name}  current  abc1234  (${t.ms} ms, 1 attempt)`
        : `✗ ${t.name}  missing  ${t.url}  connection refused  (${t.ms} ms, 3 attempts)`
    )
    const table = recorded.log.slice(1, recorded.log.indexOf('::endgroup::\n')).join('')
    expect(recorded.log[0]).toBe('::group::Results (3000 targets)\n')
    expect(table).toBe(`${lines.join('\n')}\n`)
    // It was written in parts, each of whole lines.
    const parts = recorded.log.indexOf('::endgroup::\n') - 1
    expect(parts).toBeGreaterThan(1)
    for (const text of recorded.infos.slice(0, parts)) {
      expect(text.startsWith('\n') || text.endsWith('\n')).toBe(false)
    }
  })

  test('a few targets: one write', async () => {
    await publish(verdictOf([targetVerdict('a', 'current'), targetVerdict('b', 'stale')]), options)
    expect(recorded.log.slice(0, 3)).toEqual([
      '::group::Results (2 targets)\n',
      '✓ a  current  abc1234  (5 ms, 1 attempt)\n' +
        '✗ b  stale  https://b.example.com/version  reports def5678; expected abc1234  (5 ms, 1 attempt)\n',
      '::endgroup::\n'
    ])
  })

  test('no targets: no table', async () => {
    await publish(verdictOf([]), options)
    expect(recorded.log.slice(0, 2)).toEqual(['::group::Results (0 targets)\n', '::endgroup::\n'])
  })
})
