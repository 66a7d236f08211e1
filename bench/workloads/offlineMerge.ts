/**
 * 5. Offline merge over WebRTC, signed: an author and a reviewer sharing a
 * chapter, each its own Chromium process and host (real main services:
 * identity, the share and the join, rooms that sign and store envelopes).
 * Both hold the chapter, then work offline: the author makes her edits of
 * the friendsforever trace in the manuscript's editor (each agent's edits as
 * that agent would have made them without seeing the other's; the other
 * agent's cannot be a reviewer's, who may not touch the text), the reviewer
 * writes comment threads. Then both go online as Quire does (SyncHub,
 * SignedRoom, the guarded y-webrtc transport, the host's rendezvous bridge
 * to a local signaling server) and merge through signed envelopes.
 * Measured: time until both hold the same state, bytes on the data
 * channels, the longest main-thread task during the merge.
 * Baseline: the same two states merged with Y.applyUpdate in Node.
 */
import * as Y from 'yjs'
import { startSignalingServer } from '../../src/signal/server'
import { fragmentText } from '../../src/shared/fragmentText'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import type { MergeRole } from '../page/merge'
import { addChapter, chapterUpdate, createBook, makeTempDir, removeDir, withServices } from '../lib/fixtures'
import { paragraphsCount } from '../lib/prose'
import { bytes, count, ms, times, type WorkloadResult } from '../lib/report'
import { launchBenchBrowser, openBenchPage, startHost, type BenchPage, type HostHandle } from '../lib/rig'
import { rounds, type Session } from '../lib/session'
import { median, ratio } from '../lib/stats'
import { loadTrace, offlineProjection, patchesToEdits, type ConcurrentTrace } from '../lib/traces'

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

const AUTHOR = 'Ada Author'
const REVIEWER = 'Rui Reviewer'

interface Side {
  dataDir: string
  host: HostHandle
  page: BenchPage
  close(): Promise<void>
}

/** A host on `dataDir` meeting peers only through the local signaling server (as e2e/support/peers.ts starts one), and a browser of its own. */
async function openSide(session: Session, dataDir: string, signalingUrl: string): Promise<Side> {
  const host = await startHost(dataDir, session.site.dir, ['--signaling', signalingUrl, '--stun', 'none', '--local-network', 'off'])
  // A browser of its own: two peers in one browser would talk over BroadcastChannel, not WebRTC.
  const browser = await launchBenchBrowser()
  const page = await openBenchPage(browser, host.url, { isolated: false })
  return {
    dataDir,
    host,
    page,
    close: async () => {
      await browser.close()
      await host.stop()
      await removeDir(dataDir)
    },
  }
}

/**
 * The author writes one chapter per round, each starting with an empty
 * paragraph (where her edits go) before `common`, and shares them all with
 * the reviewer, who joins: through Quire's services, as the app would.
 */
async function shareChapters(rounds: number, initial: Uint8Array): Promise<{ authorDir: string; reviewerDir: string; targets: Array<{ author: MergeRole; reviewer: MergeRole }> }> {
  const authorDir = await makeTempDir('merge-author')
  const reviewerDir = await makeTempDir('merge-reviewer')
  const titles = Array.from({ length: rounds }, (_, i) => `Round ${i + 1}`)
  const { link, authorChapters } = await withServices(authorDir, async (services) => {
    await services.handlers['identity:create']({ name: AUTHOR })
    const bookId = await createBook(services, 'Offline merge')
    const chapterIds: string[] = []
    for (const title of titles) chapterIds.push(await addChapter(services, bookId, title, initial, 0))
    const { link, snapshot } = await services.handlers['share:createInvite']({ bookId, chapterIds, reviewer: { name: REVIEWER } })
    const chapters = snapshot.shares.flatMap((share) => share.chapters)
    return { link, authorChapters: chapterIds.map((id) => chapters.find((c) => c.chapterId === id)!) }
  })
  const joined = await withServices(reviewerDir, async (services) => {
    await services.handlers['identity:create']({ name: REVIEWER })
    const snapshot = await services.handlers['invite:join']({ link })
    return snapshot.joined.flatMap((share) => share.chapters)
  })
  const targets = titles.map((title, i) => ({
    author: { role: 'author' as const, chapterId: authorChapters[i]!.chapterId, replicaId: authorChapters[i]!.replicaId },
    reviewer: { role: 'reviewer' as const, docId: joined.find((c) => c.title === title)!.docId },
  }))
  return { authorDir, reviewerDir, targets }
}

/** The two states merged in Node: the median of a few repetitions, each on fresh documents (one cold run is mostly noise). */
function mergeInNode(stateA: Uint8Array, stateB: Uint8Array, repeat = 5): { ms: number; text: string; minimalBytes: number } {
  const toB = Y.diffUpdate(stateA, Y.encodeStateVectorFromUpdate(stateB))
  const toA = Y.diffUpdate(stateB, Y.encodeStateVectorFromUpdate(stateA))
  const elapsed: number[] = []
  let text = ''
  for (let i = 0; i < repeat; i++) {
    const a = new Y.Doc()
    const b = new Y.Doc()
    Y.applyUpdate(a, stateA)
    Y.applyUpdate(b, stateB)
    const t0 = performance.now()
    Y.applyUpdate(a, toA)
    Y.applyUpdate(b, toB)
    elapsed.push(performance.now() - t0)
    text = fragmentText(a.getXmlFragment(TEXT_ROOT))
    if (text !== fragmentText(b.getXmlFragment(TEXT_ROOT)) || !sameStateVector(a, b)) throw new Error('offline merge: the Node baseline did not converge')
  }
  return { ms: median(elapsed), text, minimalBytes: toA.byteLength + toB.byteLength }
}

