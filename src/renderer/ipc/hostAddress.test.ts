import { expect, test } from 'vitest'
import { ipcSocketUrl } from './hostAddress'

test('the IPC socket sits under the launch key of the page that asks', () => {
  expect(ipcSocketUrl({ protocol: 'http:', host: '127.0.0.1:5170', pathname: '/k3y_-A/' })).toBe('ws://127.0.0.1:5170/k3y_-A/ipc')
  expect(ipcSocketUrl({ protocol: 'http:', host: '127.0.0.1:5170', pathname: '/k3y/bench/index.html' })).toBe('ws://127.0.0.1:5170/k3y/ipc')
  expect(ipcSocketUrl({ protocol: 'https:', host: 'example.org', pathname: '/k/' })).toBe('wss://example.org/k/ipc')
})
