/**
 * 5. Offline merge over WebRTC: two peers, each its own Chromium process and
 * host, make their edits of the friendsforever trace offline (each agent's
 * edits as that agent would have made them without seeing the other's),
 * then connect through a local signaling server with Quire's guarded
 * y-webrtc transport. Measured: time until both hold the same state, bytes
 * on the data channels, the longest main-thread task during the merge.
 * Baseline: the same two states merged with Y.applyUpdate in Node.
 */
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { startSignalingServer } from '../../src/signal/server'
import { textOf } from '../../src/shared/testing/editor'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { addChapter, chapterUpdate, createBook, makeTempDir, removeDir, withServices } from '../lib/fixtures'
import { bytes, count, ms, times, type WorkloadResult } from '../lib/report'
import { launchBenchBrowser, openBenchPage, startHost, type BenchPage, type HostHandle } from '../lib/rig'
import { rounds, type Session } from '../lib/session'
import { median, ratio } from '../lib/stats'
import { loadTrace, offlineProjection, patchesToEdits, type ConcurrentTrace } from '../lib/traces'

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

interface Side {
  dataDir: string
  chapterIds: string[]
  host: HostHandle
  page: BenchPage
  close(): Promise<void>
}

/** Both peers start from the same stored chapter: one empty paragraph, written once. */
async function openSide(session: Session, name: string, initial: Uint8Array, chapters: number, signalingUrl: string): Promise<Side> {
  const dataDir = await makeTempDir(`merge-${name}`)
  const chapterIds = await withServices(dataDir, async (services) => {
    await services.handlers['identity:create']({ name })
    const bookId = await createBook(services, 'Offline merge')
    const ids: string[] = []
    for (let i = 0; i < chapters; i++) ids.push(await addChapter(services, bookId, `Round ${i + 1}`, initial, 0))
    return ids
  })
  const host = await startHost(dataDir, session.site.dir, ['--signaling', signalingUrl])
  // A browser of its own: two peers in one browser would talk over BroadcastChannel, not WebRTC.
  const browser = await launchBenchBrowser()
  const page = await openBenchPage(browser, host.url, { isolated: false })
  return {
    dataDir,
    chapterIds,
    host,
    page,
    close: async () => {
      await browser.close()
      await host.stop()
      await removeDir(dataDir)
    },
  }
}

function mergeInNode(stateA: Uint8Array, stateB: Uint8Array): { ms: number; text: string; minimalBytes: number } {
  const toB = Y.diffUpdate(stateA, Y.encodeStateVectorFromUpdate(stateB))
  const toA = Y.diffUpdate(stateB, Y.encodeStateVectorFromUpdate(stateA))
  const a = new Y.Doc()
  const b = new Y.Doc()
  Y.applyUpdate(a, stateA)
  Y.applyUpdate(b, stateB)
  const t0 = performance.now()
  Y.applyUpdate(a, toA)
  Y.applyUpdate(b, toB)
  const elapsed = performance.now() - t0
  const text = textOf(a.getXmlFragment(TEXT_ROOT))
  if (text !== textOf(b.getXmlFragment(TEXT_ROOT))) throw new Error('offline merge: the Node baseline did not converge')
  return { ms: elapsed, text, minimalBytes: toA.byteLength + toB.byteLength }
}

