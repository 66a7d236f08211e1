import { useRef, useState } from 'react'
import type { ChapterPackage, PackageResult } from '../../shared/trust/chapterPackage'
import { PACKAGE_EXTENSION } from '../../shared/trust/chapterPackage'
import { Dialog } from '../ui/Dialog'
import { TextField } from '../ui/TextField'

/** Null when joined, or why not; `confirm` when joining is possible but the user must decide first (an author's key they have not seen). */
type JoinOutcome = { message: string; confirm: boolean } | null

interface OpenInviteDialogProps {
  initialLink?: string
  onJoin: (link: string, trustNewKey: boolean) => Promise<JoinOutcome>
  /** Reads a chapter file (an invite with its chapters' text) the user picked. */
  onReadPackage: (file: File) => Promise<PackageResult>
  /** Joins with a chapter file's invite and takes in its chapters' text. */
  onJoinPackage: (pkg: ChapterPackage, trustNewKey: boolean) => Promise<JoinOutcome>
  onCancel: () => void
}

/** Paste an invite link (or confirm one the operating system handed over), or open a chapter file, and join the share. */
export function OpenInviteDialog({ initialLink = '', onJoin, onReadPackage, onJoinPackage, onCancel }: OpenInviteDialogProps) {
  const [link, setLink] = useState(initialLink)
  const [pkg, setPkg] = useState<ChapterPackage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const fromFile = pkg !== null && pkg.link === link
  return (
    <Dialog
      title="Open invite"
      submitLabel={busy ? 'Joining…' : confirming ? 'Join anyway' : 'Join'}
      danger={confirming}
      onCancel={onCancel}
      onSubmit={() => {
        if (busy) return
        if (!link.trim()) return setError('Paste the invite link you were sent, or open the chapter file.')
        setBusy(true)
        void (fromFile ? onJoinPackage(pkg, confirming) : onJoin(link.trim(), confirming)).then((refusal) => {
          setBusy(false)
          setError(refusal?.message ?? null)
          setConfirming(refusal?.confirm ?? false)
        })
      }}
    >
      <p>Paste the link an author sent you. Quire checks that it really comes from them before joining.</p>
      <TextField
        label="Invite link"
        autoFocus
        value={link}
        placeholder="quire://invite#…"
        spellCheck={false}
        error={error}
        onChange={(next) => (setLink(next), setError(null), setConfirming(false))}
      />
      <p>
        Got a chapter file ({PACKAGE_EXTENSION}) instead? It holds the invite and the text, so you can review without meeting the
        author online.
      </p>
      <div className="inline-actions">
        <button type="button" onClick={() => fileInput.current?.click()}>
          Open chapter file
        </button>
      </div>
      {fromFile && (
        <p role="status">
          From {pkg.invite.author.name}: {pkg.invite.chapters.map((c) => `“${c.title}”`).join(', ')} of “{pkg.invite.book.title}”.
        </p>
      )}
      <input
        ref={fileInput}
        type="file"
        accept={PACKAGE_EXTENSION}
        hidden
        aria-label="Chapter file to open"
        onChange={(event) => {
          const file = event.target.files?.[0]
          event.target.value = ''
          if (!file) return
          void onReadPackage(file).then((read) => {
            setConfirming(false)
            if (!read.ok) return setError(read.message)
            setPkg(read.pkg)
            setLink(read.pkg.link)
            setError(null)
          })
        }}
      />
    </Dialog>
  )
}
