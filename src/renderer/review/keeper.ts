/**
 * What a member's Quire does by itself in each shared chapter, whether the
 * chapter is open or not, so review rounds hold without anyone pressing a
 * button:
 *
 * - everyone publishes their public key in their root (others seal to it);
 * - the book's author writes the share's review mode into the chapter, and
 *   freezes draft 1 the first time the chapter is shared with text in it;
 * - in a round-table review, the author reveals each question's key to the
 *   reviewers who answered it, and every member rewrites their own sealed
 *   entries in the clear once a blind review was opened (only the writer
 *   can: the author's decision reaches reviewers as the mode in the
 *   author's root, which each reviewer's Quire honours here);
 * - a reviewer re-seals their reading progress when they turn sharing it on
 *   or off.
 *
 * Runs after changes settle, never inside another transaction.
 */
import { initProseMirrorDoc } from 'y-prosemirror'
import type * as Y from 'yjs'
import { openOwnSealed, type CommentsContext, type Person, type Sealing } from '../../shared/comments'
import { isSealedBox } from '../../shared/review/box'
import { draftsOf, shareDraft } from '../../shared/review/drafts'
import { publishedKey, publishKey, reviewModeOf, setReviewMode, type ReviewMode } from '../../shared/review/mode'
import { progressEntries, writeProgress, isReadingProgress } from '../../shared/review/progress'
import { answeredBy, readQuestions, revealAnswers, revealFor } from '../../shared/review/questions'
import { parseObject } from '../../shared/comments/store'
import { seal } from '../../shared/trust/sealed'
import { schema } from '../../shared/schema'
import { TEXT_ROOT } from '../../shared/ydoc'
import { onRootsChange } from './useRound'
import { randomBytes } from './sealing'
import type { Unsealer } from './unsealer'

export interface KeeperOptions {
  doc: Y.Doc
  me: Person
  /** The user's public key, base64url. */
  publicKey: string
  context: () => CommentsContext
  unsealer: Unsealer
  sealing: Sealing
  /** The book's author: the mode they chose for the share (undefined: not chosen). */
  shareMode?: () => ReviewMode | undefined
  /** The book's author: draft 1 was frozen; save it as a version too. */
  onDraftFrozen?: (draft: number) => void
  /** A reviewer: whether to share reading progress with the author. */
  shareProgress?: () => boolean
  onError: (error: unknown) => void
}

const SETTLE_MS = 300

export class ReviewKeeper {
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly disposers: Array<() => void> = []
  private disposed = false

  constructor(private readonly options: KeeperOptions) {
    const schedule = () => this.schedule()
    this.disposers.push(onRootsChange(options.doc, schedule))
    this.disposers.push(options.unsealer.subscribe(schedule))
    // Draft 1 waits for the chapter's first text.
    const onUpdate = () => {
      if (options.shareMode && draftsOf(options.doc, options.me.id).length === 0) schedule()
    }
    options.doc.on('update', onUpdate)
    this.disposers.push(() => options.doc.off('update', onUpdate))
    this.schedule()
  }

  /** Runs soon; several changes in a row run it once. */
  schedule(): void {
    if (this.disposed || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      try {
        this.run()
      } catch (error) {
        this.options.onError(error)
      }
    }, SETTLE_MS)
  }

  run(): void {
    if (this.disposed) return
    const { doc, me, unsealer, sealing } = this.options
    const context = this.options.context()
    const author = context.bookAuthorId
    publishKey(doc, me, this.options.publicKey)
    const isAuthor = author === me.id
    if (isAuthor) {
      const chosen = this.options.shareMode?.()
      if (chosen) setReviewMode(doc, me, chosen, Date.now())
      this.freezeFirstDraft()
    }
    const mode = reviewModeOf(doc, author)
    if (mode === 'round-table') {
      openOwnSealed(doc, me, unsealer)
      if (isAuthor) this.revealAnswers()
    }
    if (!isAuthor && author) this.resealProgress(author, sealing)
  }

  private freezeFirstDraft(): void {
    const { doc, me } = this.options
    if (draftsOf(doc, me.id).length > 0) return
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    if (fragment.length === 0) return
    const text = initProseMirrorDoc(fragment, schema).doc
    if (text.textContent.trim() === '') return
    shareDraft(doc, me, { number: 1, text, sharedAt: Date.now() })
    this.options.onDraftFrozen?.(1)
  }

  /** Gives each reviewer who answered a question its key, so they can read the others' answers. */
  private revealAnswers(): void {
    const { doc, me, unsealer } = this.options
    for (const question of readQuestions(doc, me.id)) {
      const waiting = answeredBy(doc, question.id).filter((id) => id !== me.id && !revealFor(doc, me.id, question.id, id))
      if (waiting.length === 0) continue
      const secret = unsealer.openText(question.secret)
      if (typeof secret !== 'string') continue
      for (const memberId of waiting) {
        const key = publishedKey(doc, memberId)
        if (key) revealAnswers(doc, me, question.id, memberId, seal(key, new TextEncoder().encode(secret), randomBytes))
      }
    }
  }

  /** Re-seals the reviewer's progress when sharing it was turned on or off. */
  private resealProgress(author: string, sealing: Sealing): void {
    const { doc, me } = this.options
    const share = this.options.shareProgress?.() ?? true
    for (const entry of progressEntries(doc, me.id)) {
      if (entry.shared === share || !isSealedBox(entry.box)) continue
      const progress = parseObject(sealing.open(entry.box))
      if (!isReadingProgress(progress)) continue
      writeProgress(doc, me, entry.draft, progress, share, { sealing, recipients: share ? [author, me.id] : [me.id] })
    }
  }

  destroy(): void {
    this.disposed = true
    if (this.timer) clearTimeout(this.timer)
    for (const dispose of this.disposers) dispose()
  }
}

