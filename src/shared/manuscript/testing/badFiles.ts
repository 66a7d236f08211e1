/**
 * Files a user might pick by mistake, made the way the programs that write
 * them do: an OLE compound file holding an encrypted package (what Word saves
 * for a password-protected .docx) or a `WordDocument` stream (an old .doc),
 * a truncated .docx, and something that is no Word document at all.
 */
import * as CFB from 'cfb'

function compoundFile(streams: Record<string, Uint8Array>): Uint8Array {
  const container = CFB.utils.cfb_new()
  for (const [name, content] of Object.entries(streams)) CFB.utils.cfb_add(container, `/${name}`, content)
  return new Uint8Array(CFB.write(container, { type: 'array' }) as ArrayLike<number>)
}

const filler = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff)

/** The layout of an agile-encrypted OOXML package (MS-OFFCRYPTO 2.3.4.10): version 4.4, then the XML descriptor. */
export function passwordProtectedDocx(): Uint8Array {
  const descriptor = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>')
  const info = new Uint8Array(8 + descriptor.length)
  info.set([4, 0, 4, 0, 0x40, 0, 0, 0])
  info.set(descriptor, 8)
  return compoundFile({ EncryptionInfo: info, EncryptedPackage: filler(8192, 7), '\u0006DataSpaces/Version': filler(64, 1) })
}

export function legacyWordDocument(): Uint8Array {
  return compoundFile({ WordDocument: filler(4096, 3), '1Table': filler(1024, 5) })
}

/** The first half of a good .docx, as a broken download leaves it. */
export function truncated(docx: Uint8Array): Uint8Array {
  return docx.slice(0, Math.floor(docx.length / 2))
}

export function notAWordDocument(): Uint8Array {
  return new TextEncoder().encode('%PDF-1.7\n% Not a Word document at all\n')
}
