import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { SyncHub } from './syncHub'

/**
 * The live Y.Doc of a shared chapter from the hub, once it has loaded. Never
 * returns the previous chapter's document while the next one loads, and
 * follows the chapter when a new epoch of its share (after a member was
 * removed) reopens it in a new room with a new document.
 */
export function useSharedDoc(hub: SyncHub, docId: string | null): Y.Doc | null {
  const [loaded, setLoaded] = useState<{ docId: string; doc: Y.Doc } | null>(null)
  useEffect(() => {
    if (!docId) return
    let live = true
    const show = (doc: Y.Doc | null) => {
      if (live && doc) setLoaded((shown) => (shown?.docId === docId && shown.doc === doc ? shown : { docId, doc }))
    }
    void hub.doc(docId).then(show)
    const unsubscribe = hub.subscribe(() => show(hub.currentDoc(docId)))
    return () => {
      live = false
      unsubscribe()
    }
  }, [hub, docId])
  return loaded && loaded.docId === docId ? loaded.doc : null
}
