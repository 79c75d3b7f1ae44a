// Durations as users write them in inputs and fleet files: "500ms", "10s", "1m30s", "1h",
// or a bare number of seconds ("10", "2.5").

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y

/** Milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000)
  if (t === '') return undefined
  let total = 0
  PART.lastIndex = 0
  while (PART.lastIndex < t.length) {
    const start = PART.lastIndex
    const m = PART.exec(t)
    if (!m || m.index !== start) return undefined
    total += Number(m[1]) * UNIT_MS[m[2]]
  }
  return Math.round(total)
}

/** "10s", "1m30s", "500ms": the shortest spelling, for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  if (ms % 1000 !== 0) return `${(ms / 1000).toFixed(ms % 100 === 0 ? 1 : 3).replace(/0+$/, '')}s`
  let s = ms / 1000
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`
}
