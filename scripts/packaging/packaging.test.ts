/**
 * The packaging configuration, checked without packaging (which downloads
 * Electron): electron-builder's own schema accepts it, every platform's
 * installer is listed, invite links open Quire, the afterPack hook really
 * flips each fuse in an Electron-style fuse wire, and the icons have the
 * sizes each platform needs.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { INVITE_PREFIX } from '../../src/shared/invite'
import { makeTempDir, type TempDir } from '../../src/main/services/testing/tempDir'
import afterPack, { electronBinaryPath } from './afterPack.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const config = JSON.parse(await readFile(join(ROOT, 'electron-builder.json'), 'utf8'))
const packageJson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))

let dir: TempDir
beforeEach(async () => {
  dir = await makeTempDir()
})
afterEach(async () => {
  await dir.cleanup()
})

test("electron-builder's own schema accepts the configuration, and rejects a broken one", async () => {
  // app-builder-lib is electron-builder's engine; resolve it from there so hoisting does not matter.
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'))
  const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>
  }
  const quiet = { isEnabled: false, add: () => {} }
  await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined()
  await expect(validateConfiguration({ ...config, linux: { ...config.linux, targets: ['AppImage'] } }, quiet)).rejects.toThrow(/configuration/)
})

test('builds AppImage and deb for Linux, dmg for macOS and an NSIS installer for Windows, from the built app in an asar', () => {
  expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
  expect(config.mac.target).toEqual(['dmg'])
  expect(config.win.target).toEqual(['nsis'])
  expect(config.asar).toBe(true)
  expect(config.files).toContain('out/**/*')
  expect(packageJson.main).toMatch(/^\.\/out\//)
  expect(packageJson.scripts.package).toMatch(/electron-vite build && electron-builder/)
})

test('the packaged app registers the scheme invite links use', () => {
  const scheme = new URL(INVITE_PREFIX).protocol.replace(/:$/, '')
  expect(scheme).toBe('quire')
  expect(config.protocols.flatMap((protocol: { schemes: string[] }) => protocol.schemes)).toContain(scheme)
})

/** The marker Electron puts before its fuse wire (electron's build/fuses/fuses.json5). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** A stand-in Electron binary: random bytes around a fuse wire as Electron 45 lays it out (all fuses at their defaults). */
async function fakeElectron(path: string): Promise<void> {
  // Defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on,
  // asar integrity off, only-asar off, V8 snapshot off, file:// privileges on, WASM trap handlers on.
  const defaults = [1, 0, 1, 1, 0, 0, 0, 1, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE))
  const wire = Buffer.from([...Buffer.from(SENTINEL), 1, defaults.length, ...defaults])
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, Buffer.concat([randomBytes(4096), wire, randomBytes(4096)]))
}

const packager = { appInfo: { productFilename: 'Quire' }, executableName: 'quire' }

test.each([
  ['linux', 'quire'],
  ['win32', 'Quire.exe'],
  ['darwin', 'Quire.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'],
])('the afterPack hook flips every fuse Quire sets (%s)', async (platform, binary) => {
  const appOutDir = join(dir.dir, platform)
  await fakeElectron(join(appOutDir, binary))
  const context = { appOutDir, electronPlatformName: platform, arch: 1, packager }
  expect(resolve(ROOT, config.afterPack)).toBe(fileURLToPath(new URL('./afterPack.mjs', import.meta.url)))
  expect(electronBinaryPath(context).startsWith(appOutDir)).toBe(true)

  await afterPack(context)

  const wire = await getCurrentFuseWire(join(appOutDir, binary))
  expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
  expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE)
  expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
  expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
  expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE)
  expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
  expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE)
  // Fuses Quire does not set keep Electron's defaults.
  expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE)
  expect(wire[FuseV1Options.WasmTrapHandlers]).toBe(FuseState.ENABLE)
})

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

test('the Linux icon set and the source icon are square PNGs of the sizes their names say', async () => {
  const linuxIcons = join(ROOT, config.linux.icon)
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
    expect(pngSize(await readFile(join(linuxIcons, `${size}x${size}.png`))), `${size}`).toEqual([size, size])
  }
  expect(pngSize(await readFile(join(ROOT, 'resources/icon.png')))).toEqual([1024, 1024])
})

test('the Windows .ico holds PNGs from 16 to 256 pixels', async () => {
  const ico = await readFile(join(ROOT, config.win.icon))
  expect(ico.readUInt16LE(2)).toBe(1)
  const sizes: number[] = []
  for (let i = 0; i < ico.readUInt16LE(4); i++) {
    const entry = 6 + i * 16
    const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8))
    const [width, height] = pngSize(png)
    expect(ico.readUInt8(entry) || 256).toBe(width)
    expect(width).toBe(height)
    sizes.push(width)
  }
  expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
})

test('the macOS .icns holds PNGs up to 1024 pixels under the right element types', async () => {
  const icns = await readFile(join(ROOT, config.mac.icon))
  expect(icns.subarray(0, 4).toString('ascii')).toBe('icns')
  expect(icns.readUInt32BE(4)).toBe(icns.length)
  const found = new Map<string, number>()
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
    const type = icns.subarray(at, at + 4).toString('ascii')
    found.set(type, pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)))[0])
  }
  expect(Object.fromEntries(found)).toMatchObject({ ic07: 128, ic08: 256, ic09: 512, ic10: 1024 })
  expect(existsSync(join(ROOT, 'resources/icon.svg'))).toBe(true)
})
