import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { APP_ENTRY_URL, contentTypeFor, isRendererOrigin, isTrustedSenderUrl, rendererUrl, resolveAppFile } from './appUrl'

const root = resolve('/opt/quire/out/renderer')
const built = {}
const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }

test('the built renderer loads from app://quire, the dev server only when electron-vite says so', () => {
  expect(rendererUrl(built)).toBe('app://quire/index.html')
  expect(rendererUrl(dev)).toBe('http://localhost:5173/')
})

test('only our own page may call main', () => {
  expect(isTrustedSenderUrl(APP_ENTRY_URL, built)).toBe(true)
  expect(isTrustedSenderUrl('app://quire/index.html#chapter', built)).toBe(true)
  for (const other of [
    undefined,
    '',
    'file:///opt/quire/out/renderer/index.html',
    'app://quire/other.html',
    'app://evil/index.html',
    'https://quire/index.html',
    'http://localhost:5173/',
    'about:blank',
    'not a url',
  ]) {
    expect(isTrustedSenderUrl(other, built), String(other)).toBe(false)
  }
  expect(isTrustedSenderUrl('http://localhost:5173/', dev)).toBe(true)
  expect(isTrustedSenderUrl(APP_ENTRY_URL, dev)).toBe(false)
})

test('our origin is app://quire, whatever the path; nothing else is', () => {
  expect(isRendererOrigin('app://quire', built)).toBe(true)
  expect(isRendererOrigin('app://quire/assets/x.js', built)).toBe(true)
  for (const other of [undefined, 'app://quire.evil', 'app://evil', 'file:///', 'https://quire', 'null']) {
    expect(isRendererOrigin(other, built), String(other)).toBe(false)
  }
})

test('app:// URLs map to files inside the renderer folder', () => {
  expect(resolveAppFile('app://quire/', root)).toBe(join(root, 'index.html'))
  expect(resolveAppFile('app://quire/index.html', root)).toBe(join(root, 'index.html'))
  expect(resolveAppFile('app://quire/assets/index-1a2b.js?v=3#x', root)).toBe(join(root, 'assets', 'index-1a2b.js'))
  expect(resolveAppFile('app://quire/assets/Literata%20Variable.woff2', root)).toBe(join(root, 'assets', 'Literata Variable.woff2'))
})

test('no request escapes the renderer folder or reaches another host', () => {
  for (const escape of [
    'app://quire/../../etc/passwd',
    'app://quire/%2e%2e/%2e%2e/etc/passwd',
    'app://quire/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://quire/..%2f',
    'app://quire/assets/..%5C..%5Csecret',
    'app://quire/index.html%00.png',
    'app://quire/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://quire/index.html',
    'nonsense',
  ]) {
    const file = resolveAppFile(escape, root)
    // The URL parser already folds plain `..`; whatever is left must stay inside the folder.
    if (file !== undefined) expect(file.startsWith(root + '/'), `${escape} → ${file}`).toBe(true)
  }
  expect(resolveAppFile('app://quire/assets/..%2F..%2F..%2Fetc%2Fpasswd', root)).toBeUndefined()
  expect(resolveAppFile('app://quire/..%2f', root)).toBeUndefined()
  expect(resolveAppFile('app://quire/assets/..%5C..%5Csecret', root)).toBeUndefined()
  expect(resolveAppFile('app://quire/index.html%00.png', root)).toBeUndefined()
  expect(resolveAppFile('app://other/index.html', root)).toBeUndefined()
})

test('module scripts and fonts are served with their real types', () => {
  expect(contentTypeFor('/x/index-1.js')).toMatch(/^text\/javascript/)
  expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/)
  expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2')
  expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream')
})
