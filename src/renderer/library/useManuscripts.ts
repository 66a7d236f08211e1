/**
 * Word and PDF in and out, as the window's dialogs call them: each action
 * resolves with an error message for the dialog to show, or null when done,
 * and tells the user what happened.
 */
import { useCallback, useMemo, type RefObject } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { Book, Chapter, LibrarySnapshot } from '../../shared/library'
import type { ImportedChapter } from '../../shared/manuscript/importChapters'
import type { ManuscriptSettings } from '../../shared/sharing'
import type { ChapterEditor } from '../editor/useChapterEditor'
import type { SyncHub } from '../sync/syncHub'
import type { Unsealer } from '../review/unsealer'
import type { ExportFormat } from './ExportDialog'
import { exportPdf, exportWordDocument, gatherManuscript, replicaOf, type ExportChoice } from './manuscriptExport'
import { messageOf } from './useLibrary'
import { createImportedChapters, type ImportProgress, type ImportTarget } from './wordImport'

export interface ManuscriptActions {
  importWord(target: ImportTarget, chapters: ImportedChapter[], fileName: string, onProgress: (progress: ImportProgress) => void): Promise<string | null>
  exportManuscript(format: ExportFormat, book: Book, chapter: Chapter | null, choice: ExportChoice, onProgress: (label: string) => void): Promise<string | null>
  /** What the export dialog starts with: the last export's details, or the author's name. */
  exportDefaults(): ManuscriptSettings
  /** Whether any chapter of the export is shared (and so may carry comments). */
  mayHaveComments(book: Book, chapter: Chapter | null): boolean
}

export function useManuscripts(
  api: QuireApi,
  hub: SyncHub,
  snapshot: LibrarySnapshot | null,
  editor: RefObject<ChapterEditor | null>,
  adopt: (next: LibrarySnapshot) => void,
  toast: (message: string, tone?: 'info' | 'error') => void,
  unsealer?: Unsealer,
): ManuscriptActions {
  const importWord = useCallback<ManuscriptActions['importWord']>(
    async (target, chapters, fileName, onProgress) => {
      try {
        adopt(await createImportedChapters(api, target, chapters, onProgress))
        toast(`Imported ${chapters.length === 1 ? 'one chapter' : `${chapters.length} chapters`} from “${fileName}”.`)
        return null
      } catch (error) {
        // Whatever was created before the failure was moved to the Trash: show the library as it is now.
        void api['library:get']({}).then(adopt, () => {})
        return messageOf(error)
      }
    },
    [api, adopt, toast],
  )

  const exportManuscript = useCallback<ManuscriptActions['exportManuscript']>(
    async (format, book, chapter, choice, onProgress) => {
      if (!snapshot) return 'Quire is still starting.'
      try {
        adopt(await api['settings:set']({ manuscript: { ...choice.contact, font: choice.font } }))
        const open = editor.current
        // The view's own state: React's copy lags behind typing (it is refreshed only when the toolbar or panel change).
        const view = open?.status === 'ready' && open.view && !open.view.isDestroyed ? open.view : null
        const live = view && snapshot.session.chapterId ? { chapterId: snapshot.session.chapterId, state: view.state } : null
        const chapters = chapter ? [chapter] : book.chapters
        const manuscript = await gatherManuscript({ api, hub, snapshot, live, ...(unsealer ? { unsealer } : {}) }, book, chapters, chapter ? 'chapter' : 'book', choice, (done, total) =>
          onProgress(done < total ? `Reading chapter ${done + 1} of ${total}…` : format === 'docx' ? 'Writing the Word document…' : 'Preparing the pages…'),
        )
        const title = chapter ? `${book.title} - ${chapter.title}` : book.title
        if (format === 'docx') toast(`Exported “${await exportWordDocument(manuscript, title)}”.`)
        // In the browser the print dialog itself is the answer; the desktop app saves the file and says so.
        else if ((await exportPdf(api, manuscript, title)) && window.quireBridge) toast('Saved the PDF.')
        return null
      } catch (error) {
        return messageOf(error)
      }
    },
    [api, hub, snapshot, editor, adopt, toast, unsealer],
  )

  const exportDefaults = useCallback(
    (): ManuscriptSettings => snapshot?.settings.manuscript ?? { name: snapshot?.profile?.name ?? '', address: '', email: '', phone: '', font: 'times' },
    [snapshot],
  )
  const mayHaveComments = useCallback(
    (book: Book, chapter: Chapter | null) => !!snapshot && (chapter ? [chapter] : book.chapters).some((c) => replicaOf(snapshot, c.id) !== null),
    [snapshot],
  )

  return useMemo(() => ({ importWord, exportManuscript, exportDefaults, mayHaveComments }), [importWord, exportManuscript, exportDefaults, mayHaveComments])
}
