/**
 * What the rooms of one share agree on about people: the author's signed
 * manifest (only ever replaced by a newer one under the author's key), the
 * invite bindings peers have shown, and from those, who may join a room and
 * whose changes count.
 */
import type { QuireApi } from '../../../shared/contract'
import { fromBase64Url, memberIdFor, toBase64Url, verifyBytes } from '../../../shared/identity'
import { invitedBy, parseManifest, standingOf, supersedes, writeRightsOf, type ManifestMember, type ShareManifest } from '../../../shared/trust/manifest'
import { bindingMessage, type PeerMessage } from '../../../shared/trust/protocol'
import type { Admission } from './peerSession'

export interface ShareTrustConfig {
  shareId: string
  /** The author's key, pinned (the user's own for their shares). */
  authorKey: string
  isAuthor: boolean
}

export interface ShareTrustEvents {
  /** A newer manifest was adopted: rooms tell their peers, and drop the ones it no longer lets in. */
  onManifest(): void
  report(problem: string): void
}

type Binding = Extract<PeerMessage, { type: 'binding' }>

export class ShareTrust {
  private manifest: ShareManifest | null = null
  private manifestText: string | null = null
  private rekeyText: string | null = null
  /** Members whose invite proof a peer showed us, by key, until the manifest binds them. */
  private readonly provisional = new Map<string, { member: ManifestMember; binding: Binding }>()
  private ownBinding: Binding | null = null

  constructor(
    readonly config: ShareTrustConfig,
    private readonly api: QuireApi,
    private readonly events: ShareTrustEvents,
  ) {}

  /** The manifest and new key the library holds; a newer manifest replaces the one in use. */
  sync(manifestText: string | null, rekeyText: string | null): void {
    this.rekeyText = rekeyText ?? this.rekeyText
    if (manifestText && manifestText !== this.manifestText) this.adopt(manifestText)
  }

  /** The proof of our own invite, shown to peers until the manifest binds our key (null once it does). */
  setOwnBinding(binding: Binding | null): void {
    this.ownBinding = binding
  }

  private adopt(text: string): boolean {
    const parsed = parseManifest(text, this.config.authorKey)
    if (!parsed.ok || parsed.manifest.shareId !== this.config.shareId || !supersedes(parsed.manifest, this.manifest)) return false
    this.manifest = parsed.manifest
    this.manifestText = text
    for (const [key, { member }] of this.provisional) if (parsed.manifest.members.some((m) => m.id === member.id && m.key !== undefined)) this.provisional.delete(key)
    this.events.onManifest()
    return true
  }

  nameOf(key: Uint8Array): string | null {
    const manifest = this.manifest
    if (!manifest) return null
    const standing = standingOf(manifest, key)
    if (standing.kind === 'author') return manifest.author.name
    if (standing.kind === 'member' || standing.kind === 'removed') return standing.member.name
    return this.provisional.get(toBase64Url(key))?.member.name ?? null
  }

  /** Who a proven key is in a room of `docKey`: the author, a member of that chapter, someone to tell only of changes, or no one. */
  admit(key: Uint8Array, docKey: string, retired: boolean): Admission {
    const manifest = this.manifest
    if (!manifest) return { kind: 'refused', code: 'no-manifest', message: 'This Quire does not know the share yet.' }
    const standing = standingOf(manifest, key)
    const provisional = this.provisional.get(toBase64Url(key))
    if (standing.kind === 'author') return { kind: 'full', role: 'author' }
    if (standing.kind === 'removed') return { kind: 'limited' }
    if (retired) return standing.kind === 'member' || provisional ? { kind: 'limited' } : refused()
    const member = standing.kind === 'member' ? standing.member : provisional?.member
    if (!member || !member.chapters.includes(docKey)) return refused()
    return { kind: 'full', role: 'member' }
  }

  /** Whether `writer`'s changes to `docKey` count, and up to which counter (a removed member's end there). */
  rightsOf(writer: Uint8Array, docKey: string): { isAuthor: boolean; maxSeq: number } | null {
    const manifest = this.manifest
    if (!manifest) return null
    const rights = writeRightsOf(manifest, writer, docKey)
    if (rights) return rights
    const provisional = this.provisional.get(toBase64Url(writer))
    return provisional?.member.chapters.includes(docKey) ? { isAuthor: false, maxSeq: Infinity } : null
  }

