import { describe, expect, it } from 'vitest'
import { keyPairFromSeed, signBytes, toBase64Url } from './identity'
import {
  createInvite,
  CreateInviteError,
  INVITE_PREFIX,
  MAX_CHAPTERS,
  MAX_INVITE_LINK_LENGTH,
  MAX_RENDEZVOUS,
  MAX_TURN_SERVERS,
  parseInvite,
  type InviteFields,
  type InviteResult,
} from './invite'

/** Deterministic randomness (mulberry32), so every run tests the same cases. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const bytes = (n: number, fill: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + fill) & 255)

const author = keyPairFromSeed(bytes(32, 1))
const stranger = keyPairFromSeed(bytes(32, 2))
const authorKey = toBase64Url(author.publicKey)

function fields(overrides: Partial<InviteFields> = {}): InviteFields {
  return {
    shareId: 'share_Ab12Cd34',
    key: toBase64Url(bytes(32, 7)),
    author: { name: 'Ada Lovelace', publicKey: authorKey },
    book: { title: 'Notes on the Analytical Engine' },
    chapters: [
      { room: toBase64Url(bytes(16, 3)), title: 'Chapter 1: Numbers', docKey: 'chapter_1Numbers' },
      { room: toBase64Url(bytes(24, 4)), title: 'Chapitre 2 : « Opérations »', docKey: 'chapter_2Ops' },
    ],
    rendezvous: [
      { kind: 'signal', url: 'wss://signal.example.org' },
      { kind: 'mqtt', url: 'mqtts://broker.example.org:8883' },
      { kind: 'mqtt', url: 'ws://127.0.0.1:8080/mqtt' },
    ],
    turn: [],
    role: 'reviewer',
    reviewer: { name: 'Charles Babbage' },
    issuedAt: Date.UTC(2024, 4, 1),
    member: { id: 'member_Cb1791', secret: toBase64Url(bytes(32, 9)), expiresAt: Date.UTC(2024, 4, 15) },
    epoch: 0,
    manifest: 'a signed manifest (checked when joining, not when parsing)',
    ...overrides,
  }
}

/** A link around any JSON text, signed by `secretKey`: lets tests build invites createInvite refuses to make. */
function signedLink(body: unknown, secretKey = author.secretKey): string {
  const json = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body))
  return `${INVITE_PREFIX}${toBase64Url(json)}.${toBase64Url(signBytes(secretKey, json))}`
}
const rawInvite = (changes: Record<string, unknown> = {}) => ({ v: 2, type: 'quire-invite', ...fields(), ...changes })
/** A version 1 invite as Quire made them before rendezvous kinds existed. */
const rawInviteV1 = (changes: Record<string, unknown> = {}) => {
  const { rendezvous: _rendezvous, turn: _turn, member: _member, epoch: _epoch, manifest: _manifest, chapters, ...rest } = fields()
  return { v: 1, type: 'quire-invite', ...rest, chapters: chapters.map(({ room, title }) => ({ room, title })), signaling: ['wss://signal.example.org', 'ws://127.0.0.1:4444/path'], ...changes }
}

function splitLink(link: string): { json: Uint8Array; signature: Uint8Array } {
  const [json, signature] = link.slice(INVITE_PREFIX.length).split('.')
  return { json: new Uint8Array(Buffer.from(json!, 'base64url')), signature: new Uint8Array(Buffer.from(signature!, 'base64url')) }
}
const joinLink = (json: Uint8Array, signature: Uint8Array) => `${INVITE_PREFIX}${toBase64Url(json)}.${toBase64Url(signature)}`

function expectFailure(result: InviteResult, reason: string, field?: string): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.reason).toBe(reason)
  expect(result.message.length).toBeGreaterThan(20)
  if (field !== undefined) expect(result.field).toBe(field)
}

