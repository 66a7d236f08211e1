import { expect, test } from 'vitest'
import { isSafeExternalUrl, isSameDocument } from './urls'

test.each([
  ['https://example.org/page', true],
  ['http://example.org', true],
  ['mailto:editor@example.org', true],
  ['javascript:alert(1)', false],
  ['file:///etc/passwd', false],
  ['quire://invite#abc', false],
  ['https://user:pass@example.org', false],
  ['not a url', false],
  ['', false],
])('%s is safe to open outside: %s', (url, safe) => {
  expect(isSafeExternalUrl(url)).toBe(safe)
})

test.each([
  ['file:///app/out/renderer/index.html', 'file:///app/out/renderer/index.html', true],
  ['file:///app/out/renderer/index.html#/x', 'file:///app/out/renderer/index.html', true],
  ['file:///tmp/evil.html', 'file:///app/out/renderer/index.html', false],
  ['http://localhost:5173/', 'http://localhost:5173/', true],
  ['http://localhost:5174/', 'http://localhost:5173/', false],
  ['https://example.org/', 'http://localhost:5173/', false],
  [undefined, 'http://localhost:5173/', false],
  ['::', 'http://localhost:5173/', false],
])('an IPC call from %s to a renderer at %s is trusted: %s', (url, expected, trusted) => {
  expect(isSameDocument(url, expected)).toBe(trusted)
})
