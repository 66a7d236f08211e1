/**
 * Chapter packages, for a reviewer the author cannot meet online: the author
 * saves an invite with the signed text of its chapters as one `.quire` file
 * (main seals it); the reviewer opens it like an invite, and the text goes
 * into the joined chapters through the same checks as a peer's changes.
 */
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { MAX_PACKAGE_BYTES, openChapterPackage, PACKAGE_EXTENSION, type ChapterPackage, type PackageResult } from '../../shared/trust/chapterPackage'
import { fileSafe, saveBlob } from '../library/markdownFiles'
import type { SyncHub } from '../sync/syncHub'

/** Author: saves the invite `link` with its chapters' text as a `.quire` file; returns its name. */
export async function saveChapterPackage(api: QuireApi, link: string, title: string): Promise<string> {
  const bytes = await api['package:save']({ link })
  const fileName = `${fileSafe(`${title} - for review`)}${PACKAGE_EXTENSION}`
  saveBlob(fileName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }))
  return fileName
}

/** Reads a chapter package the user picked; a plain message for anything that is not a sound one. */
export async function readChapterPackage(file: File): Promise<PackageResult> {
  if (file.size > MAX_PACKAGE_BYTES) return { ok: false, message: `“${file.name}” is too large to be a chapter file (64 MB at most).` }
  return openChapterPackage(new Uint8Array(await file.arrayBuffer()))
}

/**
 * Reviewer: joins with the package's invite (exactly as with a pasted link:
 * same checks, same questions), then merges each chapter's text into the
 * joined chapter as if the author had sent it. `adopt` hands the new library
 * to the window, which opens the chapters' rooms.
 */
export async function joinFromPackage(
  api: QuireApi,
  hub: SyncHub,
  pkg: ChapterPackage,
  trustNewKey: boolean,
  adopt: (snapshot: LibrarySnapshot) => void,
): Promise<void> {
  const snapshot = await api['invite:join']({ link: pkg.link, trustNewKey })
  adopt(snapshot)
  const joined = snapshot.joined.find((j) => j.id === pkg.invite.shareId)
  const writer = pkg.chapters[0]?.envelopes[0]?.writer
  if (!joined || !writer) return
  for (const chapter of pkg.chapters) {
    const docId = joined.chapters.find((c) => c.docKey === chapter.docKey)?.docId
    if (!docId) continue
    // The room opens once the window has the new library.
    await hub.doc(docId)
    const merged = await hub.mergeFile(docId, { writer, binding: null, envelopes: chapter.envelopes })
    if (!merged.ok) throw new Error('Quire joined the share, but refused the chapter text in this file. It arrives when you and the author are online at the same time.')
  }
}
