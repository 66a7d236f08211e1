/**
 * The browser host's per-launch key. The Origin check alone keeps other web
 * pages out, but any local process can send whatever Origin header it likes;
 * a random key that only the printed address carries keeps those out too.
 *
 * The key is the first path segment — `http://127.0.0.1:PORT/<key>/` — so the
 * page's relative asset URLs, its workers and the IPC socket (`/<key>/ipc`)
 * all carry it without a cookie or any change to the built renderer.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 256 bits from the operating system's CSPRNG, URL-safe. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * Compares in constant time. Both sides are hashed first so that inputs of
 * any length compare without an early exit on the length.
 */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

export type TokenPath =
  /** The key is right; `path` is what follows it, always starting with '/'. */
  | { kind: 'ok'; path: string }
  /** The key is right but the trailing slash is missing: send the browser to `location`. */
  | { kind: 'redirect'; location: string }
  | { kind: 'refused' }

/** Checks the key in a request path (`/<key>/rest?query`) and strips it. */
export function checkTokenPath(requestUrl: string | undefined, token: string): TokenPath {
  const match = /^\/([^/?#]*)(.*)$/s.exec(requestUrl ?? '')
  if (!match || !tokensMatch(match[1]!, token)) return { kind: 'refused' }
  const rest = match[2]!
  if (rest.startsWith('/')) return { kind: 'ok', path: rest }
  return { kind: 'redirect', location: `/${token}/${rest}` }
}

/** What a request without the right key is told (never the key itself). */
export const MISSING_TOKEN_MESSAGE =
  'Quire refused this request: open the full address Quire printed when it started, including the key after the port number.\n'
