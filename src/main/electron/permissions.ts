/**
 * Which web permissions a page gets, and whether spell-check dictionaries may
 * be downloaded: pure decisions the session handlers in index.ts apply.
 */
import { isRendererOrigin } from './appUrl'

type Env = Readonly<Record<string, string | undefined>>

export interface PermissionAsk {
  permission: string
  /** The requesting page's URL or origin. */
  requestingUrl: string | undefined
  isMainFrame: boolean
}

/**
 * Everything is refused, with one exception: our own page, in its top frame,
 * may write sanitized text to the clipboard, which *Copy invite* needs
 * (`navigator.clipboard.writeText`; the browser still requires a user
 * gesture). Reading the clipboard, the camera, notifications, and every
 * permission Electron adds later stay refused.
 */
export function isPermissionGranted(ask: PermissionAsk, env: Env = process.env): boolean {
  return ask.permission === 'clipboard-sanitized-write' && ask.isMainFrame && isRendererOrigin(ask.requestingUrl, env)
}

export interface SpellcheckPolicy {
  enabled: boolean
  /** Set instead of Chromium's default (a Google CDN), so nothing is fetched from a third party. */
  dictionaryDownloadUrl: string
}

/**
 * On macOS the system's spell checker is used and nothing is downloaded. On
 * Windows and Linux, Chromium would fetch Hunspell dictionaries from a Google
 * CDN: spell checking stays off there, and the download address points at our
 * own scheme, which serves no dictionaries, so nothing leaves the computer.
 */
export function spellcheckPolicy(platform: NodeJS.Platform): SpellcheckPolicy {
  return { enabled: platform === 'darwin', dictionaryDownloadUrl: 'app://quire/no-dictionaries/' }
}
