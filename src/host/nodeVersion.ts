/**
 * Which Node.js each way of running Quire needs, checked before it starts so
 * that a too-old Node gets one plain sentence instead of a stack trace.
 * Electron 45's npm packages (its binary installer among them) declare Node
 * 22.12; the browser host, tests and benchmarks run on Node 20.19 too.
 */

export const NODE_FOR = {
  electron: '22.12.0',
  host: '20.19.0',
} as const

function parts(version: string): number[] {
  return version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0)
}

/** True when `version` (e.g. "20.20.2" or "v22.12.0") is at least `minimum`. */
export function meetsMinimum(version: string, minimum: string): boolean {
  const [have, need] = [parts(version), parts(minimum)]
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0)
  }
  return true
}

/** Null when `version` can run `what`, else what to do about it. */
export function nodeVersionProblem(what: keyof typeof NODE_FOR, version: string): string | null {
  const minimum = NODE_FOR[what]
  if (meetsMinimum(version, minimum)) return null
  const short = minimum.replace(/\.0$/, '')
  return what === 'electron'
    ? `Quire's Electron app needs Node.js ${short} or newer (this is ${version}). Update Node, or run Quire in your browser: npm run host -- --data ~/QuireData`
    : `Quire's browser host needs Node.js ${short} or newer (this is ${version}). Please update Node.js.`
}
