// Text from servers (and from users) is untrusted wherever it is printed.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * For log lines: one line, no control or bidi characters, and nothing the runner would take as
 * a workflow command ("::cmd::" at a line start, the legacy "##[cmd]" anywhere).
 */
export function forLog(text: string, max = 200): string {
  const one = text
    .replace(CONTROL, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/::/g, ':\u200b:')
    .replace(/##\[/g, '#\u200b#[')
  return one.length > max ? `${one.slice(0, max)}…` : one
}

const MARKDOWN_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '#': '&#35;',
  '!': '&#33;',
  '~': '&#126;',
  '@': '&#64;',
  ':': '&#58;'
}

/** For Markdown and HTML (job summary, comments): every character with a meaning becomes an entity. */
export function forMarkdown(text: string, max = 200): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text
  return short.replace(CONTROL, ' ').replace(/[&<>"'|\\`*_[\]()#!~@:]/g, c => MARKDOWN_ENTITIES[c])
}