describe('round trip', () => {
  it('parses what createInvite made', () => {
    const link = createInvite(fields(), author.secretKey)
    expect(link.startsWith('quire://invite#')).toBe(true)
    expect(parseInvite(link)).toEqual({ ok: true, invite: { v: 2, type: 'quire-invite', ...fields() } })
  })

  it('signs through a callback, e.g. IdentityStore.sign', () => {
    const link = createInvite(fields(), (json) => signBytes(author.secretKey, json))
    expect(parseInvite(link, { expectedAuthorKey: author.publicKey }).ok).toBe(true)
  })

  it('accepts whitespace, a slash before #, any prefix case and wrapped lines', () => {
    const link = createInvite(fields(), author.secretKey)
    const payload = link.slice(INVITE_PREFIX.length)
    const wrapped = payload.match(/.{1,60}/g)!.join('\r\n')
    for (const text of [`  \n${link}\t `, `quire://invite/#${payload}`, `QUIRE://Invite#${payload}`, `quire://invite#${wrapped}`]) {
      expect(parseInvite(text).ok).toBe(true)
    }
  })

  it('signs and returns only the known fields', () => {
    const extra = { ...fields(), secretNote: 'x', author: { ...fields().author, memberId: 'abc' } } as InviteFields
    const link = createInvite(extra, author.secretKey)
    expect(new TextDecoder().decode(splitLink(link).json)).not.toMatch(/secretNote|memberId/)
    const result = parseInvite(signedLink(rawInvite({ future: { x: 1 }, book: { title: 'T', cover: 'c' } })))
    expect(result).toMatchObject({ ok: true, invite: { book: { title: 'T' } } })
    expect(result.ok && ('future' in result.invite || 'cover' in result.invite.book)).toBe(false)
  })

  it('fits the largest invite the field limits allow under the length cap', () => {
    const widest = '中'.repeat(200) // 3 UTF-8 bytes per UTF-16 unit: the most per counted character
    const link = createInvite(
      fields({
        book: { title: widest },
        author: { name: '中'.repeat(100), publicKey: authorKey },
        reviewer: { name: '中'.repeat(100) },
        chapters: Array.from({ length: MAX_CHAPTERS }, (_, i) => ({ room: toBase64Url(bytes(64, i)), title: widest, docKey: `chapter_${i}` })),
        rendezvous: Array.from({ length: MAX_RENDEZVOUS }, (_, i) => ({ kind: 'mqtt' as const, url: `wss://${'a'.repeat(2030)}.org/${i}` })),
        turn: Array.from({ length: MAX_TURN_SERVERS }, (_, i) => ({
          urls: `turns:${'t'.repeat(2030)}.org:${i}`,
          username: '中'.repeat(512),
          credential: '中'.repeat(512),
        })),
      }),
      author.secretKey,
    )
    expect(link.length).toBeLessThan(MAX_INVITE_LINK_LENGTH)
    expect(parseInvite(link).ok).toBe(true)
  })

  it('refuses to create an invite the reviewer could not open', () => {
    expect(() => createInvite(fields({ rendezvous: [{ kind: 'signal', url: 'http://x.org' }] }), author.secretKey)).toThrow(
      expect.objectContaining({ name: 'CreateInviteError', reason: 'invalid-field', field: 'rendezvous[0].url' }),
    )
    expect(() => createInvite(fields({ chapters: [] }), author.secretKey)).toThrow(CreateInviteError)
    expect(() => createInvite(fields(), stranger.secretKey)).toThrow(/bad-signature/)
  })
})

