/**
 * Names of the roots inside every chapter's Y.Doc. One Y.Doc per chapter;
 * comments (added with peer review) live beside the text, never inside it.
 */
export const TEXT_ROOT = 'prosemirror'

/** The comment threads of a chapter: a Y.Map from thread id to thread (see `comments.ts`). */
export const THREADS_ROOT = 'threads'
