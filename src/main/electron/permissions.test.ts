import { expect, test } from 'vitest'
import { isPermissionGranted, spellcheckPolicy } from './permissions'

const built = {}

test('our page, in its top frame, may copy text to the clipboard; nothing else is granted', () => {
  expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', requestingUrl: 'app://quire/index.html', isMainFrame: true }, built)).toBe(true)
  expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', requestingUrl: 'app://quire', isMainFrame: true }, built)).toBe(true)
  expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', requestingUrl: 'app://quire/index.html', isMainFrame: false }, built)).toBe(false)
  expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', requestingUrl: 'https://evil.example/', isMainFrame: true }, built)).toBe(false)
  expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', requestingUrl: undefined, isMainFrame: true }, built)).toBe(false)
  for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'midiSysex', 'hid', 'serial', 'usb', 'some-future-permission']) {
    expect(isPermissionGranted({ permission, requestingUrl: 'app://quire/index.html', isMainFrame: true }, built), permission).toBe(false)
  }
})

test('spell-check dictionaries never come from a third party', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    const policy = spellcheckPolicy(platform)
    expect(new URL(policy.dictionaryDownloadUrl).protocol, platform).toBe('app:')
    expect(new URL(policy.dictionaryDownloadUrl).host, platform).toBe('quire')
  }
  // macOS's own spell checker downloads nothing; elsewhere Chromium's would, so it stays off.
  expect(spellcheckPolicy('darwin').enabled).toBe(true)
  expect(spellcheckPolicy('linux').enabled).toBe(false)
  expect(spellcheckPolicy('win32').enabled).toBe(false)
})
