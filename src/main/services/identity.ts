/**
 * The user's identity on this machine: a display name and an Ed25519 key pair.
 *
 * `identity.json` holds the name, public key and how the secret is protected;
 * `identity.key` holds the secret key, encrypted by the `SecretProtector`
 * when there is one (Electron's safeStorage) and otherwise plain, readable by
 * the owner only. The secret never leaves this module: callers get signatures
 * and what was sealed to the user, opened.
 *
 * The key *is* the identity (the member id is its fingerprint), so opening is
 * careful: a damaged `identity.json` is rebuilt from the key, a damaged key is
 * set aside and reported, and a key this process cannot decrypt is left
 * untouched. Every damaged file is kept beside the original, never deleted.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto'
import { chmod, mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  fingerprint,
  fromBase64Url,
  isDisplayName,
  keyPairFromSeed,
  memberIdFor,
  PUBLIC_KEY_BYTES,
  publicKeyFor,
  SECRET_KEY_BYTES,
  signBytes,
  toBase64Url,
} from '../../shared/identity'
import { openSealed } from '../../shared/trust/sealed'
import { isNotFound, moveDamagedAside, writeFileAtomic } from './durableFile'
import type { StorageProblem } from './problems'
import type { Profile } from '../../shared/sharing'

export const IDENTITY_FILE = 'identity.json'
export const IDENTITY_KEY_FILE = 'identity.key'
/** The `protection` of a key stored as raw bytes (file mode 0600). */
export const PLAIN_PROTECTION = 'plain'
/** The name given to an identity recovered from its key alone; the user is asked to set theirs again. */
export const RECOVERED_NAME = 'Quire user'

/** Encrypts the secret key at rest; Electron builds one on safeStorage. `kind` is recorded so the right one decrypts it. */
export interface SecretProtector {
  readonly kind: string
  encrypt(plain: Uint8Array): Uint8Array
  decrypt(cipher: Uint8Array): Uint8Array
}

export type { Profile }

export interface IdentityStoreOptions {
  /** Clock for the names of damaged-file copies; injectable for tests. */
  now?: () => number
}

interface IdentityRecord {
  format: 'quire-identity'
  v: 1
  name: string
  publicKey: string
  protection: string
}

type Parsed = { kind: 'ok'; record: IdentityRecord } | { kind: 'newer' } | { kind: 'bad'; name?: string }

function parseRecord(bytes: Uint8Array): Parsed {
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''))
  } catch {
    return { kind: 'bad' }
  }
  if (typeof raw !== 'object' || raw === null || raw.format !== 'quire-identity') return { kind: 'bad' }
  const name = isDisplayName(raw.name) ? raw.name : undefined
  // One case per format version; older ones would be migrated to `IdentityRecord` here.
  switch (raw.v) {
    case 1: {
      const keyOk = fromBase64Url(raw.publicKey)?.length === PUBLIC_KEY_BYTES
      const protectionOk = typeof raw.protection === 'string' && raw.protection.length > 0 && raw.protection.length <= 64
      if (!name || !keyOk || !protectionOk) return name ? { kind: 'bad', name } : { kind: 'bad' }
      return { kind: 'ok', record: { format: 'quire-identity', v: 1, name, publicKey: raw.publicKey as string, protection: raw.protection as string } }
    }
    default:
      return typeof raw.v === 'number' && raw.v > 1 ? { kind: 'newer' } : { kind: 'bad' }
  }
}

type ReadResult = { kind: 'missing' } | { kind: 'unreadable' } | { kind: 'read'; bytes: Uint8Array }

async function readBytes(file: string): Promise<ReadResult> {
  try {
    return { kind: 'read', bytes: new Uint8Array(await readFile(file)) }
  } catch (error) {
    return isNotFound(error) ? { kind: 'missing' } : { kind: 'unreadable' }
  }
}

/**
 * Moves a file that is about to be replaced or abandoned out of the way,
 * untouched (a rename keeps its exact bytes). Returns the new name, or `null`
 * when there was no file.
 */
