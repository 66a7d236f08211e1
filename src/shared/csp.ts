/**
 * The Content Security Policy for the renderer, in Electron and in the browser
 * host. No inline or remote script; connections only to the app itself and to
 * WebSocket endpoints (the host's bridge, and signaling servers for sync).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React and ProseMirror set style attributes; no remote stylesheets.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
