/**
 * Child process for crash.test.ts: appends "entry N\n" lines to one document
 * through DocStore, and records N in a JSON metadata file through lowdb, for
 * ever, until the parent kills it with SIGKILL.
 *
 * Usage: node crashChild.mjs <dir> <docId>
 * Prints "ready" once loaded, then "doc N" once the append of entry N has
 * resolved (so is durable) and "meta N" once the metadata file holding N has
 * been written. Low thresholds make it compact (and rotate the saved
 * generations) often, so kills also land mid-compaction.
 */
import path from 'node:path'
import * as Y from 'yjs'
import { openJsonFile } from '../metaFile'
import { DocStore } from '../updateLog'
import { emptyCrashMeta, sanitizeCrashMeta, type CrashMeta } from './crashMeta'
import { TEXT_ROOT } from './textDoc'

/** Appends allowed in flight at once, to exercise the per-document queue. */
const MAX_IN_FLIGHT = 3


async function main(): Promise<void> {
  const [dir, docId] = process.argv.slice(2)
  if (!dir || !docId) throw new Error('usage: crashChild <dir> <docId>')
  const store = new DocStore(dir, { compactAfterRecords: 12, compactAfterBytes: 600 })
  const { db } = await openJsonFile<CrashMeta>(path.join(dir, 'meta.json'), emptyCrashMeta, sanitizeCrashMeta)
  const doc = new Y.Doc()
  const { update } = await store.load(docId)
  if (update.length > 0) Y.applyUpdate(doc, update)
  const text = doc.getText(TEXT_ROOT)
  const pending: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => pending.push(u))

  let next = text.toString().split('\n').length - 1
  // stdout to a pipe is synchronous on Linux, so a printed index is never ahead of the disk.
  process.stdout.write('ready\n')
  const inFlight: Promise<void>[] = []
  for (;;) {
    const index = next++
    text.insert(text.length, `entry ${index}\n`)
    const appended = store.append(docId, pending.shift()!).then(async () => {
      process.stdout.write(`doc ${index}\n`)
      db.data.written = Math.max(db.data.written, index)
      const recorded = db.data.written
      await db.write()
      process.stdout.write(`meta ${recorded}\n`)
    })
    inFlight.push(appended)
    if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
