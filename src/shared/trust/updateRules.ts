/**
 * What a writer's Yjs update may touch, checked before Yjs sees it.
 *
 * Each member writes only their own root (`m:<member id>`); the author also
 * writes the chapter text. An update passes when every struct is under one of
 * the writer's proven client ids, every struct it builds on (origin, right
 * origin, parent) is the writer's own, every new top-level struct sits in a
 * root the writer owns, every deletion hits the writer's own structs, and it
 * stays within the structural limits. Because a writer can only ever place
 * structs next to their own, "own structs only sit in own roots" holds by
 * induction, so a reply can never land in another member's thread and a
 * reviewer can never touch the text. (Yjs deletions name the deleted
 * structs' client ids, which is what makes the last rule checkable.)
 */
import * as Y from 'yjs'
import { TEXT_ROOT, THREADS_ROOT } from '../ydoc'

export interface WriterRights {
  /** Client ids the writer has proven (see clientIds.ts). */
  clients: ReadonlySet<number>
  /** Root types the writer may create structs in. */
  roots: ReadonlySet<string>
}

export interface UpdateLimits {
  /** Deepest nesting of types (an XmlElement in an XmlElement …) one update may build. */
  maxDepth: number
  /** Longest run of text in one struct. */
  maxTextChars: number
  /** Largest JSON value (a comment field) in one struct, in characters. */
  maxValueChars: number
  /** Most structs one update may carry. */
  maxStructs: number
}

/** Generous for a book; far below what would freeze an editor. */
export const DEFAULT_UPDATE_LIMITS: UpdateLimits = {
  maxDepth: 48,
  maxTextChars: 4_000_000,
  maxValueChars: 64_000,
  maxStructs: 2_000_000,
}

/** The root of a member's own contributions in a shared chapter's Y.Doc. */
export function memberRoot(memberId: string): string {
  return `m:${memberId}`
}

/**
 * The roots `memberId` may write: their own, and for the author the chapter
 * text, and the shared comment map of before signing (so the author can carry
 * those comments into a signed share, shown as unverified).
 */
export function rootsFor(memberId: string, isAuthor: boolean): Set<string> {
  return new Set(isAuthor ? [memberRoot(memberId), TEXT_ROOT, THREADS_ROOT] : [memberRoot(memberId)])
}

/** Every client id an update writes under, builds on or deletes from: what its envelope must prove. */
export function clientsOf(update: Uint8Array): Set<number> {
  const { structs, ds } = Y.decodeUpdate(update)
  const clients = new Set<number>(ds.clients.keys())
  for (const struct of structs) {
    clients.add(struct.id.client)
    if (!(struct instanceof Y.Item)) continue
    const parent = (struct as Y.Item & { parent: unknown }).parent
    for (const ref of [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null]) if (ref) clients.add(ref.client)
  }
  return clients
}

type ParentRef = string | Y.ID | null

/** Null when the update keeps to the writer's rights, otherwise why not. Never throws. */
export function checkUpdate(update: Uint8Array, rights: WriterRights, limits: UpdateLimits = DEFAULT_UPDATE_LIMITS): string | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch (error) {
    return `the update cannot be read (${error instanceof Error ? error.message : String(error)})`
  }
  try {
    return checkDecoded(decoded, rights, limits)
  } catch (error) {
    return `the update is malformed (${error instanceof Error ? error.message : String(error)})`
  }
}

const key = (id: Y.ID): string => `${id.client}:${id.clock}`

function checkDecoded(decoded: ReturnType<typeof Y.decodeUpdate>, rights: WriterRights, limits: UpdateLimits): string | null {
  const { structs, ds } = decoded
  if (structs.length > limits.maxStructs) return `the update carries ${structs.length} structs`
  const own = (client: number) => rights.clients.has(client)
  // Where each struct of this update sits, and how deep, for the types it creates.
  const placed = new Placements()
  const depthOf = new Map<string, number>()
  for (const struct of structs) {
    if (!own(struct.id.client)) return `it writes under client id ${struct.id.client}, which is not the writer's`
    if (!(struct instanceof Y.Item)) continue
    const item = struct as Y.Item & { parent: ParentRef }
    for (const ref of [item.origin, item.rightOrigin]) {
      if (ref && !own(ref.client)) return `it places text next to another writer's (client ${ref.client})`
    }
    let parent: ParentRef = item.parent
    if (parent === null && item.origin) parent = placed.parentAt(item.origin)
    if (parent === null && item.rightOrigin) parent = placed.parentAt(item.rightOrigin)
    if (typeof parent === 'string') {
      if (!rights.roots.has(parent)) return `it writes into "${parent.slice(0, 40)}", which the writer does not own`
    } else if (parent instanceof Y.ID && !own(parent.client)) {
      return `it writes inside another writer's structure (client ${parent.client})`
    }
    placed.add(item, parent)
    const problem = checkContent(item, parent, depthOf, limits)
    if (problem) return problem
  }
  for (const client of ds.clients.keys()) {
    if (!own(client)) return `it deletes another writer's structs (client ${client})`
  }
  return null
}

/** The parent of every item of the update by clock range, so an origin anywhere inside an item resolves. */
class Placements {
  private readonly byClient = new Map<number, Array<{ start: number; end: number; parent: ParentRef }>>()

  add(item: Y.Item, parent: ParentRef): void {
    const ranges = this.byClient.get(item.id.client) ?? []
    ranges.push({ start: item.id.clock, end: item.id.clock + item.length, parent })
    this.byClient.set(item.id.client, ranges)
  }

  /** Structs of one client arrive in clock order, so a binary search finds the item holding `id`. */
  parentAt(id: Y.ID): ParentRef {
    const ranges = this.byClient.get(id.client)
    if (!ranges) return null
    let low = 0
    let high = ranges.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const range = ranges[mid]!
      if (id.clock < range.start) high = mid - 1
      else if (id.clock >= range.end) low = mid + 1
      else return range.parent
    }
    return null
  }
}

function checkContent(item: Y.Item, parent: ParentRef, depthOf: Map<string, number>, limits: UpdateLimits): string | null {
  const content = item.content
  if (content instanceof Y.ContentDoc) return 'it embeds a subdocument'
  if (content instanceof Y.ContentString) {
    if (content.str.length > limits.maxTextChars) return `it carries a run of ${content.str.length} characters`
  } else if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) {
    for (const value of content.getContent()) {
      const size = value === undefined ? 0 : JSON.stringify(value)?.length ?? 0
      if (size > limits.maxValueChars) return `it carries a value of ${size} characters`
    }
  } else if (content instanceof Y.ContentBinary) {
    if (content.content.length > limits.maxValueChars) return `it carries ${content.content.length} bytes of binary`
  } else if (content instanceof Y.ContentType) {
    const depth = parent instanceof Y.ID ? (depthOf.get(key(parent)) ?? 0) + 1 : 1
    if (depth > limits.maxDepth) return `it nests types ${depth} deep (at most ${limits.maxDepth})`
    depthOf.set(key(item.id), depth)
  }
  return null
}
