/**
 * The Content Security Policy for the renderer, in Electron and in the browser
 * host. No inline or remote script; connections only to the app itself and to
 * main's rendezvous bridge on 127.0.0.1: the renderer never talks to a
 * signaling server, broker or any other host itself (WebRTC's own traffic,
 * STUN and TURN included, is not governed by connect-src).
 *
 * The bridge's port is chosen at launch. Where the policy is a header (the
 * browser host) it names the exact origin; the static policy in index.html,
 * which Electron uses, allows any loopback port.
 */
export function contentSecurityPolicy(bridgeOrigins: string[] = ['ws://127.0.0.1:*']): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and ProseMirror set style attributes; no remote stylesheets.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${bridgeOrigins.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The policy with any loopback port allowed for the bridge, as in index.html. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()
