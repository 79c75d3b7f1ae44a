// yaml's error messages in plain words: what is wrong on the line and what was expected. The
// messages yaml writes ("Sequence item without - indicator") name its grammar, not the mistake;
// the common ones are said again here, and a rare one keeps yaml's own words. Pure.

/** What a YAML error says, and the line it is on (read, never quoted: it may hold a secret). */
export interface YamlErrorInfo {
  code: string
  message: string
  /** the text of the line the error is on */
  line?: string
}

const KEY_VALUE = 'key: value, with a space after the colon'

/** The error for a person: "YAML syntax error: <what is wrong>; expected <what>". */
export function explainYamlError(e: YamlErrorInfo): string {
  const said = e.message.split(/\n| at line /)[0]
  return `YAML syntax error: ${plainWords(e.code, said, e.line) ?? said}`
}

function plainWords(code: string, said: string, line = ''): string | undefined {
  // yaml reports a tab in the indentation as whatever it broke further on.
  if (code === 'TAB_AS_INDENT' || /^ *\t/.test(line)) {
    return 'this line is indented with a tab; expected spaces (YAML does not allow tabs for indentation)'
  }
  if (said.startsWith('Sequence item without - indicator')) {
    return 'a list item needs "- " in front, like the items above it; expected "- " here, or, if this line belongs to the item above, the same indentation as that item\'s keys'
  }
  if (said.startsWith('All mapping items must start at the same column')) {
    return 'this key is not lined up with the keys before it; expected the keys of one target (or of one mapping) at the same indentation, or "- " in front of a new item'
  }
  if (said.startsWith('All sequence items must start at the same column')) {
    return 'this list item is not lined up with the items before it; expected every "- " of one list at the same indentation'
  }
  if (said.startsWith('A block sequence may not be used as an implicit map key')) {
    return 'a list ("- ") starts where a key: value was expected; expected the list indented under its key (such as targets:), or lined up with the list above'
  }
  if (said.startsWith('Nested mappings are not allowed in compact mappings')) {
    return 'a value has ": " in it, which YAML reads as another key; expected the value in quotes (such as name: "a: b"), or one key: value a line'
  }
  if (said.startsWith('Implicit keys need to be on a single line')) {
    return `this text is read as a key that goes on past the line end, so a ":" is missing or has no space after it (such as url:https://...); expected ${KEY_VALUE}`
  }
  if (said.startsWith('Implicit map keys need to be followed by map values')) {
    return `this line has a key without a ":" after it; expected ${KEY_VALUE}`
  }
  if (code === 'DUPLICATE_KEY') {
    return 'a key appears twice in one mapping; expected each key once (a second target needs its own "- " item)'
  }
  if (said.startsWith('Missing closing')) {
    const quote = said.includes('"') ? '"' : "'"
    return `a value opens a ${quote} quote and never closes it; expected a closing ${quote} at the end of the value`
  }
  const open = /^Flow (sequence|map) .*end with an? ([\]}])/.exec(said)
  if (open) {
    const [, kind, end] = open
    const start = kind === 'map' ? '{' : '['
    return `a ${start} is never closed by a ${end}; expected the closing ${end}, or quotes around a value that starts with ${start}`
  }
  const badStart = /^Plain value cannot start with (?:reserved character )?(.+)$/.exec(said)
  if (badStart) {
    return `a value starts with ${badStart[1]}, which YAML keeps for itself; expected the value in quotes`
  }
  if (said.startsWith('Comments must be separated')) {
    return 'a # follows a value with no space before it; expected a space before a # comment, or the # inside the quotes'
  }
  if (said.startsWith('Unexpected scalar at node end')) {
    return 'more text follows a value that has ended (a closing quote, or a ] or }); expected the whole value inside its quotes or brackets'
  }
  const escape = /^Invalid escape sequence (.+)$/.exec(said)
  if (escape) {
    return `a double-quoted value has ${escape[1]}, which is no escape; expected single quotes for text with backslashes, or \\\\ for one backslash`
  }
  if (code === 'MULTIPLE_DOCS') {
    return 'the text has more than one YAML document (a "---" line starts another); expected one fleet document'
  }
  return undefined
}
