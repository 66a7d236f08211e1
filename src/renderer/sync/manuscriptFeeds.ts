/**
 * The author's open manuscripts and the replicas they feed. Each update of an
 * open manuscript is copied into its shared chapter's replica, where it
 * becomes the author's signed change; nothing flows back on its own. When the
 * replica holds text the manuscript lost (its disk lost changes that peers
 * handed back), the author is offered that text (lostText), and history that
 * changes nothing on the page joins the manuscript at once.
 */
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import { TEXT_ROOT } from '../../shared/ydoc'
import { compareWithReplica } from './replicaCheck'

/** Origin of updates copied from the manuscript into a replica. */
const FROM_MANUSCRIPT = Symbol('from-manuscript')
/** Origin of the manuscript's own lost text, brought back from its replica. */
const FROM_REPLICA = Symbol('from-replica')
/** How long after a change arrives in a replica its manuscript is compared with it again (changes come in bursts). */
const RECHECK_MS = 1000

/** Text the author's manuscript lost that its share replica (and so every reviewer) still holds. */
export interface LostText {
  words: number
  /** Brings it back into the manuscript, as one history with the replica. */
  restore(): void
}

export interface ManuscriptFeedsDeps {
  api: Pick<QuireApi, 'doc:load'>
  /** The open replica of this epoch that the manuscript `chapterId` feeds, if any. */
  replicaOf(chapterId: string): Y.Doc | null
  /** Lost text was found or went away. */
  onLostText(): void
}

export class ManuscriptFeeds {
  /** The open manuscripts, by chapter id. */
  private readonly feeds = new Map<string, Y.Doc>()
  private readonly lost = new Map<string, LostText>()
  private readonly checks = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(private readonly deps: ManuscriptFeedsDeps) {}

  /** Copies every update of an open manuscript into its replica. Returns a disposer. */
  feed(chapterId: string, manuscript: Y.Doc): () => void {
    const forward = (update: Uint8Array) => {
      const replica = this.deps.replicaOf(chapterId)
      if (replica) Y.applyUpdate(replica, update, FROM_MANUSCRIPT)
    }
    // A chapter that is not shared has no replica: its whole state is not encoded for nothing on every open.
    if (this.deps.replicaOf(chapterId)) forward(Y.encodeStateAsUpdate(manuscript))
    manuscript.on('update', forward)
    this.feeds.set(chapterId, manuscript)
    // After the chapter is on screen: the comparison walks the whole text.
    this.scheduleCheck(chapterId, 0)
    return () => {
      manuscript.off('update', forward)
      if (this.feeds.get(chapterId) !== manuscript) return
      this.feeds.delete(chapterId)
      this.setLost(chapterId, null)
    }
  }

  /** Brings a replica that is opening up to date with its manuscript, as it is on disk or as it is open. */
  async catchUp(chapterId: string, replica: Y.Doc): Promise<void> {
    const stored = await this.deps.api['doc:load']({ docId: chapterId })
    if (stored.byteLength > 0) Y.applyUpdate(replica, stored, FROM_MANUSCRIPT)
    const live = this.feeds.get(chapterId)
    if (live) Y.applyUpdate(replica, Y.encodeStateAsUpdate(live), FROM_MANUSCRIPT)
  }

  /** A replica is open: its manuscript is compared with it now, and again whenever changes arrive that did not come from it. */
  opened(chapterId: string, replica: Y.Doc): void {
    this.check(chapterId)
    // The author's own changes can come back from peers (after this disk lost them).
    replica.on('update', (_update: Uint8Array, origin: unknown) => origin !== FROM_MANUSCRIPT && this.scheduleCheck(chapterId, RECHECK_MS))
  }

  /** Text the open manuscript `chapterId` lost and its replica holds, if any. */
  lostText(chapterId: string): LostText | null {
    return this.lost.get(chapterId) ?? null
  }

  /** Stops the comparisons still scheduled. */
  destroy(): void {
    for (const timer of this.checks.values()) clearTimeout(timer)
    this.checks.clear()
  }

  /**
   * Compares an open manuscript with its replica. History the manuscript lost
   * that changes nothing on the page joins it at once; lost text is offered
   * to the author (lostText), since it changes what they see.
   */
  private check(chapterId: string): void {
    const manuscript = this.feeds.get(chapterId)
    const replica = this.deps.replicaOf(chapterId)
    if (!manuscript || !replica) return
    const found = compareWithReplica(replica, manuscript)
    if (found.kind === 'history') Y.applyUpdate(manuscript, found.update, FROM_REPLICA)
    if (found.kind !== 'text') return this.setLost(chapterId, null)
    this.setLost(chapterId, {
      words: found.words,
      restore: () => {
        if (this.feeds.get(chapterId) !== manuscript) return
        restoreInto(manuscript, found.update)
        this.check(chapterId)
      },
    })
  }

  /** One comparison per chapter at a time, `delayMs` from the first reason for it. */
  private scheduleCheck(chapterId: string, delayMs: number): void {
    if (!this.feeds.has(chapterId) || this.checks.has(chapterId)) return
    this.checks.set(
      chapterId,
      setTimeout(() => {
        this.checks.delete(chapterId)
        this.check(chapterId)
      }, delayMs),
    )
  }

  private setLost(chapterId: string, lost: LostText | null): void {
    if (!lost && !this.lost.has(chapterId)) return
    if (lost) this.lost.set(chapterId, lost)
    else this.lost.delete(chapterId)
    this.deps.onLostText()
  }
}

/**
 * Applies the text a manuscript lost. A chapter that opened empty holds the
 * one empty paragraph the editor always shows; with the text back it would
 * stay behind as a stray blank line, so it goes.
 */
function restoreInto(manuscript: Y.Doc, update: Uint8Array): void {
  const fragment = manuscript.getXmlFragment(TEXT_ROOT)
  const only = fragment.length === 1 ? fragment.get(0) : null
  const filler = only instanceof Y.XmlElement && only.length === 0 ? only : null
  manuscript.transact(() => {
    Y.applyUpdate(manuscript, update)
    const at = filler ? fragment.toArray().indexOf(filler) : -1
    if (at >= 0 && fragment.length > 1 && filler!.length === 0) fragment.delete(at, 1)
  }, FROM_REPLICA)
}
