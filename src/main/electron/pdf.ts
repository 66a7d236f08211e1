/**
 * Export PDF in the desktop app: the renderer's print document is loaded in a
 * hidden window with JavaScript off, Chromium prints it with printToPDF (page
 * size and margins from the document's own @page rule), and the user says
 * where to save it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { app, BrowserWindow, dialog } from 'electron'

export async function savePdf(owner: BrowserWindow | undefined, html: string, fileName: string): Promise<{ saved: boolean }> {
  const dir = await mkdtemp(join(app.getPath('temp'), 'quire-print-'))
  const page = join(dir, 'manuscript.html')
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  })
  try {
    await writeFile(page, html, 'utf8')
    await printer.loadFile(page)
    const pdf = await printer.webContents.printToPDF({ preferCSSPageSize: true, printBackground: false, generateDocumentOutline: true })
    const options = { defaultPath: fileName, filters: [{ name: 'PDF document', extensions: ['pdf'] }] }
    const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options)
    if (choice.canceled || !choice.filePath) return { saved: false }
    await writeFile(choice.filePath, pdf)
    return { saved: true }
  } finally {
    printer.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
