/**
 * Electron entry: one instance, one window, the shared services behind the
 * typed IPC contract. Everything else lives in src/main/services.
 */
import { app, session, type BrowserWindow } from 'electron'
import { openServices } from '../services/services'
import { resolveDataDir } from './dataDir'
import { registerIpc, sendEvent } from './ipc'
import { installMenu } from './menu'
import { savePdf } from './pdf'
import { inviteFromArgv, registerProtocolClient } from './protocol'
import { safeStorageProtector } from './secrets'
import { createMainWindow, lockDown } from './window'

let mainWindow: BrowserWindow | undefined
/** An invite that arrived before the window could show it. */
let pendingInvite: string | undefined = inviteFromArgv(process.argv)

function openInvite(link: string): void {
  if (!mainWindow || mainWindow.webContents.isLoading()) {
    pendingInvite = link
    return
  }
  sendEvent(mainWindow.webContents, 'invite:opened', { link })
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', (_event, argv) => {
    const link = inviteFromArgv(argv)
    if (link) openInvite(link)
    else if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  app.on('open-url', (event, url) => {
    event.preventDefault()
    openInvite(url)
  })
  app.on('web-contents-created', (_event, contents) => lockDown(contents))
  app.on('window-all-closed', () => app.quit())
  void app.whenReady().then(start)
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  registerProtocolClient()
  const dataDir = resolveDataDir(process.argv.slice(1), process.env, app.getPath('userData'))
  const services = await openServices(dataDir, {
    emit: (event, payload) => sendEvent(mainWindow?.webContents, event, payload),
    protector: safeStorageProtector(),
    savePdf: (html, fileName) => savePdf(mainWindow, html, fileName),
  })
  registerIpc(services.handlers)
  installMenu()
  mainWindow = createMainWindow()
  mainWindow.webContents.on('did-finish-load', () => {
    if (pendingInvite) {
      const link = pendingInvite
      pendingInvite = undefined
      openInvite(link)
    }
  })
  app.on('before-quit', (event) => {
    event.preventDefault()
    app.removeAllListeners('before-quit')
    void services.close().finally(() => app.quit())
  })
}
