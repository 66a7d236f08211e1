/**
 * Where the browser host's IPC socket is, seen from a page it served. The
 * host puts its launch key first in every path (`/<key>/…`), so the socket is
 * `/<key>/ipc` whichever page under it asks (the app, or a bench page deeper in).
 */
export function ipcSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'pathname'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const key = location.pathname.split('/')[1] ?? ''
  return `${scheme}//${location.host}/${key}/ipc`
}
