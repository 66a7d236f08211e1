import { expect, test } from 'vitest'
import { checkTokenPath, createLaunchToken, tokensMatch } from './launchToken'

test('each launch key is new, 256 bits, and safe in a URL path', () => {
  const keys = new Set(Array.from({ length: 50 }, createLaunchToken))
  expect(keys.size).toBe(50)
  for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
})

test('keys compare by value, whatever their lengths', () => {
  expect(tokensMatch('abc', 'abc')).toBe(true)
  expect(tokensMatch('abd', 'abc')).toBe(false)
  expect(tokensMatch('', 'abc')).toBe(false)
  expect(tokensMatch('abcd', 'abc')).toBe(false)
})

test('a request path must start with the key; the rest is served, a missing slash redirected', () => {
  expect(checkTokenPath('/k/', 'k')).toEqual({ kind: 'ok', path: '/' })
  expect(checkTokenPath('/k/assets/a.js?v=1', 'k')).toEqual({ kind: 'ok', path: '/assets/a.js?v=1' })
  expect(checkTokenPath('/k', 'k')).toEqual({ kind: 'redirect', location: '/k/' })
  expect(checkTokenPath('/k?x=1', 'k')).toEqual({ kind: 'redirect', location: '/k/?x=1' })
  for (const refused of [undefined, '', '/', '/ipc', '/K/', '/kk/', '/x/k/', '//k/', 'k/', '/?k']) {
    expect(checkTokenPath(refused, 'k'), String(refused)).toEqual({ kind: 'refused' })
  }
})
