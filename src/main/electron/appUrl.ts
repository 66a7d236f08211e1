/**
 * Where the renderer comes from in the desktop app, as pure decisions that
 * need no Electron: the built renderer is served from `app://quire/…` (a
 * privileged custom scheme; see appProtocol.ts), never from `file://`, so a
 * page gets exactly the rights of one origin and no file-system reach.
 * `npm run dev` serves it from electron-vite's dev server instead
 * (ELECTRON_RENDERER_URL).
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { isSameDocument } from '../../shared/urls'

export const APP_SCHEME = 'app'
export const APP_HOST = 'quire'
/** The built renderer's entry page. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

type Env = Readonly<Record<string, string | undefined>>

/** The URL the main window loads: the dev server in development, our scheme otherwise. */
export function rendererUrl(env: Env = process.env): string {
  return env.ELECTRON_RENDERER_URL ?? APP_ENTRY_URL
}

/** Only our own renderer's page may call main. */
export function isTrustedSenderUrl(url: string | undefined, env: Env = process.env): boolean {
  return isSameDocument(url, rendererUrl(env))
}

/**
 * Whether a URL or origin (`app://quire`) is our renderer's origin. Compared
 * by scheme and host, because WHATWG URLs give custom schemes an opaque origin.
 */
export function isRendererOrigin(urlOrOrigin: string | undefined, env: Env = process.env): boolean {
  if (!urlOrOrigin) return false
  try {
    const actual = new URL(urlOrOrigin)
    const wanted = new URL(rendererUrl(env))
    return actual.protocol === wanted.protocol && actual.host === wanted.host
  } catch {
    return false
  }
}

/**
 * The file under `root` that an `app://quire/…` request names, or undefined
 * when the request is for another host or would leave `root` (`..`, encoded
 * slashes, backslashes, NUL). `/` is the entry page.
 */
export function resolveAppFile(requestUrl: string, root: string): string | undefined {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return undefined
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
  if (path.includes('\0') || path.includes('\\')) return undefined
  if (path === '/' || path === '') path = '/index.html'
  const base = resolve(root)
  const file = resolve(base, `.${path}`)
  const inside = relative(base, file)
  if (!inside || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined
  return file
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/** The Content-Type to serve a renderer file with (module scripts need a JavaScript type). */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}
