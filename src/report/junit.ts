// The JUnit XML report (`--junit FILE`): one testsuite, one testcase per target, in the common
// attributes that GitLab's artifacts:reports:junit, Jenkins' junit step and other CI systems
// read. Pure.
import { headline } from './headline.js'
import { escapeCodePoint } from './sanitize.js'
import { failing, type TargetVerdict, type Verdict } from '../verdict/judge.js'

export interface JUnitMeta {
  /** where the expected build came from ("--expected", "GITHUB_SHA", "git rev-parse HEAD") */
  expectedSource?: string
  /** when the check started, ISO 8601 (written as given) */
  timestamp?: string
  /** how long the whole check took */
  durationMs?: number
}

const SUITE = 'fleet-check'

/**
 * The suite (GitLab's "Suite" column, Jenkins' class) of a target outside any group: one shared
 * name, so that plain targets sit together instead of one class per target.
 */
const PLAIN_CLASSNAME = SUITE

/** The testcase that fails a fleet whose targets all pass (see renderJUnit). */
export const FLEET_TESTCASE = 'fleet result'

/**
 * Characters that cannot stand as themselves: the five with a meaning in XML, those XML 1.0 does
 * not allow at all (controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF), and those a
 * report viewer would show invisibly or fold (tab, LF, CR, the other controls, format characters
 * such as bidi overrides and zero-width characters, the line separators). The first become
 * entities; the rest are written out as \uXXXX, as the log does: never dropped, never raw, and a
 * tab or line feed in an attribute cannot be folded into a space by attribute normalisation.
 */
const UNSAFE = /[&<>"']|[\p{Cc}\p{Cf}\u2028\u2029\ud800-\udfff\ufffe\uffff]/gu

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;'
}

/** Text for an attribute value or element content. */
function xmlText(text: string): string {
  return text.replace(UNSAFE, c => ENTITIES[c] ?? escapeCodePoint(c))
}

/**
 * The report. Testcases are the verdict's targets, in fleet order: classname the group (the
 * declared name of an `addresses: all` or `kubernetes` target, for its instances or pods and its
 * own entry), else PLAIN_CLASSNAME; name the target's name. A target that fails the fleet (stale,
 * mixed, missing, undeclared) has a <failure>; an undeclared entry that `allow-undeclared` lets
 * pass is no failure (judge's own rule, through `failing`), and says why in <system-out>.
 *
 * A verdict can fail with no target failing: passing, but not for the stable rounds required
 * before the deadline, or a run cancelled while it reported. A report of that run must not read
 * as a pass, so a testcase of the fleet itself (FLEET_TESTCASE) then fails with the headline.
 */
export function renderJUnit(v: Verdict, meta: JUnitMeta = {}): string {
  const failed = new Set<TargetVerdict>(failing(v))
  const fleetFails = v.result === 'fail' && failed.size === 0
  const tests = v.targets.length + (fleetFails ? 1 : 0)
  const failures = failed.size + (fleetFails ? 1 : 0)
  // The targets are asked concurrently: without the run's own duration, the slowest one's.
  const ms = meta.durationMs ?? v.targets.reduce((most, t) => Math.max(most, t.ms), 0)
  const counts = `tests="${tests}" failures="${failures}" errors="0"`
  const time = `time="${seconds(ms)}"`
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${SUITE}" ${counts} ${time}>`,
    `  <testsuite name="${SUITE}" ${counts} skipped="0" ${time}` +
      (meta.timestamp === undefined ? '' : ` timestamp="${xmlText(meta.timestamp)}"`) +
      '>',
    '    <properties>',
    ...properties(v, meta).map(
      ([name, value]) => `      <property name="${name}" value="${xmlText(value)}"/>`
    ),
    '    </properties>'
  ]
  for (const t of v.targets) {
    out.push(
      `    <testcase classname="${xmlText(t.group ?? PLAIN_CLASSNAME)}" name="${xmlText(t.name)}" time="${seconds(t.ms)}">`
    )
    if (failed.has(t)) {
      const message = `${t.status}: ${t.reason ?? ''}`
      out.push(
        `      <failure message="${xmlText(message)}" type="${t.status}">${details(t)}</failure>`
      )
    } else {
      out.push(`      <system-out>${details(t, t.status === 'undeclared')}</system-out>`)
    }
    out.push('    </testcase>')
  }
  if (fleetFails) {
    const text = xmlText(headline(v))
    out.push(
      `    <testcase classname="${SUITE}" name="${FLEET_TESTCASE}" time="${seconds(ms)}">`,
      `      <failure message="fail: ${text}" type="fleet">${text}</failure>`,
      '    </testcase>'
    )
  }
  out.push('  </testsuite>', '</testsuites>', '')
  return out.join('\n')
}

/** What the run was checked against, and how it came out. */
function properties(v: Verdict, meta: JUnitMeta): [string, string][] {
  const out: [string, string][] = []
  // None when a consensus found no majority: the headline says so.
  if (v.expected !== null) out.push(['expected', v.expected])
  if (meta.expectedSource !== undefined) out.push(['expected-source', meta.expectedSource])
  if (v.consensus) out.push(['consensus', 'true'])
  if (v.allowUndeclared) out.push(['allow-undeclared', 'true'])
  if (v.rounds) {
    const r = v.rounds
    out.push(['rounds', `${r.count} (${r.passesInARow} passing in a row; ${r.required} required)`])
  }
  out.push(['result', v.result], ['headline', headline(v)])
  return out
}

/** A target's verdict, one field a line (the <failure> or <system-out> text), escaped. */
function details(t: TargetVerdict, allowed = false): string {
  const lines: string[] = [
    `status: ${t.status}${allowed ? ' (allowed: allow-undeclared lets it pass)' : ''}`
  ]
  if (t.reported !== null) lines.push(`reported: ${t.reported}`)
  if (t.status === 'mixed' && t.code === 'samples-disagree')
    lines.push(`builds: ${t.builds.join(', ')}`)
  if (t.expected !== null) lines.push(`expected: ${t.expected}`)
  if (t.reason !== null) lines.push(`reason: ${t.reason}`)
  if (t.url) lines.push(`url: ${t.url}`)
  if ('finalUrl' in t && t.finalUrl) lines.push(`final url: ${t.finalUrl}`)
  if (t.group !== undefined) lines.push(`group: ${t.group}`)
  if (t.address !== undefined) lines.push(`address: ${t.address}`)
  if (t.pod !== undefined) {
    lines.push(`pod: ${t.pod}`, `node: ${t.node ?? 'none (not scheduled)'}`)
    lines.push(`ready: ${t.ready ?? false}`)
  }
  lines.push(`attempts: ${t.attempts}`)
  return lines.map(xmlText).join('\n')
}

/** Seconds with three decimals, as every JUnit reader parses them (no exponent, no comma). */
function seconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0.000'
}
