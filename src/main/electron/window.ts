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
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
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
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl())
  return window
}