async function setAside(file: string, now: number): Promise<string | null> {
  try {
    return await moveDamagedAside(file, now)
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

const isSecret = (bytes: Uint8Array | undefined): bytes is Uint8Array => bytes?.length === SECRET_KEY_BYTES

/** Holds the user's key pair and signs with it; see the file comment. */
export class IdentityStore {
  readonly #dir: string
  readonly #protector: SecretProtector | undefined
  readonly #now: () => number
  #record: IdentityRecord | null = null
  #secret: Uint8Array | null = null
  #queue: Promise<unknown> = Promise.resolve()
  /** What went wrong while opening, in plain language; empty when all was well. */
  readonly problems: StorageProblem[] = []

  private constructor(dir: string, protector: SecretProtector | undefined, now: () => number) {
    this.#dir = dir
    this.#protector = protector
    this.#now = now
  }

  /** Opens (never creates) the identity in `dataDir`. Without `protector` the key is stored plain. */
  static async open(dataDir: string, protector?: SecretProtector, options: IdentityStoreOptions = {}): Promise<IdentityStore> {
    const store = new IdentityStore(dataDir, protector, options.now ?? Date.now)
    await mkdir(dataDir, { recursive: true })
    await store.#load()
    return store
  }

  /** The user's public profile, or `null` until `create` (first run, or after the key was lost). */
  get profile(): Profile | null {
    const record = this.#record
    if (!record || !this.#secret) return null
    const publicKey = fromBase64Url(record.publicKey)!
    return { name: record.name, publicKey: record.publicKey, memberId: memberIdFor(publicKey), fingerprint: fingerprint(publicKey) }
  }

  /** Makes a new key pair. Refuses while one exists: replacing it would silently change who the user is. */
  create(name: string, randomBytes: (n: number) => Uint8Array = nodeRandomBytes): Promise<Profile> {
    return this.#serial(async () => {
      if (this.profile) throw new Error('An identity already exists')
      const cleanName = checkedName(name)
      const { secretKey, publicKey } = keyPairFromSeed(randomBytes(SECRET_KEY_BYTES))
      // Files left here are ones `open` could not use (e.g. a key for another protector): keep them.
      await setAside(this.#path(IDENTITY_KEY_FILE), this.#now())
      await setAside(this.#path(IDENTITY_FILE), this.#now())
      const protection = this.#protector?.kind ?? PLAIN_PROTECTION
      // Key first: a crash before the JSON is written leaves a key that `open` recovers from.
      await writeFileAtomic(this.#path(IDENTITY_KEY_FILE), this.#protect(secretKey))
      this.#secret = secretKey
      await this.#writeRecord({ format: 'quire-identity', v: 1, name: cleanName, publicKey: toBase64Url(publicKey), protection })
      return this.profile!
    })
  }

  /** Changes the display name; the key, and so the member id, stay the same. */
  rename(name: string): Promise<Profile> {
    return this.#serial(async () => {
      if (!this.#record || !this.#secret) throw new Error('There is no identity to rename')
      await this.#writeRecord({ ...this.#record, name: checkedName(name) })
      return this.profile!
    })
  }

  /** Signs `bytes` with the user's secret key (64-byte Ed25519 signature). */
  sign(bytes: Uint8Array): Uint8Array {
    if (!this.#secret) throw new Error('There is no identity to sign with')
    return signBytes(this.#secret, bytes)
  }

  /** Opens what a peer sealed to the user's key (src/shared/trust/sealed.ts); null when it was not, was changed, or there is no key. */
  openSealed(sealed: string): Uint8Array | null {
    if (!this.#secret) return null
    return openSealed(sealed, this.#secret)
  }

  async #load(): Promise<void> {
    const jsonPath = this.#path(IDENTITY_FILE)
    const keyPath = this.#path(IDENTITY_KEY_FILE)
    const json = await readBytes(jsonPath)
    const key = await readBytes(keyPath)
    if (json.kind === 'missing' && key.kind === 'missing') return
    const parsed: Parsed = json.kind === 'read' ? parseRecord(json.bytes) : { kind: 'bad' }
    if (parsed.kind === 'newer') {
      this.problems.push(lockedProblem(IDENTITY_FILE, 'it was written by a newer version of Quire'))
      return
    }
    const protection = parsed.kind === 'ok' ? parsed.record.protection : null
    if (key.kind === 'read' && protection !== null && protection !== PLAIN_PROTECTION && this.#protector?.kind !== protection) {
      // Not damage: this process just lacks the means (e.g. the browser host has no safeStorage).
      this.problems.push(lockedProblem(IDENTITY_KEY_FILE, `it is protected by "${protection}", which is not available here`))
      return
    }
    const unlocked = key.kind === 'read' ? this.#unprotect(key.bytes, protection) : null
    if (!unlocked) {
      const keptKey = await setAside(keyPath, this.#now())
      const keptJson = await setAside(jsonPath, this.#now())
      this.problems.push(lostKeyProblem(keptKey ?? keptJson ?? ''))
      return
    }
    this.#secret = unlocked.secret
    const publicKey = toBase64Url(publicKeyFor(unlocked.secret))
    if (parsed.kind === 'ok' && parsed.record.publicKey === publicKey) {
      this.#record = parsed.record
      if (protection === PLAIN_PROTECTION && process.platform !== 'win32') await chmod(keyPath, 0o600).catch(() => undefined)
      return
    }
    // The key is fine but its description is not: rebuild it, keeping the name if it survived.
    const name = parsed.kind === 'ok' ? parsed.record.name : parsed.name
    const kept = await setAside(jsonPath, this.#now())
    await this.#writeRecord({ format: 'quire-identity', v: 1, name: name ?? RECOVERED_NAME, publicKey, protection: unlocked.protection })
    this.problems.push(rebuiltProblem(kept ?? '', name === undefined))
  }

  /** The secret from the key file's bytes; with `protection` unknown, whichever reading yields a key. */
  #unprotect(bytes: Uint8Array, protection: string | null): { secret: Uint8Array; protection: string } | null {
    const protector = this.#protector
    if (protector && (protection === null || protection === protector.kind)) {
      try {
        const secret = protector.decrypt(bytes)
        if (isSecret(secret)) return { secret: Uint8Array.from(secret), protection: protector.kind }
      } catch {
        // Not decryptable with this protector: maybe plain, otherwise damaged.
      }
    }
    if (protection !== null && protection !== PLAIN_PROTECTION) return null
    return isSecret(bytes) ? { secret: Uint8Array.from(bytes), protection: PLAIN_PROTECTION } : null
  }

  /** The bytes stored for `secret`, checked to decrypt again before anything relies on them. */
  #protect(secret: Uint8Array): Uint8Array {
    if (!this.#protector) return secret
    const cipher = this.#protector.encrypt(secret)
    const back = this.#protector.decrypt(cipher)
    if (!isSecret(back) || back.some((byte, i) => byte !== secret[i])) throw new Error('The secret protector does not round-trip')
    return cipher
  }

  async #writeRecord(record: IdentityRecord): Promise<void> {
    await writeFileAtomic(this.#path(IDENTITY_FILE), new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`))
    this.#record = record
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task)
    this.#queue = result.catch(() => undefined)
    return result
  }

  #path(file: string): string {
    return path.join(this.#dir, file)
  }
}

function checkedName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : name
  if (!isDisplayName(trimmed)) throw new Error('A name must be 1 to 100 characters, without control characters')
  return trimmed
}

function lostKeyProblem(keptAs: string): StorageProblem {
  return {
    file: IDENTITY_KEY_FILE,
    keptAs,
    message:
      `Your identity key could not be read, so Quire can no longer sign as you. ` +
      `Please create a new identity: the people you share with will see you as a new member. ` +
      `The old files were kept${keptAs ? ` as "${keptAs}"` : ''}.`,
  }
}

function rebuiltProblem(keptAs: string, nameLost: boolean): StorageProblem {
  return {
    file: IDENTITY_FILE,
    keptAs,
    message:
      `Quire's identity file "${IDENTITY_FILE}" was ${keptAs ? 'damaged' : 'missing'}. Your key was safe, so you are still the same member` +
      (nameLost ? ', but your display name was lost: please set it again.' : '.') +
      (keptAs ? ` The damaged file was kept as "${keptAs}".` : ''),
  }
}

function lockedProblem(file: string, reason: string): StorageProblem {
  return {
    file,
    keptAs: file,
    message:
      `Quire can't use your identity here: ${reason}. Quire left "${file}" untouched; ` +
      `open it with the Quire that created it, or create a new identity here (the old files are then set aside).`,
  }
}
