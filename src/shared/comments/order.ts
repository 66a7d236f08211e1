import type { Anchor, ResolvedAnchor } from '../anchors'
import type { Thread } from './model'

/** A thread with where its anchor sits now. */
export interface PlacedThread {
  thread: Thread
  place: ResolvedAnchor
}

/** Threads in reading order of their passages (then oldest first); detached ones last. */
export function threadsInOrder(threads: readonly Thread[], resolve: (anchor: Anchor) => ResolvedAnchor): PlacedThread[] {
  return sortPlaced(threads.map((thread) => ({ thread, place: resolve(thread.anchor) })))
}

/** Sorts placed threads into reading order, detached ones last. */
export function sortPlaced<T extends PlacedThread>(placed: T[]): T[] {
  const key = (p: PlacedThread): [number, number, number] =>
    p.place.detached ? [Infinity, Infinity, p.thread.createdAt] : [p.place.from, p.place.to, p.thread.createdAt]
  return placed.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)]
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return (ka[i] as number) < (kb[i] as number) ? -1 : 1
    return a.thread.id < b.thread.id ? -1 : a.thread.id > b.thread.id ? 1 : 0
  })
}
