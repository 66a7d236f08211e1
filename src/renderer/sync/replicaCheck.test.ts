import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chapterDoc, edit, find } from '../../shared/testing/editor'
import { TEXT_ROOT } from '../../shared/ydoc'
import { compareWithReplica } from './replicaCheck'

/** A manuscript, a replica fed from it, and the manuscript as it was before `later` ran (what a damaged disk kept). */
function losing(later: (fragment: Y.XmlFragment) => void) {
  const manuscript = chapterDoc(['The ferry came in at six.'])
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(manuscript))
  manuscript.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update))
  const kept = new Y.Doc()
  Y.applyUpdate(kept, Y.encodeStateAsUpdate(manuscript))
  later(manuscript.getXmlFragment(TEXT_ROOT))
  return { replica, kept }
}

describe('compareWithReplica', () => {
  it('finds nothing when the manuscript holds everything', () => {
    const { replica } = losing(() => {})
    const manuscript = new Y.Doc()
    Y.applyUpdate(manuscript, Y.encodeStateAsUpdate(replica))
    expect(compareWithReplica(replica, manuscript)).toEqual({ kind: 'same' })
  })

  it('counts the words the manuscript lost', () => {
    const { replica, kept } = losing((fragment) => edit(fragment, (tr) => tr.insertText(' Nobody met it.', find(tr.doc, 'six.').to)))
    expect(compareWithReplica(replica, kept)).toMatchObject({ kind: 'text', words: 3 })
  })

  it('tells lost history that changes nothing on the page from lost text', () => {
    const { replica, kept } = losing((fragment) => {
      edit(fragment, (tr) => tr.insertText(' Nobody', find(tr.doc, 'six.').to))
      edit(fragment, (tr) => tr.delete(find(tr.doc, ' Nobody').from, find(tr.doc, ' Nobody').to))
    })
    expect(compareWithReplica(replica, kept).kind).toBe('history')
  })
})
