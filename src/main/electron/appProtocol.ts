/**
 * The `app:` scheme the built renderer is served from (Electron's security
 * checklist: prefer a custom protocol to `file://`). Registered as standard
 * and secure, so the page is a normal secure origin (`app://quire`) with
 * module workers, fetch and a Content Security Policy that 'self' covers,
 * and serves only files under the built renderer folder.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { protocol, type Session } from 'electron'
import { APP_SCHEME, contentTypeFor, resolveAppFile } from './appUrl'

const RENDERER_DIR = join(import.meta.dirname, '../renderer')

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ])
}

/** Serves the renderer on `session`; anything outside its folder is a 404. */
export function serveRenderer(session: Session): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, RENDERER_DIR)
    if (!file) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
    try {
      const body = await readFile(file)
      return new Response(body, { headers: { 'Content-Type': contentTypeFor(file), 'X-Content-Type-Options': 'nosniff' } })
    } catch {
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
    }
  })
}
