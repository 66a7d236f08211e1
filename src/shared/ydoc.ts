/**
 * Names of the roots inside every chapter's Y.Doc. One Y.Doc per chapter;
 * comments (added with peer review) live beside the text, never inside it.
 */
export const TEXT_ROOT = 'prosemirror'
