/**
 * What kind of file the user picked, from its first bytes, before anything
 * tries to read it as a Word document; and the plain words for each reason
 * an import can fail. A .docx is a zip file. A password-protected .docx is
 * not: Word encrypts the zip and wraps it in an OLE compound file (the
 * format of the old .doc) holding an `EncryptedPackage` stream.
 */

export type WordFileKind = 'docx' | 'encrypted' | 'legacy-doc' | 'not-word'

/** Why an import stopped before creating anything. */
export type ImportFailure = 'not-word' | 'damaged' | 'encrypted' | 'legacy-doc' | 'empty' | 'too-large'

/** Largest Word document accepted: images make .docx files big; 100,000 words of text take about 1 MB. */
export const MAX_WORD_FILE_BYTES = 100 * 1024 * 1024

const ZIP = [0x50, 0x4b, 0x03, 0x04]
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06]
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b)

/** Stream names in an OLE directory are UTF-16LE. */
function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) pattern[i * 2] = text.charCodeAt(i)
  const first = pattern[0]!
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - pattern.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer
    return true
  }
  return false
}

export function sniffWordFile(bytes: Uint8Array): WordFileKind {
  if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return 'docx'
  if (!startsWith(bytes, OLE)) return 'not-word'
  if (containsUtf16(bytes, 'EncryptedPackage')) return 'encrypted'
  if (containsUtf16(bytes, 'WordDocument')) return 'legacy-doc'
  return 'not-word'
}

/** What to tell the user, and what they can do about it. */
export function importFailureMessage(reason: ImportFailure, fileName: string): string {
  const name = `“${fileName}”`
  switch (reason) {
    case 'not-word':
      return `${name} is not a Word document. Quire imports .docx files: in your word processor, choose Save As → Word Document (.docx), then import that file.`
    case 'damaged':
      return `${name} is damaged and could not be read. Open it in Word (which can often repair it), save it again, and import the new copy.`
    case 'encrypted':
      return `${name} is protected with a password. In Word, remove the password (File → Info → Protect Document → Encrypt with Password, then clear it), save, and import it again.`
    case 'legacy-doc':
      return `${name} is an older Word document (.doc). Open it in Word and save it as a Word Document (.docx), then import that file.`
    case 'empty':
      return `${name} has no text to import.`
    case 'too-large':
      return `${name} is too large to import (100 MB at most). Save a copy without images and import that.`
  }
}
