/** Workload 2's baseline in the page: the book's stored updates loaded into bare Y.Docs. */
import * as Y from 'yjs'
import { fetchBytes } from './data'
import { now } from './timing'

const kept: Y.Doc[] = []

/** Loads each update into a new Y.Doc and keeps the docs (so their heap can be measured) until `bareRelease`. */
export async function bareLoad(urls: string[]): Promise<{ perDocMs: number[]; totalMs: number }> {
  const updates = await Promise.all(urls.map(fetchBytes))
  const perDocMs: number[] = []
  const start = now()
  for (const update of updates) {
    const t0 = now()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    perDocMs.push(now() - t0)
    kept.push(doc)
  }
  return { perDocMs, totalMs: now() - start }
}

export function bareRelease(): void {
  for (const doc of kept.splice(0)) doc.destroy()
}
