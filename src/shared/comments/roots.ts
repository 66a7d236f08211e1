/**
 * Finding things in the members' roots of a shared chapter (`m:<member id>`),
 * for every reader of comments and review rounds.
 */
import * as Y from 'yjs'
import { isSealedBox } from '../review/box'
import { MAX_NAME_CHARS, type CommentsContext } from './model'

export const MEMBER_ROOT_PREFIX = 'm:'
export const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
export const clip = (name: string): string => name.trim().slice(0, MAX_NAME_CHARS)

/** Member ids that have a root in the chapter. */
export function membersIn(doc: Y.Doc): string[] {
  return [...doc.share.keys()].filter((name) => name.startsWith(MEMBER_ROOT_PREFIX)).map((name) => name.slice(MEMBER_ROOT_PREFIX.length))
}

/** A part (a Y.Map) of a member's root, or null. */
export function part(doc: Y.Doc, memberId: string, name: string): Y.Map<unknown> | null {
  const root = doc.share.get(MEMBER_ROOT_PREFIX + memberId)
  if (!root) return null
  const value = doc.getMap<unknown>(MEMBER_ROOT_PREFIX + memberId).get(name)
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null
}

/**
 * What a sealed entry says, opened with the reader's key: null when the
 * reader cannot open it (or not yet), so the entry is not shown.
 */
export function openSealedFields(box: unknown, context: CommentsContext): Record<string, unknown> | null {
  if (!isSealedBox(box)) return null
  const text = context.unseal?.(box)
  if (typeof text !== 'string') return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** A member's display name for comments, clipped; "Former member" when unknown. */
export function nameOf(memberId: string, context: CommentsContext): string {
  return clip(context.nameOf(memberId) ?? 'Former member') || 'Former member'
}

