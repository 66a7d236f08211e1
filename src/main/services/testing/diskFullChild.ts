/**
 * Child process for crash.test.ts's full-disk case: run under a file size
 * limit (`ulimit -f`), it writes lines to one document, each first with a
 * long filler that the next update deletes, so the log grows until an append
 * fails for lack of room. Then it compacts (the deleted filler goes, the log
 * shrinks) and retries the same update, as the renderer's queue does.
 * Prints "doc N" once line N is durable and "full" when an append failed.
 *
 * Usage: node diskFullChild.mjs <dir> <docId>
 */
import * as Y from 'yjs'
import { DocStore } from '../updateLog'
import { TEXT_ROOT } from './textDoc'

async function main(): Promise<void> {
  const [dir, docId] = process.argv.slice(2)
  if (!dir || !docId) throw new Error('usage: diskFullChild <dir> <docId>')
  // Past the limit the kernel sends SIGXFSZ; ignored, the write fails with EFBIG instead, as on a full disk.
  process.on('SIGXFSZ', () => {})
  const store = new DocStore(dir, { compactAfterRecords: 1_000_000, compactAfterBytes: 1024 ** 3 })
  const doc = new Y.Doc()
  const text = doc.getText(TEXT_ROOT)
  let last: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => (last = u))
  let failures = 0
  const write = async (): Promise<void> => {
    for (;;) {
      try {
        return await store.append(docId, last)
      } catch {
        failures++
        process.stdout.write('full\n')
        await store.compact(docId)
      }
    }
  }
  const filler = 'x'.repeat(3000)
  for (let index = 0; failures < 2 || index % 10 !== 0; index++) {
    text.insert(text.length, `entry ${index} ${filler}\n`)
    await write()
    text.delete(text.length - filler.length - 1, filler.length)
    await write()
    process.stdout.write(`doc ${index}\n`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
