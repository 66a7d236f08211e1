/**
 * `npm run bench [-- --quick] [-- --only 1,4] [-- --full-trace]`: runs Quire's ten benchmark
 * workloads, prints a table and writes bench/results.json. See README.md.
 *
 * Workload 5 needs WebRTC between two Chromium processes, which needs a
 * network interface: as root, the run re-executes itself inside a private
 * network namespace (scripts/netns-run); otherwise workload 5 is
 * skipped and the table says why.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { machine, versions } from './lib/environment'
import { formatTable, skipped, writeResults, type WorkloadResult } from './lib/report'
import { ensureRendererBuild, ROOT } from './lib/rig'
import { openSession, type Session } from './lib/session'
import { TRACE_ATTRIBUTION } from './lib/traces'
import { bookWorkload } from './workloads/book'
import { commentsWorkload } from './workloads/comments'
import { growthWorkload } from './workloads/growth'
import { keystrokeWorkload } from './workloads/keystroke'
import { manuscriptsWorkload } from './workloads/manuscripts'
import { offlineMergeWorkload } from './workloads/offlineMerge'
import { reachWorkload } from './workloads/reach'
import { signedWorkload } from './workloads/signed'
import { storageWorkload } from './workloads/storage'
import { typingWorkload } from './workloads/typing'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
/** Replays all 259,778 edits of the typing trace, once (about 15 minutes here) instead of the first 60,000 three times. */
const fullTrace = args.includes('--full-trace')
const onlyArg = args.find((arg, i) => args[i - 1] === '--only' || arg.startsWith('--only='))
const only = onlyArg ? new Set(onlyArg.replace('--only=', '').split(',').map(Number)) : null

/** How much each workload does: the full run aims at under 15 minutes on 2 cores, --quick at under 2. */
const CONFIG = quick
  ? {
      typing: { edits: 4_000, warmupEdits: 1_000, runs: 3 },
      book: { runs: 2, switches: 3 },
      comments: { keys: 25, remoteEdits: 6, runs: 2 },
      growth: { remoteEdits: 4, runs: 2 },
      merge: { edits: 1_500, threads: 30, runs: 2 },
      storage: { updates: 1_000, baselineEvery: 5, runs: 3 },
      manuscripts: { runs: 3, memoryRuns: 1 },
      reach: { runs: 2 },
      signed: { updates: 2_000, runs: 2 },
      keystroke: { keystrokes: 150 },
    }
  : {
      typing: fullTrace ? { edits: Infinity, warmupEdits: 5_000, runs: 1 } : { edits: 60_000, warmupEdits: 5_000, runs: 3 },
      book: { runs: 4, switches: 6 },
      comments: { keys: 150, remoteEdits: 25, runs: 3 },
      growth: { remoteEdits: 15, runs: 3 },
      merge: { edits: 10_000, threads: 200, runs: 3 },
      storage: { updates: 10_000, baselineEvery: 5, runs: 5 },
      manuscripts: { runs: 3, memoryRuns: 3 },
      reach: { runs: 5 },
      signed: { updates: 10_000, runs: 3 },
      keystroke: { keystrokes: 1_000 },
    }

const NETNS_RUN = process.env.QUIRE_NETNS_RUN ?? resolve(ROOT, 'scripts/netns-run')

function inNamespace(): boolean {
  return process.env.NETNS_RUN_INSIDE === '1'
}

/** Re-executes this run inside netns-run when that is possible; returns false when it is not. */
function reexecInNamespace(): boolean {
  if (inNamespace() || args.includes('--no-netns')) return false
  if (process.getuid?.() !== 0 || !existsSync(NETNS_RUN)) return false
  if (spawnSync(NETNS_RUN, ['true'], { stdio: 'ignore' }).status !== 0) return false
  const child = spawnSync(NETNS_RUN, [process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit', cwd: ROOT })
  process.exit(child.status ?? 1)
}

async function main(): Promise<void> {
  reexecInNamespace()
  const startedAt = new Date().toISOString()
  const started = performance.now()
  const log = (line: string) => console.log(line)
  log(`Quire benchmarks (${quick ? 'quick' : 'full'} run${inNamespace() ? ', inside a private network namespace' : ''})`)
  await ensureRendererBuild(log)
  const session: Session = await openSession(quick, log)
  const stop = () => {
    void session.close().finally(() => process.exit(130))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)

  const workloads: Array<[number, string, string, () => Promise<WorkloadResult>]> = [
    [1, 'typing', 'Typing through the editor', () => typingWorkload(session, CONFIG.typing)],
    [2, 'book', 'A whole book', () => bookWorkload(session, CONFIG.book)],
    [3, 'comments', 'Comments', () => commentsWorkload(session, CONFIG.comments)],
    [4, 'growth', 'Document size growth', () => growthWorkload(session, CONFIG.growth)],
    [
      5,
      'offlineMerge',
      'Offline merge over WebRTC',
      () =>
        inNamespace()
          ? offlineMergeWorkload(session, CONFIG.merge)
          : Promise.resolve(skipped(5, 'offlineMerge', 'Offline merge over WebRTC', 'needs a network namespace: run as root (scripts/netns-run needs unshare and ip)')),
    ],
    [6, 'storage', 'Storage', () => storageWorkload(session, CONFIG.storage)],
    [7, 'manuscripts', 'Manuscripts in and out of Word', () => manuscriptsWorkload(session, CONFIG.manuscripts)],
    [
      8,
      'reach',
      'Reach (network lab)',
      () =>
        inNamespace()
          ? reachWorkload(session, CONFIG.reach)
          : Promise.resolve(skipped(8, 'reach', 'Reach (network lab)', 'needs the network lab: run as root (scripts/netns-run, iptables, mosquitto, coturn, dnsmasq)')),
    ],
    [9, 'signed', 'Signed changes', () => signedWorkload(session, CONFIG.signed)],
    [10, 'keystroke', 'A keystroke to a peer, signed vs unsigned', () => keystrokeWorkload(session, CONFIG.keystroke)],
  ]
  const results: WorkloadResult[] = []
  try {
    for (const [id, name, title, run] of workloads) {
      if (only && !only.has(id)) continue
      const t0 = performance.now()
      log(`\n${id}. ${title}`)
      try {
        results.push(await run())
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
        log(`  failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
        results.push(skipped(id, name, title, `failed: ${message}`))
      }
      log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`)
    }
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    const chromium = session.browser.version()
    await session.close()
    const context = { quick, machine: machine(), versions: versions(chromium), attribution: TRACE_ATTRIBUTION, startedAt, durationMs: performance.now() - started }
    const file = join(ROOT, 'bench/results.json')
    await writeResults(file, results, context)
    log(`\n${formatTable(results)}\n`)
    const m = context.machine
    log(`${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.platform}; Node ${context.versions.node}, Chromium ${chromium}, yjs ${context.versions.yjs}, y-prosemirror ${context.versions['y-prosemirror']}, y-webrtc ${context.versions['y-webrtc']}`)
    log(`${TRACE_ATTRIBUTION}`)
    log(`Wrote bench/results.json in ${((performance.now() - started) / 1000).toFixed(0)} s.`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
