/**
 * Resolves after `ms` milliseconds. node:timers/promises has the same, but loading that module
 * is start-up time every run pays, and few runs ever wait.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