describe('tampering and foreign keys', () => {
  const link = createInvite(fields(), author.secretKey)
  const { json, signature } = splitLink(link)

  it('any changed signature byte is a bad signature', () => {
    for (let i = 0; i < signature.length; i++) {
      const bad = Uint8Array.from(signature)
      bad[i]! ^= 1
      expectFailure(parseInvite(joinLink(json, bad)), 'bad-signature')
    }
  })

  it('any changed payload byte is refused, and a bad signature whenever the author key survived', () => {
    let badSignatures = 0
    for (let i = 0; i < json.length; i++) {
      const bad = Uint8Array.from(json)
      bad[i]! ^= 1
      const result = parseInvite(joinLink(bad, signature))
      expect(result.ok).toBe(false)
      let parsed: { v?: unknown; type?: unknown; author?: { publicKey?: unknown } } | undefined
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bad))
      } catch {
        parsed = undefined
      }
      if (parsed?.v === 2 && parsed.type === 'quire-invite' && parsed.author?.publicKey === authorKey) {
        expectFailure(result, 'bad-signature')
        badSignatures++
      }
    }
    // The rest broke the JSON itself (xor 1 turns `"` into `#`), which is malformed.
    expect(badSignatures).toBeGreaterThan(json.length / 2)
  })

  it('a link cut off while copying is incomplete, not tampered with', () => {
    for (const cut of [1, 2, 10, 80]) expectFailure(parseInvite(link.slice(0, -cut)), 'malformed')
  })

  it('an invite claiming the author but signed by someone else is a bad signature', () => {
    expectFailure(parseInvite(signedLink(rawInvite(), stranger.secretKey)), 'bad-signature')
    expectFailure(parseInvite(joinLink(json, signBytes(stranger.secretKey, json))), 'bad-signature')
  })

  it('a validly signed invite from another author fails when a specific author is expected', () => {
    const foreign = createInvite(fields({ author: { name: 'Mallory', publicKey: toBase64Url(stranger.publicKey) } }), stranger.secretKey)
    expect(parseInvite(foreign).ok).toBe(true)
    expectFailure(parseInvite(foreign, { expectedAuthorKey: authorKey }), 'wrong-author')
    expectFailure(parseInvite(foreign, { expectedAuthorKey: author.publicKey }), 'wrong-author')
    expect(parseInvite(link, { expectedAuthorKey: authorKey }).ok).toBe(true)
  })
})

describe('versions', () => {
  it('a version 1 invite still opens, its signaling servers becoming rendezvous', () => {
    const result = parseInvite(signedLink(rawInviteV1()))
    const { member: _member, epoch: _epoch, manifest: _manifest, chapters, ...rest } = fields()
    expect(result).toEqual({
      ok: true,
      invite: {
        v: 1,
        type: 'quire-invite',
        ...rest,
        chapters: chapters.map(({ room, title }) => ({ room, title })),
        rendezvous: [
          { kind: 'signal', url: 'wss://signal.example.org' },
          { kind: 'signal', url: 'ws://127.0.0.1:4444/path' },
        ],
        turn: [],
      },
    })
    expect(parseInvite(signedLink(rawInviteV1({ signaling: [] })))).toMatchObject({ ok: true, invite: { rendezvous: [] } })
  })

  it('a version 1 invite keeps its own rules: signaling servers only, checked and named as before', () => {
    expectFailure(parseInvite(signedLink(rawInviteV1({ signaling: ['mqtt://x.org'] }))), 'invalid-field', 'signaling[0]')
    expectFailure(parseInvite(signedLink(rawInviteV1({ signaling: ['wss://user:pass@x.org'] }))), 'invalid-field', 'signaling[0]')
    expectFailure(parseInvite(signedLink(rawInviteV1({ signaling: 'wss://x.org' }))), 'invalid-field', 'signaling')
    const noList: Record<string, unknown> = rawInviteV1()
    delete noList.signaling
    expectFailure(parseInvite(signedLink(noList)), 'invalid-field', 'signaling')
    // A version 2 invite must use version 2 fields: signaling alone is not enough.
    const { rendezvous: _rendezvous, ...withoutRendezvous } = rawInvite()
    expectFailure(parseInvite(signedLink({ ...withoutRendezvous, signaling: ['wss://signal.example.org'] })), 'invalid-field', 'rendezvous')
  })

  it('a newer version asks the user to update Quire', () => {
    const result = parseInvite(signedLink({ ...rawInvite(), v: 3 }))
    expectFailure(result, 'unsupported-version')
    expect(!result.ok && result.message).toMatch(/newer version of Quire/)
  })

  it('a missing or odd version is malformed', () => {
    for (const v of [undefined, 0, -1, '1', 1.5, null, [1]]) expectFailure(parseInvite(signedLink({ ...rawInvite(), v })), 'malformed')
  })

  it('another type of signed object is not an invite', () => {
    expectFailure(parseInvite(signedLink(rawInvite({ type: 'quire-comment' }))), 'not-an-invite')
  })
})

