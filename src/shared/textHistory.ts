/**
 * The chapter text of one Y.Doc that another lacks, as an update that carries
 * nothing else.
 *
 * The author's share replica is fed one way from the manuscript, so its text
 * root holds exactly the manuscript's own structs, beside the members'
 * comment roots. When the manuscript lost changes on disk, the replica still
 * has them under their original ids: handing the manuscript those structs
 * (and never the comment roots, nor anyone else's client ids) makes the two
 * one history again, where re-typing or pasting the text would make two.
 *
 * Yjs has no public way to encode part of a document, so this writes the
 * update format itself, the way Yjs' own `writeStructs` and `writeDeleteSet`
 * do, for the clients that wrote the text root.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { TEXT_ROOT } from './ydoc'

/** Every client id with a struct in `doc`'s text root, deleted ones included. */
export function textClients(doc: Y.Doc): Set<number> {
  const clients = new Set<number>()
  const visit = (item: Y.Item | null, follow: 'right' | 'left') => {
    for (let at = item; at !== null; at = at[follow]) {
      clients.add(at.id.client)
      if (at.content instanceof Y.ContentType) walk(at.content.type)
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shared type: the fragment, an element, a text
  const walk = (type: Y.AbstractType<any>) => {
    visit(type._start, 'right')
    // Attributes (a heading's level): every value ever set, overwritten ones too.
    for (const item of type._map.values()) visit(item, 'left')
  }
  walk(doc.getXmlFragment(TEXT_ROOT))
  return clients
}

/**
 * An update holding the text-root structs and deletions of `source` that
 * `target` does not have, or null when `target` has all of them.
 */
export function textAhead(source: Y.Doc, target: Y.Doc): Uint8Array | null {
  const clients = textClients(source)
  const have = Y.decodeStateVector(Y.encodeStateVector(target))
  const missing = [...clients].filter((client) => Y.getState(source.store, client) > (have.get(client) ?? 0)).sort((a, b) => b - a)
  const deletions = textDeletions(source, clients)
  const theirs = textDeletions(target, clients)
  if (missing.length === 0 && Y.equalDeleteSets(deletions, theirs)) return null

  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, missing.length)
  for (const client of missing) {
    const structs = source.store.clients.get(client)!
    const clock = have.get(client) ?? 0
    const start = Y.findIndexSS(structs, clock)
    encoding.writeVarUint(encoder.restEncoder, structs.length - start)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, clock)
    structs[start]!.write(encoder, clock - structs[start]!.id.clock)
    for (let i = start + 1; i < structs.length; i++) structs[i]!.write(encoder, 0)
  }
  const entries = [...deletions.clients].sort((a, b) => b[0] - a[0])
  encoding.writeVarUint(encoder.restEncoder, entries.length)
  for (const [client, ranges] of entries) {
    encoder.resetDsCurVal()
    encoding.writeVarUint(encoder.restEncoder, client)
    encoding.writeVarUint(encoder.restEncoder, ranges.length)
    for (const range of ranges) {
      encoder.writeDsClock(range.clock)
      encoder.writeDsLen(range.len)
    }
  }
  return encoder.toUint8Array()
}

/** The deletions of `doc` among the structs of `clients`. */
function textDeletions(doc: Y.Doc, clients: Set<number>): ReturnType<typeof Y.createDeleteSet> {
  const all = Y.createDeleteSetFromStructStore(doc.store)
  for (const client of [...all.clients.keys()]) if (!clients.has(client)) all.clients.delete(client)
  return all
}
