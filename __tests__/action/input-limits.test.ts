// Issue 8, "Green must never lie", reading the inputs safely, through the whole action (in
// process, real loopback servers): ordinary YAML aliases work, however often reused; an alias
// bomb, a document nested too deeply and inputs over the 4 MiB cap are bad input at once (exit 1,
// `result` fail as the only output, the file or input and the limit named, no stack trace); a
// regex cannot run past its target's timeout on a crafted body; a build sent as a big JSON
// number is the digits sent.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync } from 'node:fs'
import { runAction, type Run } from '../helpers/run-action.js'
import {
  errors,
  expectBadInput,
  expectVerdict,
  expectWithin,
  names,
  OVERHEAD_MS,
  report,
  SHA
} from '../helpers/outcome.js'
import { startServer, type TestServer } from '../helpers/servers.js'

const BIG = '12345678901234567890'
const MiB = 1024 * 1024

let server: TestServer
beforeAll(async () => {
  server = await startServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://x').pathname
    const send = (body: string, type = 'application/json') => {
      res.writeHead(200, { 'content-type': type })
      res.end(body)
    }
    if (route === '/crafted') return send('a'.repeat(28) + 'c', 'text/plain')
    if (route === '/slow-to-match') return send('a'.repeat(MiB - 1) + 'x', 'text/plain')
    // Written out: JSON.stringify of the number would already have lost the digits.
    if (route === '/big-number') return send(`{"build": ${BIG}}`)
    if (route === '/big-version') return send(`{"version": ${BIG}}`)
    if (req.headers['x-api-key'] !== 'k-123') {
      res.writeHead(401, { 'content-type': 'text/plain' })
      return res.end('no key')
    }
    send(JSON.stringify({ sha: SHA }))
  })
})
afterAll(async () => {
  await server.close()
})

/** `n` targets, the first anchoring its headers as &auth, the others reusing them. */
function aliasFleet(n: number): string {
  const lines = ['targets:']
  for (let i = 0; i < n; i++) {
    lines.push(`  - name: web-${i}`, `    url: ${server.origin}/web-${i}/version`)
    lines.push(i === 0 ? '    headers: &auth\n      X-Api-Key: k-123' : '    headers: *auth')
  }
  return lines.join('\n') + '\n'
}

/** `text` and then comment lines, to exactly `bytes`. */
function paddedTo(text: string, bytes: number): string {
  const line = '#' + 'x'.repeat(1022) + '\n'
  const room = bytes - Buffer.byteLength(text)
  const full = Math.floor(room / line.length)
  const rest = room - full * line.length
  return text + line.repeat(full) + (rest > 0 ? '#' + 'x'.repeat(rest - 1) : '')
}

/** Nothing in the run looks like a crash. */
function expectNoStackTrace(run: Run): void {
  for (const text of [run.stdout, run.stderr, run.summary]) {
    expect(text).not.toMatch(/call stack|RangeError|ReferenceError|\n\s+at /)
  }
}

function fleetFile(content: string, inputs: Record<string, string> = {}) {
  return runAction({
    inputs: { 'targets-file': 'fleet.yml', expected: SHA, ...inputs },
    files: { 'fleet.yml': content }
  })
}

describe('YAML aliases', () => {
  test('150 targets reusing one anchor of headers: all current', async () => {
    const run = await fleetFile(aliasFleet(150))
    expect({ code: run.code, result: run.outputs.result }).toEqual({ code: 0, result: 'pass' })
    expect(names(run, 'current')).toHaveLength(150)
    expect(errors(run)).toEqual([])
  })

  test('an alias bomb is bad input naming the file and the line, refused at once', async () => {
    const lines = ['targets:', `  - url: ${server.origin}/web-0/version`, '    headers:']
    lines.push('      X-Api-Key: &a0 k-123', 'junk:')
    for (let i = 1; i <= 12; i++) {
      lines.push(
        `  - &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`
      )
    }
    const requests = server.requests.length
    const run = await fleetFile(lines.join('\n') + '\n')
    expectBadInput(
      run,
      /^targets-file `fleet\.yml`, line \d+: the document expands to too much: its aliases \(\*name\) stand for more than 1,000,000 nodes; expected at most 1,000,000$/
    )
    expectNoStackTrace(run)
    expectWithin(run, OVERHEAD_MS)
    expect(server.requests.length).toBe(requests)
  })
})