describe('garbage in, clear errors out', () => {
  it.each([
    ['', 'not-an-invite'],
    ['   ', 'not-an-invite'],
    ['hello', 'not-an-invite'],
    ['https://quire.app/invite#abc.def', 'not-an-invite'],
    ['quire://other#abc.def', 'not-an-invite'],
    ['quire:invite#abc.def', 'not-an-invite'],
    ['javascript:alert(1)//quire://invite#', 'not-an-invite'],
    ['x quire://invite#abc.def', 'not-an-invite'],
    ['quire://invite', 'malformed'],
    ['quire://invite#', 'malformed'],
    ['quire://invite#abcdef', 'malformed'],
    ['quire://invite#ab.cd.ef', 'malformed'],
    ['quire://invite#.AAAA', 'malformed'],
    ['quire://invite#!!!!.####', 'malformed'],
    ['quire://invite#eyJ2IjoxfQ==.AAAA', 'malformed'],
    [`quire://invite#${'A'.repeat(MAX_INVITE_LINK_LENGTH + 4)}.AAAA`, 'too-long'],
    ['x'.repeat(10_000_000), 'too-long'],
  ])('garbage case %#', (text, reason) => {
    expectFailure(parseInvite(text), reason)
  })

  it('non-strings from an untrusted caller are not invites', () => {
    for (const value of [null, undefined, 42, {}, ['quire://invite#a.b']]) {
      expectFailure(parseInvite(value as unknown as string), 'not-an-invite')
    }
  })

  it('JSON that is not an object, or not UTF-8, is malformed', () => {
    for (const body of ['[]', '"quire"', 'null', '1', '{"v":1', '']) expectFailure(parseInvite(signedLink(body)), 'malformed')
    const notUtf8 = new Uint8Array([0x7b, 0xff, 0x7d])
    expectFailure(parseInvite(joinLink(notUtf8, signBytes(author.secretKey, notUtf8))), 'malformed')
  })

  const room = (n: number, fill = 0) => toBase64Url(bytes(n, fill))
  const chapter = (title = 'C', r = room(16)) => ({ room: r, title })
  it.each<[string, Record<string, unknown>]>([
    ['shareId', { shareId: 'short' }],
    ['shareId', { shareId: '../../etc' }],
    ['key', { key: toBase64Url(bytes(31, 1)) }],
    ['key', { key: toBase64Url(bytes(33, 1)) }],
    ['key', { key: 42 }],
    ['author.publicKey', { author: { name: 'A', publicKey: toBase64Url(bytes(31, 1)) } }],
    ['author.publicKey', { author: 'Ada' }],
    ['author.name', { author: { name: '', publicKey: authorKey } }],
    ['author.name', { author: { name: 'x'.repeat(101), publicKey: authorKey } }],
    ['author.name', { author: { publicKey: authorKey } }],
    ['book.title', { book: { title: ' ' } }],
    ['book.title', { book: { title: 'x'.repeat(201) } }],
    ['book.title', { book: null }],
    ['chapters', { chapters: [] }],
    ['chapters', { chapters: Array.from({ length: 201 }, (_, i) => chapter('C', room(16, i))) }],
    ['chapters', { chapters: { 0: chapter() } }],
    ['chapters[0]', { chapters: ['Chapter'] }],
    ['chapters[0].room', { chapters: [chapter('C', room(15))] }],
    ['chapters[0].room', { chapters: [chapter('C', room(65))] }],
    ['chapters[0].room', { chapters: [chapter('C', 'not a room name!')] }],
    ['chapters[1].room', { chapters: [chapter(), chapter()] }],
    ['chapters[0].title', { chapters: [chapter('')] }],
    ['chapters[0].title', { chapters: [chapter('a\u0007b')] }],
    ['rendezvous', { rendezvous: 'wss://x.org' }],
    ['rendezvous', { rendezvous: Array.from({ length: 11 }, (_, i) => ({ kind: 'mqtt', url: `wss://x${i}.org` })) }],
    ['rendezvous[0].kind', { rendezvous: ['wss://x.org'] }],
    ['rendezvous[0].kind', { rendezvous: [{ kind: 'carrier-pigeon', url: 'wss://x.org' }] }],
    ['rendezvous[0].url', { rendezvous: [{ kind: 'signal', url: 'http://x.org' }] }],
    ['rendezvous[0].url', { rendezvous: [{ kind: 'signal', url: 'mqtt://x.org' }] }],
    ['rendezvous[0].url', { rendezvous: [{ kind: 'mqtt', url: 'javascript:alert(1)' }] }],
    ['rendezvous[0].url', { rendezvous: [{ kind: 'mqtt', url: 'mqtt://user:pass@x.org' }] }],
    ['rendezvous[0].url', { rendezvous: [{ kind: 'mqtt', url: ' mqtts://x.org' }] }],
    ['rendezvous[1].url', { rendezvous: [{ kind: 'mqtt', url: 'wss://x.org' }, { kind: 'signal', url: 'ws://' }] }],
    ['rendezvous[0].url', { rendezvous: [{ kind: 'mqtt', url: 42 }] }],
    ['turn', { turn: null }],
    ['turn', { turn: Array.from({ length: 5 }, () => ({ urls: 'turn:t.org', username: 'u', credential: 'c' })) }],
    ['turn[0].urls', { turn: [{ urls: 'stun:t.org', username: 'u', credential: 'c' }] }],
    ['turn[0].urls', { turn: [{ urls: 'turn:u:p@t.org', username: 'u', credential: 'c' }] }],
    ['turn[0].username', { turn: [{ urls: 'turn:t.org:3478', credential: 'c' }] }],
    ['turn[0].credential', { turn: [{ urls: 'turns:t.org:5349?transport=tcp', username: 'u', credential: '' }] }],
    ['turn[0].credential', { turn: [{ urls: 'turn:t.org', username: 'u', credential: 'x'.repeat(513) }] }],
    ['role', { role: 'author' }],
    ['reviewer.name', { reviewer: {} }],
    ['issuedAt', { issuedAt: -1 }],
    ['issuedAt', { issuedAt: 1.5 }],
    ['issuedAt', { issuedAt: '2024-05-01' }],
  ])('invalid %s is refused: %j', (field, changes) => {
    expectFailure(parseInvite(signedLink(rawInvite(changes))), 'invalid-field', field)
  })

  it('a missing top-level field is refused', () => {
    for (const name of Object.keys(fields())) {
      const body: Record<string, unknown> = rawInvite()
      delete body[name]
      const nested: Record<string, string> = { author: 'author.publicKey', book: 'book.title', reviewer: 'reviewer.name', member: 'member.id' }
      const expected = nested[name] ?? name
      expectFailure(parseInvite(signedLink(body)), 'invalid-field', expected)
    }
  })
})

