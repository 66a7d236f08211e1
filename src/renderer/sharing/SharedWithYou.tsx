import { useEffect, useRef, useState } from 'react'
import type { LibrarySnapshot } from '../../shared/library'
import { reviewModeOf, reviewModeSet } from '../../shared/review/mode'
import type { JoinedShare } from '../../shared/sharing'
import { parseManifest } from '../../shared/trust/manifest'
import type { SyncHub } from '../sync/syncHub'

/**
 * The reviewer's side of the Network view: for each share they are in, the
 * author, and in a round-table review the fellow reviewers and what each
 * reads, as the author's signed manifest says. A blind review names no one
 * else.
 */
export function SharedWithYou({ hub, snapshot }: { hub: SyncHub; snapshot: LibrarySnapshot }) {
  const joined = snapshot.joined.filter((share) => share.removedAt === undefined)
  const blind = useBlindShares(hub, joined)
  if (joined.length === 0) return null
  return (
    <section className="shared-with-you" aria-labelledby="shared-with-you">
      <h2 id="shared-with-you">Shared with you</h2>
      {joined.map((share) => {
        const parsed = share.manifest ? parseManifest(share.manifest, share.author.publicKey) : null
        const manifest = parsed?.ok ? parsed.manifest : null
        const titles = new Map((manifest?.chapters ?? []).map((c) => [c.docKey, c.title] as const))
        const fellows = (manifest?.members ?? []).filter((m) => m.id !== share.memberId && m.status !== 'removed')
        return (
          <div key={share.id} className="shared-share" role="group" aria-label={share.bookTitle}>
            <h3>{share.bookTitle}</h3>
            <ul>
              <li>
                <strong>{share.author.name}</strong>, the author · <span className="fingerprint">{share.author.fingerprint}</span>
              </li>
              {blind.has(share.id) ? (
                <li className="muted">A blind review: the author does not show you who else reviews.</li>
              ) : fellows.length === 0 ? (
                <li className="muted">No other reviewers yet.</li>
              ) : (
                fellows.map((member) => (
                  <li key={member.id}>
                    <strong>{member.name}</strong> reviews {member.chapters.map((docKey) => titles.get(docKey) ?? 'a chapter').join(', ') || 'nothing yet'}
                    {member.status === 'invited' && <span className="muted"> (invited, not joined yet)</span>}
                  </li>
                ))
              )}
            </ul>
          </div>
        )
      })}
    </section>
  )
}

/** The ids of joined shares whose author chose a blind review, or has not said yet (so no one is named too early). */
function useBlindShares(hub: SyncHub, joined: JoinedShare[]): ReadonlySet<string> {
  const [blind, setBlind] = useState<ReadonlySet<string>>(() => new Set(joined.map((share) => share.id)))
  const latest = useRef(joined)
  latest.current = joined
  const key = joined.map((share) => `${share.id}:${share.chapters[0]?.docId ?? ''}`).join(',')
  useEffect(() => {
    let live = true
    const disposers: Array<() => void> = []
    const modes = new Map<string, boolean>()
    const shares = latest.current
    for (const share of shares) {
      const docId = share.chapters[0]?.docId
      if (!docId) continue
      void hub.doc(docId).then((doc) => {
        if (!live || !doc) return
        const read = () => {
          modes.set(share.id, !reviewModeSet(doc, share.author.memberId) || reviewModeOf(doc, share.author.memberId) === 'blind')
          setBlind(new Set(shares.filter((s) => modes.get(s.id) ?? true).map((s) => s.id)))
        }
        doc.on('update', read)
        disposers.push(() => doc.off('update', read))
        read()
      })
    }
    return () => {
      live = false
      for (const dispose of disposers) dispose()
    }
    // `key` names the shares and the chapter each is read from.
  }, [hub, key])
  return blind
}
