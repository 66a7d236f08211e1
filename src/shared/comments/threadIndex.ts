/**
 * A chapter's threads kept current from Yjs events. Each transaction re-reads
 * only the threads it touched (a reply re-reads its thread, a resolution its
 * thread), so a peer's edit costs in proportion to what it changed, not to
 * how many threads the chapter has. Listeners hear which threads changed.
 */
import * as Y from 'yjs'
import { THREADS_ROOT } from '../ydoc'
import { globalId, type CommentsContext, type Thread } from './model'
import { LEGACY, readThread, readThreads } from './read'

export interface ThreadChange {
  /** Threads added or changed. */
  changed: ReadonlySet<string>
  /** Threads gone (every message deleted). */
  removed: ReadonlySet<string>
}

const MEMBER_ROOT_PREFIX = 'm:'
/** Parts keyed by the chapter-wide thread id they speak about. */
const ABOUT_THREADS = new Set(['resolutions', 'anchors', 'decisions', 'addressed', 'carried'])
/** Parts and values of a root that never change a thread (review rounds' progress, questions, drafts …). */
const NOT_THREADS = new Set(['drafts', 'progress', 'questions', 'reveals', 'answers', 'proposals', 'proposalDecisions', 'key', 'review'])

export class ThreadIndex {
  private readonly threads = new Map<string, Thread>()
  /** Which thread each message belongs to, to place a reply that was just removed. */
  private readonly threadOfMessage = new Map<string, string>()
  private sorted: Thread[] | null = null
  private readonly listeners = new Set<(change: ThreadChange) => void>()
  private readonly onTransaction = (transaction: Y.Transaction): void => this.apply(transaction)

  constructor(
    private readonly doc: Y.Doc,
    private context: CommentsContext,
  ) {
    this.rebuild()
    doc.on('afterTransaction', this.onTransaction)
  }

  /** Every visible thread, oldest first. */
  all(): readonly Thread[] {
    this.sorted ??= [...this.threads.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return this.sorted
  }

  get(threadId: string): Thread | undefined {
    return this.threads.get(threadId)
  }

  /** New names or a new book author: every thread is read again. */
  setContext(context: CommentsContext): void {
    this.context = context
    const before = new Set(this.threads.keys())
    this.rebuild()
    this.emit(new Set(this.threads.keys()), new Set([...before].filter((id) => !this.threads.has(id))))
  }

  subscribe(listener: (change: ThreadChange) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction)
    this.listeners.clear()
  }

  private rebuild(): void {
    this.threads.clear()
    this.threadOfMessage.clear()
    for (const thread of readThreads(this.doc, this.context)) this.store(thread)
    this.sorted = null
  }

  private store(thread: Thread): void {
    this.threads.set(thread.id, thread)
    for (const message of thread.messages) this.threadOfMessage.set(message.id, thread.id)
  }

  private apply(transaction: Y.Transaction): void {
    const touched = this.touchedThreads(transaction)
    if (touched === 'none') return
    if (touched === 'all') {
      const before = new Set(this.threads.keys())
      this.rebuild()
      this.emit(new Set(this.threads.keys()), new Set([...before].filter((id) => !this.threads.has(id))))
      return
    }
    const changed = new Set<string>()
    const removed = new Set<string>()
    for (const id of touched) {
      const thread = readThread(this.doc, id, this.context)
      if (thread) {
        this.store(thread)
        changed.add(id)
      } else if (this.threads.delete(id)) {
        removed.add(id)
      }
    }
    this.sorted = null
    this.emit(changed, removed)
  }

  private emit(changed: Set<string>, removed: Set<string>): void {
    if (changed.size === 0 && removed.size === 0) return
    for (const listener of this.listeners) listener({ changed, removed })
  }

  /** The threads a transaction may have changed: some, none, or (when unsure) all. */
  private touchedThreads(transaction: Y.Transaction): Set<string> | 'none' | 'all' {
    const touched = new Set<string>()
    for (const [type, keys] of transaction.changed) {
      const path = pathOf(this.doc, type)
      if (!path) continue
      const [root, part, entry] = path
      if (root === THREADS_ROOT) return 'all'
      if (!root.startsWith(MEMBER_ROOT_PREFIX)) continue
      const memberId = root.slice(MEMBER_ROOT_PREFIX.length)
      // A member's root or one of its parts appeared, or something unexpected: read everything again.
      if (part === undefined) {
        if ([...keys].every((k) => k !== null && NOT_THREADS.has(k))) continue
        return 'all'
      }
      if (NOT_THREADS.has(part)) continue
      const changedKeys = entry === undefined ? [...keys].filter((k): k is string => k !== null) : [entry]
      for (const key of changedKeys) {
        if (part === 'threads') touched.add(globalId(memberId, key))
        else if (ABOUT_THREADS.has(part)) touched.add(key)
        else if (part === 'replies') {
          const messageId = globalId(memberId, key)
          const known = this.threadOfMessage.get(messageId)
          if (known) touched.add(known)
          const current = this.doc.getMap<unknown>(root).get('replies')
          const value = current instanceof Y.Map ? current.get(key) : undefined
          const thread = value instanceof Y.Map ? value.get('thread') : undefined
          if (typeof thread === 'string') touched.add(thread)
        } else return 'all'
      }
    }
    // Replies to threads from before signing live under the legacy author id.
    for (const id of touched) if (id.startsWith(`${LEGACY}/`) && !this.doc.share.has(THREADS_ROOT)) return 'all'
    return touched.size === 0 ? 'none' : touched
  }
}

/** The root name and up to two map keys leading to `type`: [root, part?, entry?]; null for anything deeper or detached. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its changed map with any
function pathOf(doc: Y.Doc, type: Y.AbstractType<any>): [string, string?, string?] | null {
  const keys: string[] = []
  let current: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>
  while (current._item !== null) {
    const item: Y.Item = current._item
    if (typeof item.parentSub !== 'string' || keys.length > 2) return null
    keys.unshift(item.parentSub)
    current = item.parent as Y.AbstractType<unknown>
  }
  for (const [name, root] of doc.share) {
    if (root === current) {
      if (keys.length > 2) return null
      return [name, keys[0], keys[1]]
    }
  }
  return null
}
