// Reading a JUnit report back, for the JUnit tests: well-formed (fast-xml-parser's validator,
// plus what that validator does not check: no character XML 1.0 forbids, and no "]]>" outside a
// CDATA section, of which the report has none), then parsed with every value kept as text.
import { expect } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'

/** Anything XML 1.0 does not allow as a character (lone surrogates included). */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u

export interface Failure {
  message: string
  type: string
  '#text'?: string
}

export interface Case {
  classname: string
  name: string
  time: string
  failure?: Failure
  'system-out'?: string
}

export interface ParsedReport {
  suites: Record<string, string>
  suite: Record<string, string>
  suiteCount: number
  properties: Record<string, string>
  cases: Case[]
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: name => ['testsuite', 'testcase', 'property'].includes(name)
})

export function parseReport(xml: string): ParsedReport {
  expect(XMLValidator.validate(xml)).toBe(true)
  expect(xml).not.toMatch(NOT_XML_CHAR)
  expect(xml).not.toContain(']]>')
  const suites = parser.parse(xml).testsuites
  const suite = suites.testsuite[0]
  const properties: Record<string, string> = Object.fromEntries(
    (suite.properties?.property ?? []).map((p: { name: string; value: string }) => [
      p.name,
      p.value
    ])
  )
  return {
    suites,
    suite,
    suiteCount: suites.testsuite.length,
    properties,
    cases: suite.testcase ?? []
  }
}
