/**
 * Electron entry: one instance, one window, the shared services behind the
 * typed IPC contract. Everything else lives in src/main/services.
 */
import { app, session, type BrowserWindow } from 'electron'
import { openServices } from '../services/services'
import { resolveDataDir } from './dataDir'
import { registerIpc, sendEvent } from './ipc'
import { installMenu } from './menu'
import { createMainWindow, lockDown } from './window'

let mainWindow: BrowserWindow | undefined

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('web-contents-created', (_event, contents) => lockDown(contents))
  app.on('window-all-closed', () => app.quit())
  void app.whenReady().then(start)
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  const dataDir = resolveDataDir(process.argv.slice(1), process.env, app.getPath('userData'))
  const services = await openServices(dataDir, {
    emit: (event, payload) => sendEvent(mainWindow?.webContents, event, payload),
  })
  registerIpc(services.handlers)
  installMenu()
  mainWindow = createMainWindow()
  app.on('before-quit', (event) => {
    event.preventDefault()
    app.removeAllListeners('before-quit')
    void services.close().finally(() => app.quit())
  })
}