  /**
   * What to show a peer before proving our key: the manifest we hold (the
   * peer may know an older one, without us in it) and our own invite
   * binding, while the manifest does not list our key yet. Both are signed
   * by others, so a peer can check them before knowing who we are.
   */
  introductions(): PeerMessage[] {
    const messages: PeerMessage[] = []
    if (this.manifestText) messages.push({ type: 'manifest', text: this.manifestText })
    if (this.ownBinding) messages.push(this.ownBinding)
    return messages
  }

  /** The messages a newly admitted peer gets: the manifest, the latest new key, and invite bindings it may not have seen. */
  greetings(): PeerMessage[] {
    const messages: PeerMessage[] = []
    if (this.manifestText) messages.push({ type: 'manifest', text: this.manifestText })
    if (this.rekeyText) messages.push({ type: 'rekey', text: this.rekeyText })
    for (const { binding } of this.provisional.values()) messages.push(binding)
    return messages
  }

  async receiveManifest(text: string): Promise<void> {
    if (this.config.isAuthor) return
    const parsed = parseManifest(text, this.config.authorKey)
    if (!parsed.ok) {
      this.events.report(parsed.reason === 'manifest claims another author' ? 'A peer passed on a share update that claims to come from the author under another key. Quire ignored it.' : `A peer passed on a share update Quire refused (${parsed.reason}).`)
      return
    }
    // In use at once (a peer's AUTH may follow right behind it), then kept.
    if (!this.adopt(text)) return
    try {
      await this.api['share:adoptManifest']({ shareId: this.config.shareId, manifest: text })
    } catch (error) {
      this.events.report(error instanceof Error ? error.message : String(error))
    }
  }

  async receiveRekey(text: string): Promise<void> {
    if (this.config.isAuthor) return
    this.rekeyText = text
    try {
      await this.api['share:rekey']({ shareId: this.config.shareId, text })
    } catch (error) {
      this.events.report(error instanceof Error ? error.message : String(error))
    }
  }

  /** An invite's proof that `key` is the member it was made for: the author binds it; others let the member in meanwhile. */
  async receiveBinding(binding: Binding, now: number): Promise<void> {
    const manifest = this.manifest
    if (!manifest) return
    const member = invitedBy(manifest, binding.inviteKey, now)
    if (!member || member.id !== binding.memberId) return
    if (!verifyBytes(binding.inviteKey, bindingMessage(this.config.shareId, member.id, binding.key), binding.signature)) return
    const key = toBase64Url(binding.key)
    const taken = [...this.provisional.values()].find((p) => p.member.id === member.id)
    if (taken && toBase64Url(taken.binding.key) !== key) return
    this.provisional.set(key, { member, binding })
    if (this.config.isAuthor) {
      try {
        const snapshot = await this.api['share:bind']({ shareId: this.config.shareId, memberId: member.id, key: binding.key, inviteKey: binding.inviteKey, signature: binding.signature })
        // The new manifest names the key: every room tells its peers at once.
        const manifest = snapshot.shares.find((share) => share.id === this.config.shareId)?.manifest
        if (manifest) this.sync(manifest, null)
      } catch (error) {
        this.events.report(error instanceof Error ? error.message : String(error))
      }
    }
  }

  /** Display data for a connected peer's proven key. */
  personOf(key: Uint8Array): { name: string; peerId: string; role: 'author' | 'reviewer' } {
    const isAuthor = toBase64Url(key) === this.config.authorKey
    return { name: this.nameOf(key) ?? 'Unknown reviewer', peerId: memberIdFor(key), role: isAuthor ? 'author' : 'reviewer' }
  }

  get authorKeyBytes(): Uint8Array {
    return fromBase64Url(this.config.authorKey)!
  }
}

const refused = (): Admission => ({ kind: 'refused', code: 'not-a-member', message: 'A peer that is not a member of this share tried to join; Quire did not let it in.' })
