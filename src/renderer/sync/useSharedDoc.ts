import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { SyncHub } from './syncHub'

/**
 * The live Y.Doc of a shared chapter from the hub, once it has loaded. Never
 * returns the previous chapter's document while the next one loads.
 */
export function useSharedDoc(hub: SyncHub, docId: string | null): Y.Doc | null {
  const [loaded, setLoaded] = useState<{ docId: string; doc: Y.Doc } | null>(null)
  useEffect(() => {
    if (!docId) return
    let live = true
    void hub.doc(docId).then((doc) => live && doc && setLoaded({ docId, doc }))
    return () => {
      live = false
    }
  }, [hub, docId])
  return loaded && loaded.docId === docId ? loaded.doc : null
}
