/**
 * 6. Storage: 10,000 updates of a real editing session (the first edits of
 * the automerge-paper trace, as y-prosemirror writes them) through Quire's
 * DocStore: the cost of an append (fsync included), compaction, the log's
 * size against Y.encodeStateAsUpdate, and a cold load of a long log against
 * a compacted one. Runs in Node, where the host runs it.
 */
import { copyFile, mkdir, open, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EditorState } from 'prosemirror-state'
import { updateYFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import { encodeLog } from '../../src/main/services/logFormat'
import { DocStore } from '../../src/main/services/updateLog'
import { schema } from '../../src/shared/schema'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { editTransaction } from '../lib/edits'
import { makeTempDir, removeDir } from '../lib/fixtures'
import { bytes, count, ms, times, type WorkloadResult } from '../lib/report'
import { rounds, type Session } from '../lib/session'
import { distribution, median, ratio, sum } from '../lib/stats'
import { loadTrace, sequentialEdits, type Edit } from '../lib/traces'

const DOC_ID = 'bench-storage-doc'

/** The Yjs updates the editor's binding emits for each edit, made with the binding's own write path. */
export function bindingUpdates(edits: readonly Edit[], clientID?: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc()
  if (clientID !== undefined) doc.clientID = clientID
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const meta = { mapping: new Map(), isOMark: new Map() }
  let state = EditorState.create({ schema, doc: schema.topNodeType.createAndFill()! })
  for (const edit of edits) {
    state = state.apply(editTransaction(state, edit))
    doc.transact(() => updateYFragment(doc, fragment, state.doc, meta as never), 'bench')
  }
  return { updates, doc }
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const value = f()
  return [value, performance.now() - t0]
}

async function timedAsync<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const value = await f()
  return [value, performance.now() - t0]
}

