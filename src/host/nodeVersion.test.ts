import { expect, test } from 'vitest'
import { meetsMinimum, nodeVersionProblem } from './nodeVersion'

test('versions compare by number, not as text', () => {
  expect(meetsMinimum('20.19.0', '20.19.0')).toBe(true)
  expect(meetsMinimum('v20.20.2', '20.19.0')).toBe(true)
  expect(meetsMinimum('20.9.0', '20.19.0')).toBe(false)
  expect(meetsMinimum('22.11.9', '22.12.0')).toBe(false)
  expect(meetsMinimum('23.0.0', '22.12.0')).toBe(true)
})

test('Electron wants 22.12, the browser host 20.19, and each says what to do', () => {
  expect(nodeVersionProblem('electron', 'v20.20.2')).toBe(
    "Quire's Electron app needs Node.js 22.12 or newer (this is v20.20.2). Update Node, or run Quire in your browser: npm run host -- --data ~/QuireData",
  )
  expect(nodeVersionProblem('electron', 'v22.12.0')).toBeNull()
  expect(nodeVersionProblem('host', 'v20.20.2')).toBeNull()
  expect(nodeVersionProblem('host', 'v18.20.4')).toBe("Quire's browser host needs Node.js 20.19 or newer (this is v18.20.4). Please update Node.js.")
})
