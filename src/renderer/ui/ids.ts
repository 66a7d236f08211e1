import { toBase64Url } from '../../shared/identity'

/** A random id for comments and replies: 96 bits, file- and URL-safe. */
export function randomId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(12)))
}
