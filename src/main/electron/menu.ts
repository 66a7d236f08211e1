import { Menu, type MenuItemConstructorOptions } from 'electron'

/** The standard application menu; editing commands reach the focused editor through their roles. */
export function installMenu(): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [] },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
