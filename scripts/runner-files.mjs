// Reading what the runner reads: GITHUB_OUTPUT as @actions/core writes it
// (name<<delimiter, value lines, delimiter). Shared by the demo and the benchmark.

/** The outputs in a GITHUB_OUTPUT file's text, by name. */
export function parseOutputs(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}