const sameStateVector = (a: Y.Doc, b: Y.Doc) => Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)))
const sameVector = (a: Array<[number, number]>, b: Array<[number, number]>) => JSON.stringify(a) === JSON.stringify(b)

/** Paragraphs both people hold before going offline, which the reviewer comments on. */
const COMMON = paragraphsCount(5, 12, 60)

export async function offlineMergeWorkload(session: Session, config: { edits: number; threads: number; runs: number }): Promise<WorkloadResult> {
  const projected = offlineProjection(loadTrace<ConcurrentTrace>('friendsforever'), config.edits)
  const edits = patchesToEdits(projected[0]!)
  const editsUrl = await session.site.writeData('merge-author.json', JSON.stringify(edits.edits))
  const initial = chapterUpdate(['', ...COMMON])
  const initialText = fragmentText(initial.doc.getXmlFragment(TEXT_ROOT))
  const authorText = [edits.finalText, ...COMMON].join('\n')
  const signaling = await startSignalingServer({ port: 0 })
  const totalRounds = 1 + config.runs
  const { authorDir, reviewerDir, targets } = await shareChapters(totalRounds, initial.update)
  const a = await openSide(session, authorDir, signaling.url)
  const b = await openSide(session, reviewerDir, signaling.url)
  try {
    const results = await rounds(1, config.runs, async (round, warm) => {
      const target = targets[round]!
      // Online until the reviewer holds the chapter, as after accepting the invite; then both work offline.
      await Promise.all([a.page.call('mergeShare', { target: target.author, text: initialText, timeoutMs: 120_000 }), b.page.call('mergeShare', { target: target.reviewer, text: initialText, timeoutMs: 120_000 })])
      const [prepA, prepB] = await Promise.all([
        a.page.call('mergePrepare', { target: target.author, editsUrl }),
        b.page.call('mergePrepare', { target: target.reviewer, threads: config.threads, seed: round + 1 }),
      ])
      if (prepA.text !== authorText) throw new Error('offline merge: the author does not hold the text her edits produce')
      if (prepB.text !== initialText) throw new Error('offline merge: the reviewer does not hold the shared text')
      const merged = new Map<number, number>(prepA.stateVector)
      for (const [client, clock] of prepB.stateVector) merged.set(client, Math.max(clock, merged.get(client) ?? 0))
      await Promise.all([a.page.call('mergeConnect', { target: [...merged] }), b.page.call('mergeConnect', { target: [...merged] })])
      const [resA, resB] = await Promise.all([a.page.call('mergeResult', 120_000), b.page.call('mergeResult', 120_000)])
      await Promise.all([a.page.call('mergeClose'), b.page.call('mergeClose')])
      const node = mergeInNode(fromBase64(prepA.state), fromBase64(prepB.state))
      if (resA.text !== resB.text || resA.text !== node.text || !sameVector(resA.stateVector, resB.stateVector)) throw new Error('offline merge: the peers do not hold the same state as the Node merge')
      const started = Math.min(resA.startedAt, resB.startedAt)
      const connected = Math.min(resA.connectedAt ?? Infinity, resB.connectedAt ?? Infinity)
      const proven = Math.max(resA.provenAt ?? Infinity, resB.provenAt ?? Infinity)
      const converged = Math.max(resA.convergedAt, resB.convergedAt)
      const result = {
        totalMs: converged - started,
        connectMs: connected - started,
        provenMs: proven - started,
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
      if (result.rejected > 0) session.log(`  run ${round}: the peers reported ${[...resA.rejected, ...resB.rejected].join('; ')}`)
      if (!warm) session.log(`  run ${round}: converged ${ms(result.totalMs)} after going online (connected ${ms(result.connectMs)}, keys proven ${ms(result.provenMs)}), ${bytes(result.bytes)}, longest task ${ms(result.longestTaskMs)}; Node ${ms(result.nodeMs)}`)
      return result
    })
    const pick = (f: (r: (typeof results)[number]) => number) => median(results.map(f))
    const figures = {
      onlineToConvergedMs: pick((r) => r.totalMs),
      connectMs: pick((r) => r.connectMs),
      keysProvenMs: pick((r) => r.provenMs),
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
      title: `Offline merge over WebRTC, signed (${count(config.edits)} edits + ${count(config.threads)} comment threads)`,
      params: { trace: 'friendsforever', authorEdits: config.edits, reviewerThreads: config.threads, commonParagraphs: COMMON.length, runs: config.runs },
      figures,
      baseline,
      ratio: ratios,
      notes: [
        "An author and a reviewer sharing a chapter, each their own Chromium process and host with real main services (identity, the share and the join, rooms that sign and store every envelope). Both hold the shared chapter, then work offline: the author makes her edits in an EditorView with Quire's plugins on the manuscript, fed into the shared replica; the reviewer writes comment threads (a reviewer may not change the text). Every change is signed and stored by main before going online.",
        "Going online is SyncHub leaving Work offline: y-webrtc with Quire's guard (carrier document only), signaling through the host's rendezvous bridge to a local server, no ICE servers, under a private network namespace. The chapter travels as signed envelopes on Quire's channel; each is verified in the validation worker (signature, client ids, update rules, trial apply) before it is applied and stored.",
        "The author's edits are friendsforever's first agent as that agent would have made them offline (positions counted in its own text), typed into an empty first paragraph before paragraphs both already hold.",
        'Connected: the WebRTC connection opened. Bytes are the data channels\' bytes sent by both peers (both channels: the carrier document and awareness, and the envelopes with their handshake). The longest task comes from the Long Tasks API (only tasks over 50 ms are reported; 0 means none).',
        'Baseline: Y.applyUpdate of each peer\'s missing updates into the other\'s state (the same two documents), in Node; its bytes are those two updates.',
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
