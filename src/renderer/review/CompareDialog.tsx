/**
 * Compare versions: any two of a chapter's saved versions (drafts shared
 * included) and its current text, paragraph by paragraph, changed
 * paragraphs word by word.
 */
import type { Node } from 'prosemirror-model'
import { useEffect, useId, useMemo, useState } from 'react'
import { initProseMirrorDoc } from 'y-prosemirror'
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import type { ChapterVersion } from '../../shared/library'
import { diffBlocks, type BlockDiff } from '../../shared/review/diff'
import { blockTexts } from '../../shared/review/drafts'
import { schema } from '../../shared/schema'
import { TEXT_ROOT } from '../../shared/ydoc'
import { Dialog } from '../ui/Dialog'
import { DiffParts } from './DiffText'

const CURRENT = 'current'

async function versionText(api: QuireApi, versionId: string): Promise<string[]> {
  const doc = new Y.Doc()
  try {
    const update = await api['doc:load']({ docId: versionId })
    if (update.byteLength > 0) Y.applyUpdate(doc, update)
    return blockTexts(initProseMirrorDoc(doc.getXmlFragment(TEXT_ROOT), schema).doc)
  } finally {
    doc.destroy()
  }
}

interface CompareDialogProps {
  api: QuireApi
  versions: readonly ChapterVersion[]
  current: Node
  onClose: () => void
}

export function CompareDialog({ api, versions, current, onClose }: CompareDialogProps) {
  const [from, setFrom] = useState(versions[versions.length - 1]?.id ?? CURRENT)
  const [to, setTo] = useState(CURRENT)
  const [texts, setTexts] = useState<Record<string, string[]>>({})
  const [error, setError] = useState<string | null>(null)
  const fromId = useId()
  const toId = useId()
  const currentText = useMemo(() => blockTexts(current), [current])

  useEffect(() => {
    for (const id of [from, to]) {
      if (id === CURRENT || texts[id]) continue
      versionText(api, id).then(
        (blocks) => setTexts((known) => ({ ...known, [id]: blocks })),
        () => setError('That version could not be read. It may have been damaged; the others are unaffected.'),
      )
    }
  }, [api, from, to, texts])

  const textOf = (id: string) => (id === CURRENT ? currentText : texts[id])
  const a = textOf(from)
  const b = textOf(to)
  const diff = a && b ? diffBlocks(a, b) : null
  const options = [...versions.map((v) => ({ id: v.id, label: `${v.name} · ${new Date(v.savedAt).toLocaleString()}` })), { id: CURRENT, label: 'Current text' }]

  return (
    <Dialog title="Compare versions" submitLabel="Done" cancelLabel={null} wide onSubmit={onClose} onCancel={onClose}>
      {versions.length === 0 && <p>No saved versions of this chapter yet. Use Save version to keep the text as it reads now.</p>}
      <div className="field-row">
        <label className="field" htmlFor={fromId}>
          <span>From</span>
          <select id={fromId} value={from} onChange={(event) => setFrom(event.target.value)}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={toId}>
          <span>To</span>
          <select id={toId} value={to} onChange={(event) => setTo(event.target.value)}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {diff ? <BlockDiffView diff={diff} /> : !error && <p role="status">Reading the versions…</p>}
    </Dialog>
  )
}

/** Paragraphs with their changes; long unchanged stretches fold to a line. */
export function BlockDiffView({ diff }: { diff: readonly BlockDiff[] }) {
  const changes = diff.filter((d) => d.op !== 'same').length
  const rows: Array<BlockDiff | { op: 'fold'; count: number }> = []
  for (let i = 0; i < diff.length; i++) {
    if (diff[i]!.op !== 'same') {
      rows.push(diff[i]!)
      continue
    }
    let j = i
    while (j < diff.length && diff[j]!.op === 'same') j++
    const run = diff.slice(i, j)
    if (run.length > 3) rows.push(run[0]!, { op: 'fold', count: run.length - 2 }, run[run.length - 1]!)
    else rows.push(...run)
    i = j - 1
  }
  return (
    <div className="block-diff" role="region" aria-label="Differences">
      <p className="hint" role="status">
        {changes === 0 ? 'The two read the same.' : `${changes} ${changes === 1 ? 'paragraph differs' : 'paragraphs differ'}.`}
      </p>
      {rows.map((row, i) =>
        row.op === 'fold' ? (
          <p key={i} className="diff-fold">
            … {row.count} unchanged paragraphs …
          </p>
        ) : row.op === 'change' ? (
          <p key={i} className="diff-block changed">
            <DiffParts parts={row.parts} />
          </p>
        ) : (
          <p key={i} className={`diff-block ${row.op}`}>
            {row.op === 'same' ? row.text : row.op === 'delete' ? <del><span className="visually-hidden">removed: </span>{row.text}</del> : <ins><span className="visually-hidden">added: </span>{row.text}</ins>}
          </p>
        ),
      )}
    </div>
  )
}
