import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { SyncHub } from './syncHub'

/** The live Y.Doc of a shared chapter from the hub, once it has loaded. */
export function useSharedDoc(hub: SyncHub, docId: string | null): Y.Doc | null {
  const [doc, setDoc] = useState<Y.Doc | null>(null)
  useEffect(() => {
    setDoc(null)
    if (!docId) return
    let live = true
    void hub.doc(docId).then((found) => live && setDoc(found))
    return () => {
      live = false
    }
  }, [hub, docId])
  return doc
}
