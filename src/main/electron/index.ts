/**
 * Electron entry: one instance, one window, the shared services behind the
 * typed IPC contract. Everything else lives in src/main/services.
 */
import { app, session, type BrowserWindow, type Session } from 'electron'
import { openServices } from '../services/services'
import { registerAppScheme, serveRenderer } from './appProtocol'
import { resolveDataDir } from './dataDir'
import { registerIpc, sendEvent } from './ipc'
import { installMenu } from './menu'
import { savePdf } from './pdf'
import { isPermissionGranted, spellcheckPolicy } from './permissions'
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

// Privileged schemes can only be registered before the app is ready.
registerAppScheme()

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

/** Applies the renderer scheme, the permission decisions and the spell-check policy to a session. */
function secureSession(target: Session): void {
  serveRenderer(target)
  // Chromium checks a permission before asking for it: both answers come from one decision.
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted({ permission, requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }),
  )
  target.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame })),
  )
  const spellcheck = spellcheckPolicy(process.platform)
  target.setSpellCheckerDictionaryDownloadURL(spellcheck.dictionaryDownloadUrl)
  target.setSpellCheckerEnabled(spellcheck.enabled)
}

async function start(): Promise<void> {
  secureSession(session.defaultSession)
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