describe('fuzz', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#/: =%\n\u0000é😀'
  const link = createInvite(fields(), author.secretKey)

  it('random edits of a valid link never throw and never pass', () => {
    const random = prng(42)
    const pick = (n: number) => Math.floor(random() * n)
    for (let round = 0; round < 3000; round++) {
      let text = link
      const edits = 1 + pick(4)
      for (let e = 0; e < edits; e++) {
        const at = pick(text.length + 1)
        const char = alphabet[pick(alphabet.length)]!
        const kind = pick(4)
        if (kind === 0) text = text.slice(0, at) + char + text.slice(at + 1)
        else if (kind === 1) text = text.slice(0, at) + char + text.slice(at)
        else if (kind === 2) text = text.slice(0, at) + text.slice(at + 1)
        else text = text.slice(0, at)
      }
      const result = parseInvite(text)
      if (result.ok) {
        // Only edits that change nothing signed may pass: whitespace, prefix case, a slash, or a no-op replacement.
        expect(result.invite).toEqual(parseInvite(link).ok && (parseInvite(link) as { invite: unknown }).invite)
      } else {
        expect(result.message).toBeTruthy()
      }
    }
  })

  it('random signed JSON never throws', () => {
    const random = prng(7)
    const values = [null, true, 0, 1, -1, 2, 1e309, '', 'x', [], {}, 'wss://x.org', authorKey, 'quire-invite', 'reviewer']
    const keys = [...Object.keys(rawInvite()), 'name', 'publicKey', 'title', 'room', '__proto__', 'constructor']
    const build = (depth: number): unknown => {
      if (depth > 3 || random() < 0.4) return values[Math.floor(random() * values.length)]
      if (random() < 0.3) return Array.from({ length: Math.floor(random() * 4) }, () => build(depth + 1))
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [keys[Math.floor(random() * keys.length)]!, build(depth + 1)]))
    }
    for (let round = 0; round < 300; round++) {
      const body = { ...rawInvite(), ...(build(0) as object) }
      expect(() => parseInvite(signedLink(body))).not.toThrow()
    }
  })
})
