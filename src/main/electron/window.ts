/**
 * The main window with Electron's security defaults: isolated, sandboxed, no
 * Node in the renderer, served from app://quire (not file://), no navigation
 * away from the app, no new windows; external links go to the system browser
 * after validation.
 */
import { join } from 'node:path'
import { BrowserWindow, shell, type WebContents } from 'electron'
import { isSafeExternalUrl } from '../../shared/urls'
import { rendererUrl } from './appUrl'

/** Applied to every web contents the app ever creates. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // Reviewed for OPEN_EXTERNAL_JS_CHECK: only http(s) and mailto links that
    // isSafeExternalUrl accepts reach the system browser; file:, custom schemes
    // and anything unparsable are dropped.
    if (isSafeExternalUrl(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' }
  })
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Quire',
    backgroundColor: '#faf8f4',
    webPreferences: {
      // Reviewed for PRELOAD_JS_CHECK: the sandboxed preload exposes through
      // contextBridge only the IPC contract's channels, never ipcRenderer itself.
      preload: join(import.meta.dirname, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A middle click must not open links in new windows (the window open handler denies them too).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl())
  return window
}