export async function offlineMergeWorkload(session: Session, config: { edits: number; runs: number }): Promise<WorkloadResult> {
  const projected = offlineProjection(loadTrace<ConcurrentTrace>('friendsforever'), config.edits)
  const editsA = patchesToEdits(projected[0]!)
  const editsB = patchesToEdits(projected[1]!)
  const urlA = await session.site.writeData('merge-a.json', JSON.stringify(editsA.edits))
  const urlB = await session.site.writeData('merge-b.json', JSON.stringify(editsB.edits))
  const initial = chapterUpdate(['']).update
  const signaling = await startSignalingServer({ port: 0 })
  const totalRounds = 1 + config.runs
  const a = await openSide(session, 'Ada Author', initial, totalRounds, signaling.url)
  const b = await openSide(session, 'Rui Reviewer', initial, totalRounds, signaling.url)
  try {
    const results = await rounds(1, config.runs, async (round, warm) => {
      const [prepA, prepB] = await Promise.all([
        a.page.call('mergePrepare', { chapterId: a.chapterIds[round]!, editsUrl: urlA }),
        b.page.call('mergePrepare', { chapterId: b.chapterIds[round]!, editsUrl: urlB }),
      ])
      if (prepA.text !== editsA.finalText || prepB.text !== editsB.finalText) throw new Error('offline merge: a peer does not hold the text its edits produce')
      const target = new Map<number, number>(prepA.stateVector)
      for (const [client, clock] of prepB.stateVector) target.set(client, Math.max(clock, target.get(client) ?? 0))
      const room = `quire-bench-${randomBytes(8).toString('hex')}`
      const password = randomBytes(32).toString('base64url')
      const connect = { room, password, signaling: signaling.url, target: [...target] }
      await Promise.all([a.page.call('mergeConnect', { ...connect, name: 'Ada Author' }), b.page.call('mergeConnect', { ...connect, name: 'Rui Reviewer' })])
      const [resA, resB] = await Promise.all([a.page.call('mergeResult', 120_000), b.page.call('mergeResult', 120_000)])
      await Promise.all([a.page.call('mergeClose'), b.page.call('mergeClose')])
      const node = mergeInNode(fromBase64(prepA.state), fromBase64(prepB.state))
      if (resA.text !== resB.text || resA.text !== node.text) throw new Error('offline merge: the peers do not hold the same text as the Node merge')
      const started = Math.min(resA.startedAt, resB.startedAt)
      const connected = Math.min(resA.connectedAt ?? Infinity, resB.connectedAt ?? Infinity)
      const converged = Math.max(resA.convergedAt, resB.convergedAt)
      const result = {
        totalMs: converged - started,
        connectMs: connected - started,
        syncMs: converged - connected,
        bytes: resA.bytesSent + resB.bytesSent,
        bytesReceived: resA.bytesReceived + resB.bytesReceived,
        longestTaskMs: Math.max(resA.longestTaskMs, resB.longestTaskMs),
        maxGapMs: Math.max(resA.maxGapMs, resB.maxGapMs),
        rejected: resA.rejected.length + resB.rejected.length,
        nodeMs: node.ms,
        minimalBytes: node.minimalBytes,
        mergedChars: node.text.length,
      }
      if (!warm) session.log(`  run ${round}: converged ${ms(result.totalMs)} after going online (connected ${ms(result.connectMs)}), ${bytes(result.bytes)}, longest task ${ms(result.longestTaskMs)}; Node ${ms(result.nodeMs)}`)
      return result
    })
    const pick = (f: (r: (typeof results)[number]) => number) => median(results.map(f))
    const figures = {
      onlineToConvergedMs: pick((r) => r.totalMs),
      connectMs: pick((r) => r.connectMs),
      connectedToConvergedMs: pick((r) => r.syncMs),
      bytesExchanged: pick((r) => r.bytes),
      longestTaskMs: pick((r) => r.longestTaskMs),
      longestUnresponsiveMs: pick((r) => r.maxGapMs),
      rejectedMessages: pick((r) => r.rejected),
      mergedChars: pick((r) => r.mergedChars),
    }
    const baseline = { applyUpdateMs: pick((r) => r.nodeMs), minimalUpdateBytes: pick((r) => r.minimalBytes) }
    const ratios = {
      syncVsApplyUpdate: ratio(figures.connectedToConvergedMs, baseline.applyUpdateMs),
      totalVsApplyUpdate: ratio(figures.onlineToConvergedMs, baseline.applyUpdateMs),
      bytes: ratio(figures.bytesExchanged, baseline.minimalUpdateBytes),
    }
    return {
      id: 5,
      name: 'offlineMerge',
      title: `Offline merge over WebRTC (2 × ${count(config.edits)} edits)`,
      params: { trace: 'friendsforever', editsPerPeer: config.edits, runs: config.runs },
      figures,
      baseline,
      ratio: ratios,
      notes: [
        "Each peer is its own Chromium process with its own host; edits go through an EditorView with Quire's plugins and are persisted before going online. The provider is configured as SyncHub connects a shared chapter (password, filterBcConns, Quire's peer guard, no ICE servers), under a private network namespace.",
        'friendsforever is a concurrent trace; each agent\'s edits are replayed as that agent would have made them offline, positions counted in its own text only.',
        'Bytes are the data channels\' bytes sent by both peers (sync, awareness and framing). The longest task comes from the Long Tasks API (only tasks over 50 ms are reported; 0 means none).',
        'Baseline: Y.applyUpdate of each peer\'s missing updates into the other\'s state, in Node; its bytes are those two updates.',
      ],
      rows: [
        { measure: 'connected → both hold the same state', quire: ms(figures.connectedToConvergedMs), baseline: ms(baseline.applyUpdateMs), ratio: times(ratios.syncVsApplyUpdate) },
        { measure: 'going online → both hold the same state', quire: ms(figures.onlineToConvergedMs), baseline: ms(baseline.applyUpdateMs), ratio: times(ratios.totalVsApplyUpdate) },
        { measure: 'bytes exchanged (data channels vs the two updates)', quire: bytes(figures.bytesExchanged), baseline: bytes(baseline.minimalUpdateBytes), ratio: times(ratios.bytes) },
        { measure: 'longest main-thread task during the merge (Long Tasks API)', quire: figures.longestTaskMs > 0 ? ms(figures.longestTaskMs) : '< 50 ms', baseline: '', ratio: '' },
        { measure: 'longest blocked stretch during the merge (0 ms timer gap)', quire: ms(figures.longestUnresponsiveMs), baseline: '', ratio: '' },
      ],
    }
  } finally {
    await a.close()
    await b.close()
    await signaling.close()
  }
}