describe('nesting too deep', () => {
  test.each([
    ['100,000 nested [', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['- - - … 100,000 deep', '- '.repeat(100_000) + 'x\n']
  ])('%s: bad input, no stack trace', async (_name, content) => {
    const run = await fleetFile(content)
    expectBadInput(
      run,
      'targets-file `fleet.yml`, line 1: nested too deeply; expected at most 64 levels of mappings and lists'
    )
    expectNoStackTrace(run)
    expectWithin(run, OVERHEAD_MS)
  })

  test('a reports-file nested 100,000 deep: bad input, no stack trace', async () => {
    const run = await runAction({
      inputs: { targets: '- name: web\n', 'reports-file': 'reports.json', expected: SHA },
      files: { 'reports.json': `{"web": ${'['.repeat(100_000)}${']'.repeat(100_000)}}` }
    })
    expectBadInput(
      run,
      'reports-file "reports.json", line 1: nested too deeply; expected at most 64 levels of arrays and objects'
    )
    expectNoStackTrace(run)
  })
})

describe('inputs over the 4 MiB cap are refused before anything is parsed or requested', () => {
  // Valid fleets and files, which the action would otherwise read and pass on.
  const fleet = `targets:\n  - name: web\n    url: ${'ORIGIN'}/web-0/version\n    headers: {X-Api-Key: k-123}\n`

  test('a 5 MiB fleet file', async () => {
    const requests = server.requests.length
    const run = await fleetFile(paddedTo(fleet.replace('ORIGIN', server.origin), 5 * MiB))
    expectBadInput(
      run,
      'input `targets-file`: "fleet.yml" is too large (5 MiB); expected a fleet file of at most 4 MiB'
    )
    expect(server.requests.length).toBe(requests)
  })

  test('a fleet file one byte over the cap; at the cap it is read', async () => {
    const text = fleet.replace('ORIGIN', server.origin)
    expectBadInput(
      await fleetFile(paddedTo(text, 4 * MiB + 1)),
      'input `targets-file`: "fleet.yml" is too large (4,194,305 bytes); expected a fleet file of at most 4 MiB'
    )
    const atCap = await fleetFile(paddedTo(text, 4 * MiB))
    expect({ code: atCap.code, result: atCap.outputs.result }).toEqual({ code: 0, result: 'pass' })
  })

  // A device with no size and no end: read up to the cap, not until memory runs out.
  const endless = existsSync('/dev/zero') ? test : test.skip
  endless('a fleet file that never ends (/dev/zero)', async () => {
    const run = await runAction({ inputs: { 'targets-file': '/dev/zero', expected: SHA } })
    expectBadInput(
      run,
      'input `targets-file`: "/dev/zero" is too large (over 4 MiB); expected a fleet file of at most 4 MiB'
    )
    expectWithin(run, OVERHEAD_MS)
  })

  test('a 5 MiB `targets` input', async () => {
    const run = await runAction({
      inputs: { targets: paddedTo(fleet.replace('ORIGIN', server.origin), 5 * MiB), expected: SHA }
    })
    expectBadInput(
      run,
      'input `targets` is too large (5 MiB); expected a fleet of at most 4 MiB (about 10,000 targets take 1.5 MiB)'
    )
  })

  test('a 5 MiB reports-file', async () => {
    const json = `{"web": "${SHA}"}`
    const run = await runAction({
      inputs: { targets: '- name: web\n', 'reports-file': 'reports.json', expected: SHA },
      files: { 'reports.json': json + ' '.repeat(5 * MiB - json.length) }
    })
    expectBadInput(
      run,
      'input `reports-file`: "reports.json" is too large (5 MiB); expected a JSON file of at most 4 MiB'
    )
  })
})

describe('a regex cannot run past its timeout', () => {
  test('(a+)+b against a crafted body: a verdict within the timeout', async () => {
    const run = await fleetFile(
      `targets:\n  - name: crafted\n    url: ${server.origin}/crafted\n    regex: '(a+)+b'\n    timeout: 2s\n`
    )
    expectVerdict(run, 'crafted', 'missing', 'no match for regex /(a+)+b/')
    expectWithin(run, 2_000 + OVERHEAD_MS)
  })

  test('a pattern slow on a 1 MiB body stops at the deadline, missing with the reason', async () => {
    const run = await fleetFile(
      `targets:\n  - name: slow\n    url: ${server.origin}/slow-to-match\n    regex: '([a-z]{1000})x'\n    timeout: 1s\n`,
      { retries: '0' }
    )
    expectVerdict(
      run,
      'slow',
      'missing',
      "regex /([a-z]{1000})x/ ran past the target's timeout while matching the body; expected a pattern that matches faster (a literal prefix helps)"
    )
    expectWithin(run, 1_000 + OVERHEAD_MS)
  })

  test('a lookbehind is bad input naming the key and line', async () => {
    const run = await fleetFile(
      `targets:\n  - url: ${server.origin}/crafted\n    regex: '(?<=v)[0-9]+'\n`
    )
    expectBadInput(
      run,
      'targets-file `fleet.yml`, line 3: targets[0].regex: "(?<=v)[0-9]+" uses lookahead or lookbehind, which RE2 does not support; expected an RE2 regular expression (RE2 has no backreferences or lookaround)'
    )
  })
})

describe('a build sent as a big JSON number', () => {
  test.each([
    ['json: build', `    json: build\n`, '/big-number'],
    ['a well-known field', '', '/big-version']
  ])('%s: current when expected is those digits', async (_name, key, route) => {
    const run = await fleetFile(
      `targets:\n  - name: big\n    url: ${server.origin}${route}\n${key}`,
      { expected: BIG }
    )
    expectVerdict(run, 'big', 'current', null)
    expect(report(run).targets[0].reported).toBe(BIG)
  })
})
