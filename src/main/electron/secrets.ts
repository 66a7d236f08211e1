import { safeStorage } from 'electron'
import type { SecretProtector } from '../services/identity'

/** Protects the private key with the operating system's keychain when one is available. */
export function safeStorageProtector(): SecretProtector | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined
  return {
    kind: 'electron-safe-storage',
    encrypt: (plain) => new Uint8Array(safeStorage.encryptString(Buffer.from(plain).toString('base64'))),
    decrypt: (cipher) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(cipher)), 'base64')),
  }
}
