import { readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isId } from '../../shared/ids'
import { fromBase64Url, keyPairFromSeed, toBase64Url, verifyBytes } from '../../shared/identity'
import { IDENTITY_FILE, IDENTITY_KEY_FILE, IdentityStore, RECOVERED_NAME, type SecretProtector } from './identity'
import { makeTempDir, type TempDir } from './testing/tempDir'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)
const STAMP = '2024-05-01T12-00-00-000Z'
const options = { now: () => NOW }
const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 100)
const fixedRandom = (n: number) => seed.slice(0, n)
const message = new TextEncoder().encode('sign me')

/** A stand-in for safeStorage: xor with a pad plus a header, recording every call. */
function fakeProtector(kind = 'test-keychain'): SecretProtector & { calls: string[] } {
  const calls: string[] = []
  const pad = (bytes: Uint8Array) => bytes.map((byte, i) => byte ^ (0x5a + i))
  return {
    kind,
    calls,
    encrypt(plain) {
      calls.push('encrypt')
      return new Uint8Array([0x76, 0x31, 0x30, ...pad(plain)])
    },
    decrypt(cipher) {
      calls.push('decrypt')
      if (cipher[0] !== 0x76) throw new Error('not ours')
      return pad(cipher.subarray(3))
    },
  }
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle))
}

let temp: TempDir
const file = (name: string) => path.join(temp.dir, name)
const open = (protector?: SecretProtector) => IdentityStore.open(temp.dir, protector, options)

beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(() => temp.cleanup())

describe('creating and reopening', () => {
  it('starts without an identity and without problems', async () => {
    const store = await open()
    expect(store.profile).toBeNull()
    expect(store.problems).toEqual([])
    expect(() => store.sign(message)).toThrow(/no identity/)
  })

  it('creates a key pair whose fingerprint is the member id, and reopens the same key', async () => {
    const store = await open()
    const profile = await store.create('  Ada Lovelace ', fixedRandom)
    expect(profile.name).toBe('Ada Lovelace')
    expect(profile.publicKey).toBe(toBase64Url(keyPairFromSeed(seed).publicKey))
    expect(profile.memberId).toBe(profile.fingerprint)
    expect(isId(profile.memberId)).toBe(true)

    const reopened = await open()
    expect(reopened.problems).toEqual([])
    expect(reopened.profile).toEqual(profile)
    const signature = reopened.sign(message)
    expect(verifyBytes(fromBase64Url(profile.publicKey), message, signature)).toBe(true)
  })

  it('makes a different key each time with real randomness', async () => {
    const a = await (await open()).create('A')
    const other = await makeTempDir()
    try {
      const b = await (await IdentityStore.open(other.dir)).create('B')
      expect(b.publicKey).not.toBe(a.publicKey)
    } finally {
      await other.cleanup()
    }
  })

  it('stores a plain key readable by its owner only', async () => {
    await (await open()).create('Ada', fixedRandom)
    const key = await readFile(file(IDENTITY_KEY_FILE))
    expect(new Uint8Array(key)).toEqual(seed)
    if (process.platform !== 'win32') {
      expect((await stat(file(IDENTITY_KEY_FILE))).mode & 0o777).toBe(0o600)
      expect((await stat(file(IDENTITY_FILE))).mode & 0o777).toBe(0o600)
    }
    expect(JSON.parse(await readFile(file(IDENTITY_FILE), 'utf8'))).toMatchObject({ format: 'quire-identity', v: 1, name: 'Ada', protection: 'plain' })
  })

  it('refuses a second identity and invalid names', async () => {
    const store = await open()
    await expect(store.create('', fixedRandom)).rejects.toThrow(/name/)
    await expect(store.create('a\u0000b', fixedRandom)).rejects.toThrow(/name/)
    await store.create('Ada', fixedRandom)
    await expect(store.create('Eve')).rejects.toThrow(/already exists/)
    await expect(store.rename('x'.repeat(101))).rejects.toThrow(/name/)
  })

  it('renames without changing the key, and the name survives a reopen', async () => {
    const store = await open()
    const before = await store.create('Ada', fixedRandom)
    const [, after] = await Promise.all([store.rename('Ada L.'), store.rename('Ada Lovelace')])
    expect(after).toEqual({ ...before, name: 'Ada Lovelace' })
    expect((await open()).profile).toEqual(after)
  })

  it('keeps the secret out of anything enumerable', async () => {
    const store = await open()
    await store.create('Ada', fixedRandom)
    expect(JSON.stringify(store)).not.toContain(toBase64Url(seed))
    expect(Object.values(store).some((value) => value instanceof Uint8Array)).toBe(false)
  })
})