export async function storageWorkload(session: Session, config: { updates: number; baselineEvery: number; runs: number }): Promise<WorkloadResult> {
  const { edits } = sequentialEdits(loadTrace('automerge-paper'), config.updates)
  const { updates, doc } = bindingUpdates(edits)
  const encoded = Y.encodeStateAsUpdate(doc)
  const root = await makeTempDir('storage')
  try {
    // Appends, as the host makes them: one DocStore, default compaction thresholds, every record fsynced.
    // The baseline appends the same bytes to a plain file with an fsync each, interleaved so both see the same disk.
    const appendDir = join(root, 'append')
    const store = new DocStore(appendDir)
    await mkdir(appendDir, { recursive: true })
    const raw = await open(join(root, 'raw.bin'), 'a')
    const appendTimes: number[] = []
    const rawTimes: number[] = []
    session.log(`  appending ${count(updates.length)} updates (fsync each)`)
    for (let i = 0; i < updates.length; i++) {
      const update = updates[i]!
      appendTimes.push((await timedAsync(() => store.append(DOC_ID, update)))[1])
      if (i % config.baselineEvery === 0) {
        rawTimes.push(
          (
            await timedAsync(async () => {
              await raw.write(update)
              await raw.sync()
            })
          )[1],
        )
      }
    }
    await raw.close()
    await store.flush()
    const appended = distribution(appendTimes)
    const rawAppend = distribution(rawTimes)
    const appendedLogBytes = (await stat(join(appendDir, `${DOC_ID}.log`))).size

    // A long log: every update its own record, never compacted.
    const longDir = join(root, 'long')
    await mkdir(longDir, { recursive: true })
    const longLog = encodeLog(updates)
    await writeFile(join(longDir, `${DOC_ID}.log`), longLog)

    const results = await rounds(1, config.runs, async () => {
      // Compaction of the long log, on a fresh copy each time.
      const compactDir = join(root, `compact-${Math.random().toString(36).slice(2)}`)
      await mkdir(compactDir, { recursive: true })
      await copyFile(join(longDir, `${DOC_ID}.log`), join(compactDir, `${DOC_ID}.log`))
      const [, compactMs] = await timedAsync(() => new DocStore(compactDir).compact(DOC_ID))
      const compactedBytes = (await stat(join(compactDir, `${DOC_ID}.log`))).size
      const [, mergeMs] = timed(() => Y.mergeUpdates(updates))
      // Cold loads: a new store (nothing cached) reads the log, then a new Y.Doc takes the state.
      const coldLoad = async (dir: string) =>
        timedAsync(async () => {
          const loaded = await new DocStore(dir).load(DOC_ID)
          const fresh = new Y.Doc()
          Y.applyUpdate(fresh, loaded.update)
          return fresh
        })
      const [fromLong, longLoadMs] = await coldLoad(longDir)
      const [fromCompacted, compactedLoadMs] = await coldLoad(compactDir)
      const [, applyMs] = timed(() => Y.applyUpdate(new Y.Doc(), encoded))
      const expected = doc.getXmlFragment(TEXT_ROOT).toString()
      if (fromLong.getXmlFragment(TEXT_ROOT).toString() !== expected || fromCompacted.getXmlFragment(TEXT_ROOT).toString() !== expected) {
        throw new Error('storage: a loaded document differs from the one written')
      }
      await removeDir(compactDir)
      return { compactMs, mergeMs, longLoadMs, compactedLoadMs, applyMs, compactedBytes }
    })
    const pick = (f: (r: (typeof results)[number]) => number) => median(results.map(f))
    const figures = {
      appendP50Ms: appended.p50,
      appendP95Ms: appended.p95,
      appendP99Ms: appended.p99,
      appendMaxMs: appended.max,
      appendTotalMs: sum(appendTimes),
      appendedLogBytes,
      longLogBytes: longLog.byteLength,
      compactedLogBytes: pick((r) => r.compactedBytes),
      compactMs: pick((r) => r.compactMs),
      coldLoadLongMs: pick((r) => r.longLoadMs),
      coldLoadCompactedMs: pick((r) => r.compactedLoadMs),
    }
    const baseline = {
      rawAppendP50Ms: rawAppend.p50,
      rawAppendP95Ms: rawAppend.p95,
      rawAppendP99Ms: rawAppend.p99,
      rawAppendSamples: rawAppend.count,
      encodeStateAsUpdateBytes: encoded.byteLength,
      mergeUpdatesMs: pick((r) => r.mergeMs),
      applyUpdateMs: pick((r) => r.applyMs),
    }
    const ratios = {
      appendP50: ratio(figures.appendP50Ms, baseline.rawAppendP50Ms),
      appendP99: ratio(figures.appendP99Ms, baseline.rawAppendP99Ms),
      longLogSize: ratio(figures.longLogBytes, baseline.encodeStateAsUpdateBytes),
      compactedLogSize: ratio(figures.compactedLogBytes, baseline.encodeStateAsUpdateBytes),
      compaction: ratio(figures.compactMs, baseline.mergeUpdatesMs),
      coldLoadLongVsCompacted: ratio(figures.coldLoadLongMs, figures.coldLoadCompactedMs),
      coldLoadCompactedVsApply: ratio(figures.coldLoadCompactedMs, baseline.applyUpdateMs),
    }
    return {
      id: 6,
      name: 'storage',
      title: `Storage (${count(updates.length)} updates)`,
      params: { updates: updates.length, source: 'automerge-paper, as y-prosemirror writes it', runs: config.runs, rawAppendEvery: config.baselineEvery },
      figures,
      baseline,
      ratio: ratios,
      notes: [
        'Appends go through DocStore with its default thresholds (compaction past 500 records or 1 MiB), each awaited; the baseline writes the same bytes to a plain file with an fsync each, interleaved with them.',
        'Cold load: a new DocStore reads the log (checking and merging every record), then a new Y.Doc applies the result. The OS page cache is not dropped.',
        'Compaction baseline: Y.mergeUpdates of the same updates in memory.',
      ],
      rows: [
        { measure: 'append p50 / p95 / p99 (DocStore vs write + fsync)', quire: `${ms(appended.p50)} / ${ms(appended.p95)} / ${ms(appended.p99)}`, baseline: `${ms(rawAppend.p50)} / ${ms(rawAppend.p95)} / ${ms(rawAppend.p99)}`, ratio: `${times(ratios.appendP50)} p50` },
        { measure: `${count(updates.length)} appends in a row, compactions included`, quire: ms(figures.appendTotalMs), baseline: '', ratio: '' },
        { measure: 'uncompacted log vs Y.encodeStateAsUpdate', quire: bytes(figures.longLogBytes), baseline: bytes(baseline.encodeStateAsUpdateBytes), ratio: times(ratios.longLogSize) },
        { measure: 'compacted log vs Y.encodeStateAsUpdate', quire: bytes(figures.compactedLogBytes), baseline: bytes(baseline.encodeStateAsUpdateBytes), ratio: times(ratios.compactedLogSize) },
        { measure: 'compaction vs Y.mergeUpdates', quire: ms(figures.compactMs), baseline: ms(baseline.mergeUpdatesMs), ratio: times(ratios.compaction) },
        { measure: 'cold load: long log vs compacted log', quire: ms(figures.coldLoadLongMs), baseline: ms(figures.coldLoadCompactedMs), ratio: times(ratios.coldLoadLongVsCompacted) },
        { measure: 'cold load: compacted log vs Y.applyUpdate in memory', quire: ms(figures.coldLoadCompactedMs), baseline: ms(baseline.applyUpdateMs), ratio: times(ratios.coldLoadCompactedVsApply) },
      ],
    }
  } finally {
    await removeDir(root)
  }
}
