import { expect, test } from 'vitest'
import { isSafeExternalUrl } from './urls'

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