describe('protected keys', () => {
  it('encrypts the key with the protector and decrypts it on reopen', async () => {
    const protector = fakeProtector()
    const profile = await (await open(protector)).create('Ada', fixedRandom)
    expect(protector.calls).toContain('encrypt')
    const stored = new Uint8Array(await readFile(file(IDENTITY_KEY_FILE)))
    expect(containsBytes(stored, seed)).toBe(false)
    expect(JSON.parse(await readFile(file(IDENTITY_FILE), 'utf8')).protection).toBe('test-keychain')

    const again = fakeProtector()
    const reopened = await open(again)
    expect(again.calls).toContain('decrypt')
    expect(reopened.profile).toEqual(profile)
    expect(verifyBytes(fromBase64Url(profile.publicKey), message, reopened.sign(message))).toBe(true)
  })

  it('leaves a key it cannot decrypt here untouched, and sets it aside only when a new identity is made', async () => {
    await (await open(fakeProtector())).create('Ada', fixedRandom)
    const before = await readFile(file(IDENTITY_KEY_FILE))
    for (const protector of [undefined, fakeProtector('other-keychain')]) {
      const store = await open(protector)
      expect(store.profile).toBeNull()
      expect(store.problems).toHaveLength(1)
      expect(store.problems[0]!.message).toMatch(/not available here.*untouched/)
      expect(await readFile(file(IDENTITY_KEY_FILE))).toEqual(before)
    }
    await (await open()).create('Ada on the web')
    expect(await readFile(file(`${IDENTITY_KEY_FILE}.damaged-${STAMP}`))).toEqual(before)
  })

  it('treats a key the right protector cannot decrypt as lost, and keeps it', async () => {
    await (await open(fakeProtector())).create('Ada', fixedRandom)
    await writeFile(file(IDENTITY_KEY_FILE), 'garbage')
    const store = await open(fakeProtector())
    expect(store.profile).toBeNull()
    expect(store.problems[0]).toMatchObject({ file: IDENTITY_KEY_FILE, keptAs: `${IDENTITY_KEY_FILE}.damaged-${STAMP}` })
    expect(await readFile(file(`${IDENTITY_KEY_FILE}.damaged-${STAMP}`), 'utf8')).toBe('garbage')
  })
})

describe('damaged files', () => {
  it('rebuilds a damaged identity.json from the key, keeping the damaged file aside', async () => {
    const profile = await (await open()).create('Ada', fixedRandom)
    await writeFile(file(IDENTITY_FILE), '{"format":"quire-identity","v":1,"na')
    const store = await open()
    expect(store.problems).toEqual([
      { file: IDENTITY_FILE, keptAs: `${IDENTITY_FILE}.damaged-${STAMP}`, message: expect.stringMatching(/still the same member.*name was lost/) },
    ])
    expect(await readFile(file(`${IDENTITY_FILE}.damaged-${STAMP}`), 'utf8')).toBe('{"format":"quire-identity","v":1,"na')
    expect(store.profile).toEqual({ ...profile, name: RECOVERED_NAME })
    expect((await open()).problems).toEqual([])
  })

  it('keeps the name when only the public key in identity.json is wrong', async () => {
    const profile = await (await open()).create('Ada', fixedRandom)
    const record = JSON.parse(await readFile(file(IDENTITY_FILE), 'utf8'))
    await writeFile(file(IDENTITY_FILE), JSON.stringify({ ...record, publicKey: toBase64Url(new Uint8Array(32).fill(9)) }))
    const store = await open()
    expect(store.profile).toEqual(profile)
    expect(store.problems[0]!.message).not.toMatch(/name was lost/)
  })

  it('recovers from a crash between writing the key and identity.json', async () => {
    await (await open()).create('Ada', fixedRandom)
    await unlink(file(IDENTITY_FILE))
    const store = await open()
    expect(store.profile).toMatchObject({ name: RECOVERED_NAME, publicKey: toBase64Url(keyPairFromSeed(seed).publicKey) })
    expect(store.problems).toEqual([{ file: IDENTITY_FILE, keptAs: '', message: expect.stringMatching(/was missing.*set it again/) }])
  })

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, 31)],
    ['missing', null],
  ])('reports a %s key as lost, asks for a new identity, and keeps every file', async (_label, damage) => {
    await (await open()).create('Ada', fixedRandom)
    if (damage) await writeFile(file(IDENTITY_KEY_FILE), damage(await readFile(file(IDENTITY_KEY_FILE))))
    else await unlink(file(IDENTITY_KEY_FILE))
    const store = await open()
    expect(store.profile).toBeNull()
    expect(store.problems).toHaveLength(1)
    expect(store.problems[0]!.message).toMatch(/create a new identity/)
    const files = await readdir(temp.dir)
    expect(files).toContain(`${IDENTITY_FILE}.damaged-${STAMP}`)
    if (damage) expect(files).toContain(`${IDENTITY_KEY_FILE}.damaged-${STAMP}`)
    const fresh = await store.create('Ada again')
    expect(fresh.publicKey).not.toBe(toBase64Url(keyPairFromSeed(seed).publicKey))
  })

  it('leaves an identity written by a newer Quire untouched', async () => {
    await (await open()).create('Ada', fixedRandom)
    const record = JSON.parse(await readFile(file(IDENTITY_FILE), 'utf8'))
    await writeFile(file(IDENTITY_FILE), JSON.stringify({ ...record, v: 2 }))
    const store = await open()
    expect(store.profile).toBeNull()
    expect(store.problems[0]!.message).toMatch(/newer version of Quire/)
    expect(await readdir(temp.dir)).toEqual([IDENTITY_FILE, IDENTITY_KEY_FILE].sort())
  })
})
