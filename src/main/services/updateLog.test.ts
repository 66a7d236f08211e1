import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeRecord, HEADER_BYTES, RECORD_HEADER_BYTES, scanLog, UnsupportedLogVersionError } from './logFormat'
import { makeTempDir, type TempDir } from './testing/tempDir'
import { docFrom, recordingDoc, TEXT_ROOT, textOf } from './testing/textDoc'
import type { LogDamageReport, LogProblem } from './problems'
import { DocStore, type LogCodec } from './updateLog'

const DOC = 'chapter-one'
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)
const KEPT_AS = `${DOC}.log.damaged-2024-05-01T12-00-00-000Z`

let temp: TempDir
let logFile: string

beforeEach(async () => {
  temp = await makeTempDir()
  logFile = path.join(temp.dir, `${DOC}.log`)
})
afterEach(() => temp.cleanup())

function store(options: ConstructorParameters<typeof DocStore>[1] = {}): DocStore {
  return new DocStore(temp.dir, { now: () => NOW, ...options })
}

/** The raw records on disk, without any Yjs validation. */
async function recordsOnDisk(): Promise<Uint8Array[]> {
  return scanLog(await readFile(logFile), () => true).records.map((record) => new Uint8Array(record))
}

/** Writes `count` edits ("line 0\n", "line 1\n", …) through a fresh store and returns the updates. */
async function writeLines(count: number): Promise<Uint8Array[]> {
  const { text, updates } = recordingDoc()
  for (let i = 0; i < count; i++) text.insert(text.length, `line ${i}\n`)
  const docs = store()
  for (const update of updates) await docs.append(DOC, update)
  return updates
}

/** Byte offset of record `index` in a log holding `records`. */
function offsetOfRecord(records: readonly Uint8Array[], index: number): number {
  return HEADER_BYTES + records.slice(0, index).reduce((sum, r) => sum + RECORD_HEADER_BYTES + r.length, 0)
}

function lines(count: number): string {
  return Array.from({ length: count }, (_, i) => `line ${i}\n`).join('')
}

/** Asserts the one problem a damaged log should produce, and that the copy is what was on disk. */
async function expectDamageReported(
  problems: readonly LogProblem[],
  damaged: Uint8Array,
  report: Partial<LogDamageReport>,
): Promise<void> {
  expect(problems).toHaveLength(1)
  const [problem] = problems
  expect(problem).toMatchObject({ file: `${DOC}.log`, keptAs: KEPT_AS, log: { docId: DOC, ...report } })
  expect(problem!.message).toContain(`The damaged file was kept as "${KEPT_AS}".`)
  expect(new Uint8Array(await readFile(path.join(temp.dir, KEPT_AS)))).toEqual(new Uint8Array(damaged))
}

/** After repair the log is clean: a fresh store loads it without problems and can keep appending. */
async function expectRepairedLog(expectedText: string): Promise<void> {
  const docs = store()
  const again = await docs.load(DOC)
  expect(again.problems).toEqual([])
  const doc = docFrom(again.update)
  expect(doc.getText(TEXT_ROOT).toString()).toBe(expectedText)
  const { text, updates } = recordingDoc()
  if (again.update.length > 0) Y.applyUpdate(text.doc!, again.update)
  updates.length = 0
  text.insert(text.length, 'after repair\n')
  await docs.append(DOC, updates[0]!)
  expect(textOf((await store().load(DOC)).update)).toBe(expectedText + 'after repair\n')
}

describe('DocStore round trip', () => {
  it('reloads exactly the text that real edits produced', async () => {
    const { doc, text, updates } = recordingDoc()
    text.insert(0, 'Chapter One\n')
    text.insert(text.length, 'It was a dark and stormy night.\n')
    text.delete(0, 8) // "Chapter " goes
    text.format(0, 3, { bold: true })
    text.insert(3, ' (draft)')
    const docs = store()
    for (const update of updates) await docs.append(DOC, update)

    const { update, problems } = await store().load(DOC)
    expect(problems).toEqual([])
    const reloaded = docFrom(update)
    expect(reloaded.getText(TEXT_ROOT).toString()).toBe(text.toString())
    expect(reloaded.getText(TEXT_ROOT).toDelta()).toEqual(text.toDelta())
    expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(doc))
    expect(await recordsOnDisk()).toHaveLength(updates.length)
  })

  it('treats a missing log as an empty document and creates nothing', async () => {
    const docs = store()
    expect(await docs.load(DOC)).toEqual({ update: new Uint8Array(0), problems: [] })
    expect(await docs.has(DOC)).toBe(false)
    expect(await docs.list()).toEqual([])
    expect(await readdir(temp.dir)).toEqual([])
  })

  it('lists, checks and removes documents', async () => {
    await writeLines(2)
    const docs = store()
    await docs.append('second-doc', new Uint8Array([0, 0])) // an empty Yjs update
    await writeFile(path.join(temp.dir, 'notes.txt'), 'not a log')
    expect(await docs.list()).toEqual(['chapter-one', 'second-doc'])
    expect(await docs.has(DOC)).toBe(true)
    await docs.remove(DOC)
    expect(await docs.has(DOC)).toBe(false)
    expect(await docs.list()).toEqual(['second-doc'])
    expect((await docs.load(DOC)).update).toHaveLength(0)
  })

  it('creates the directory on first append', async () => {
    const nested = path.join(temp.dir, 'data', 'docs')
    const { text, updates } = recordingDoc()
    text.insert(0, 'hello')
    await new DocStore(nested).append(DOC, updates[0]!)
    expect(textOf((await new DocStore(nested).load(DOC)).update)).toBe('hello')
  })

  it('rejects bad document ids and non-updates without touching the disk', async () => {
    const docs = store()
    await expect(docs.load('../etc')).rejects.toThrow(/Invalid document id/)
    await expect(docs.append('short', new Uint8Array([0, 0]))).rejects.toThrow(/Invalid document id/)
    await expect(docs.append(DOC, new Uint8Array([1, 2, 3]))).rejects.toThrow(/Not a valid record/)
    await expect(docs.append(DOC, 'text' as unknown as Uint8Array)).rejects.toThrow(/Not a valid record/)
    expect(await readdir(temp.dir)).toEqual([])
  })

  it('keeps what was appended even if the caller reuses its buffer', async () => {
    const { text, updates } = recordingDoc()
    text.insert(0, 'kept')
    const buffer = updates[0]!
    const docs = store()
    const pending = docs.append(DOC, buffer)
    buffer.fill(0)
    await pending
    expect(textOf((await docs.load(DOC)).update)).toBe('kept')
  })
})

describe('DocStore ordering', () => {
  it('writes concurrent appends to one document in call order', async () => {
    const { text, updates } = recordingDoc()
    for (let i = 0; i < 60; i++) text.insert(text.length, `${i}:${'x'.repeat((i * 37) % 500)}\n`)
    const docs = store({ compactAfterRecords: 1000 })
    await Promise.all(updates.map((update) => docs.append(DOC, update)))
    expect(await recordsOnDisk()).toEqual(updates)
    expect(textOf((await docs.load(DOC)).update)).toBe(text.toString())
  })

  it('keeps documents independent and flush waits for all of them', async () => {
    const a = recordingDoc()
    const b = recordingDoc()
    for (let i = 0; i < 20; i++) {
      a.text.insert(a.text.length, `a${i} `)
      b.text.insert(b.text.length, `b${i} `)
    }
    const docs = store()
    const finished: string[] = []
    for (let i = 0; i < 20; i++) {
      void docs.append('doc-aaaa', a.updates[i]!).then(() => finished.push(`a${i}`))
      void docs.append('doc-bbbb', b.updates[i]!).then(() => finished.push(`b${i}`))
    }
    await docs.flush()
    expect(finished).toHaveLength(40)
    expect(finished.filter((x) => x.startsWith('a'))).toEqual(a.updates.map((_, i) => `a${i}`))
    expect(textOf((await docs.load('doc-aaaa')).update)).toBe(a.text.toString())
    expect(textOf((await docs.load('doc-bbbb')).update)).toBe(b.text.toString())
  })

  it('sees appends issued before a load', async () => {
    const { text, updates } = recordingDoc()
    text.insert(0, 'one ')
    text.insert(4, 'two')
    const docs = store()
    void docs.append(DOC, updates[0]!)
    void docs.append(DOC, updates[1]!)
    expect(textOf((await docs.load(DOC)).update)).toBe('one two')
  })
})

describe('DocStore compaction', () => {
  it('compacts the logs it wrote to when asked at the end of a session', async () => {
    await writeLines(5)
    const docs = store()
    const { text, updates } = recordingDoc()
    Y.applyUpdate(text.doc!, (await docs.load(DOC)).update)
    updates.length = 0
    text.insert(text.length, 'one more\n')
    await docs.append(DOC, updates[0]!)
    expect(await recordsOnDisk()).toHaveLength(6)
    await docs.compactTouched()
    expect(await recordsOnDisk()).toHaveLength(1)
    expect(textOf((await store().load(DOC)).update)).toBe(lines(5) + 'one more\n')
  })

  it('shrinks the log to one record with identical content', async () => {
    const { doc, text, updates } = recordingDoc()
    for (let i = 0; i < 200; i++) text.insert(text.length, `line ${i}\n`)
    text.delete(0, 50)
    const docs = store({ compactAfterRecords: 10_000 })
    for (const update of updates) await docs.append(DOC, update)
    const before = (await stat(logFile)).size

    await docs.compact(DOC)

    expect((await stat(logFile)).size).toBeLessThan(before / 2)
    expect(await recordsOnDisk()).toHaveLength(1)
    // The merged state is also kept as the newest generation, the first one as the previous.
    expect((await readdir(temp.dir)).sort()).toEqual([`${DOC}.log`, `${DOC}.snap1`, `${DOC}.snap2`])
    const snapshot = scanLog(await readFile(path.join(temp.dir, `${DOC}.snap1`)), () => true).records.map((r) => new Uint8Array(r))
    expect(snapshot).toEqual(await recordsOnDisk())
    const { update, problems } = await store().load(DOC)
    expect(problems).toEqual([])
    const fresh = docFrom(update)
    expect(fresh.getText(TEXT_ROOT).toString()).toBe(text.toString())
    expect(Y.encodeStateVector(fresh)).toEqual(Y.encodeStateVector(doc))
    // Same structs and the same deletions: nothing lost, nothing duplicated.
    expect(Y.encodeStateAsUpdate(fresh)).toEqual(Y.encodeStateAsUpdate(doc))
  })

  it('compacts automatically once the record threshold is passed', async () => {
    const { text, updates } = recordingDoc()
    const docs = store({ compactAfterRecords: 10 })
    for (let i = 0; i < 25; i++) {
      text.insert(text.length, `line ${i}\n`)
      await docs.append(DOC, updates[i]!)
      expect((await recordsOnDisk()).length).toBeLessThanOrEqual(10)
    }
    // 25 appends, compacting on the 11th record each time: 1 merged + 4 since.
    expect(await recordsOnDisk()).toHaveLength(5)
    expect(textOf((await store().load(DOC)).update)).toBe(lines(25))
  })

  it('compacts automatically once the byte threshold is passed', async () => {
    const { text, updates } = recordingDoc()
    const docs = store({ compactAfterBytes: 2000, compactAfterRecords: 10_000 })
    for (let i = 0; i < 20; i++) {
      text.insert(text.length, `${'y'.repeat(300)}\n`)
      await docs.append(DOC, updates[i]!)
    }
    const records = await recordsOnDisk()
    const afterFirst = records.slice(1).reduce((sum, r) => sum + RECORD_HEADER_BYTES + r.length, 0)
    expect(records.length).toBeLessThan(20)
    expect(afterFirst).toBeLessThanOrEqual(2000)
    expect(textOf((await store().load(DOC)).update)).toBe(text.toString())
  })

  it('does not recompact a large merged state on every append', async () => {
    const { text, updates } = recordingDoc()
    text.insert(0, 'z'.repeat(5000))
    const docs = store({ compactAfterBytes: 1000 })
    await docs.append(DOC, updates[0]!)
    text.insert(0, 'a')
    await docs.append(DOC, updates[1]!)
    expect(await recordsOnDisk()).toHaveLength(2)
  })

  it('does not rewrite a log whose records cannot fold on every append', async () => {
    // Records a compaction must keep, as signed envelopes waiting for a missing one are.
    let compactions = 0
    const keepsAll: LogCodec = {
      isValid: (record) => record.length > 0,
      compact: (records) => {
        compactions++
        return { records: [...records], incomplete: true }
      },
      summary: (records) => String(records.length),
    }
    const docs = store({ codec: keepsAll, compactAfterBytes: 1000 })
    const written = [...Array.from({ length: 10 }, (_, i) => new Uint8Array(600).fill(i + 1)), ...Array.from({ length: 20 }, (_, i) => new Uint8Array(50).fill(i + 20))]
    for (const record of written) await docs.append(DOC, record)
    expect(await recordsOnDisk()).toEqual(written)
    // Growth must pass what the last compaction kept: a few compactions over 30 appends, not one per append.
    expect(compactions).toBeGreaterThan(0)
    expect(compactions).toBeLessThanOrEqual(4)
  })
})

describe('DocStore recovery', () => {
  it('recovers everything before a torn last record', async () => {
    await writeLines(3)
    const intact = await readFile(logFile)
    const torn = intact.subarray(0, intact.length - 3)
    await writeFile(logFile, torn)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe(lines(2))
    await expectDamageReported(problems, torn, { tornTail: true })
    expect(problems[0]!.message).toContain('the last change Quire was saving when it stopped could not be read')
    await expectRepairedLog(lines(2))
  })

  it('recovers from a file truncated inside a record header', async () => {
    await writeLines(3)
    const intact = await readFile(logFile)
    const cut = offsetOfRecord(await recordsOnDisk(), 1) + 5
    const truncated = intact.subarray(0, cut)
    await writeFile(logFile, truncated)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe(lines(1))
    await expectDamageReported(problems, truncated, { tornTail: true })
    await expectRepairedLog(lines(1))
  })

  it('reads past garbage in the middle: the changes after it that do not build on it come back', async () => {
    // Three lines, then a later session (another Yjs client) writes at the start, which does not build on the third.
    const { text, updates } = recordingDoc()
    for (let i = 0; i < 3; i++) text.insert(text.length, `line ${i}\n`)
    const later = recordingDoc()
    Y.applyUpdate(later.doc, Y.encodeStateAsUpdate(text.doc!))
    later.updates.length = 0
    later.text.insert(0, 'top\n')
    const docs = store()
    for (const update of [...updates, ...later.updates]) await docs.append(DOC, update)
    const intact = new Uint8Array(await readFile(logFile))
    const thirdAt = offsetOfRecord(await recordsOnDisk(), 2)
    const damaged = intact.slice()
    damaged.fill(0x5a, thirdAt + RECORD_HEADER_BYTES, thirdAt + RECORD_HEADER_BYTES + 4)
    await writeFile(logFile, damaged)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe('top\n' + lines(2))
    await expectDamageReported(problems, damaged, { tornTail: false, missingChanges: 1, incomplete: false, restoredFrom: null })
    expect(problems[0]!.message).toContain('1 change could not be read and is missing.')
    await expectRepairedLog('top\n' + lines(2))
  })

  it('says when later changes could not be placed because they build on what was lost', async () => {
    await writeLines(4)
    const damaged = new Uint8Array(await readFile(logFile))
    const thirdAt = offsetOfRecord(await recordsOnDisk(), 2)
    damaged.fill(0x5a, thirdAt + RECORD_HEADER_BYTES, thirdAt + RECORD_HEADER_BYTES + 4)
    await writeFile(logFile, damaged)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe(lines(2))
    await expectDamageReported(problems, damaged, { missingChanges: 1, incomplete: true })
  })

  it('brings a damaged compacted state back from the generation saved beside it, with nothing missing', async () => {
    const { text, updates } = recordingDoc()
    for (let i = 0; i < 40; i++) text.insert(text.length, `line ${i}\n`)
    const docs = store({ compactAfterRecords: 30 })
    for (const update of updates) await docs.append(DOC, update)
    // 40 lines: compacted after the 31st, then 9 more appended.
    expect(await recordsOnDisk()).toHaveLength(10)
    const damaged = new Uint8Array(await readFile(logFile))
    const middle = HEADER_BYTES + RECORD_HEADER_BYTES + 60
    damaged.fill(0x00, middle, middle + 40)
    await writeFile(logFile, damaged)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe(lines(40))
    await expectDamageReported(problems, damaged, { missingChanges: 0, incomplete: false, restoredFrom: { file: `${DOC}.snap1`, savedAt: expect.any(Number) } })
    expect(problems[0]!.message).toContain('Nothing is missing.')
    await expectRepairedLog(lines(40))
  })

  it('falls back to the previous generation when the newest one is damaged too', async () => {
    const { text, updates } = recordingDoc()
    for (let i = 0; i < 70; i++) text.insert(text.length, `line ${i}\n`)
    const docs = store({ compactAfterRecords: 30 })
    for (const update of updates) await docs.append(DOC, update)
    // Compacted after the 31st and the 61st line: snap2 holds 31 lines, snap1 61, the log 61 + 9.
    const snap1 = path.join(temp.dir, `${DOC}.snap1`)
    const smashed = new Uint8Array(await readFile(snap1))
    smashed.fill(0xff, HEADER_BYTES + 20, HEADER_BYTES + 60)
    await writeFile(snap1, smashed)
    const damaged = new Uint8Array(await readFile(logFile))
    damaged.fill(0x00, HEADER_BYTES + 30, HEADER_BYTES + 70)
    await writeFile(logFile, damaged)

    const { update, problems } = await store().load(DOC)

    // Lines 31–60 were only in the damaged state; the later lines build on them and cannot be placed.
    expect(textOf(update)).toBe(lines(31))
    await expectDamageReported(problems, damaged, { missingChanges: 1, incomplete: true, restoredFrom: { file: `${DOC}.snap2`, savedAt: expect.any(Number) } })
  })

  it('reads the records behind a damaged file header', async () => {
    await writeLines(2)
    const damaged = new Uint8Array(await readFile(logFile))
    damaged[0] = 'X'.charCodeAt(0)
    await writeFile(logFile, damaged)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe(lines(2))
    await expectDamageReported(problems, damaged, { missingChanges: 0, incomplete: false })
    await expectRepairedLog(lines(2))
  })

  it('a file cut inside its header comes back from its saved generation, and says more may be missing', async () => {
    await writeLines(1)
    const truncated = (await readFile(logFile)).subarray(0, 4)
    await writeFile(logFile, truncated)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe(lines(1))
    await expectDamageReported(problems, truncated, { missingChanges: null })
    expect(problems[0]!.message).toContain('may be missing')
    await expectRepairedLog(lines(1))
  })

  it('skips a record with a valid checksum that is not a Yjs update and reads on', async () => {
    await writeLines(2)
    const intact = new Uint8Array(await readFile(logFile))
    const garbage = encodeRecord(new TextEncoder().encode('hello world garbage'))
    const { text, updates } = recordingDoc()
    Y.applyUpdate(text.doc!, textDocUpdate(intact))
    updates.length = 0
    text.insert(text.length, 'line 2\n')
    const later = encodeRecord(updates[0]!)
    const damaged = new Uint8Array([...intact, ...garbage, ...later])
    await writeFile(logFile, damaged)

    const { update, problems } = await store().load(DOC)

    expect(textOf(update)).toBe(lines(3))
    await expectDamageReported(problems, damaged, { missingChanges: 1 })
    await expectRepairedLog(lines(3))
  })

  it('checks the log before the first append, so new records never hide behind damage', async () => {
    const written = await writeLines(2)
    const torn = (await readFile(logFile)).subarray(0, -2)
    await writeFile(logFile, torn)
    // Another editor that saw only the first line adds one after it.
    const { text, updates } = recordingDoc()
    Y.applyUpdate(text.doc!, written[0]!)
    updates.length = 0
    text.insert(text.length, 'new\n')

    const docs = store()
    await docs.append(DOC, updates[0]!)
    const { update, problems } = await docs.load(DOC)

    expect(textOf(update)).toBe('line 0\nnew\n')
    expect(problems.map((p) => p.keptAs)).toEqual([KEPT_AS])
    expect(new Uint8Array(await readFile(path.join(temp.dir, KEPT_AS)))).toEqual(new Uint8Array(torn))
    expect((await docs.load(DOC)).problems).toEqual([])
  })

  it('keeps both copies when the same log is damaged twice in one millisecond', async () => {
    await writeLines(2)
    const first = (await readFile(logFile)).subarray(0, -1)
    await writeFile(logFile, first)
    await store().load(DOC)
    const second = (await readFile(logFile)).subarray(0, -1)
    await writeFile(logFile, second)
    const { problems } = await store().load(DOC)
    expect(problems[0]!.keptAs).toBe(`${KEPT_AS}-2`)
    expect(new Uint8Array(await readFile(path.join(temp.dir, KEPT_AS)))).toEqual(new Uint8Array(first))
    expect(new Uint8Array(await readFile(path.join(temp.dir, `${KEPT_AS}-2`)))).toEqual(new Uint8Array(second))
  })

  it('refuses a log from a newer version instead of "repairing" it', async () => {
    await writeLines(1)
    const future = new Uint8Array(await readFile(logFile))
    future[HEADER_BYTES - 1] = 9
    await writeFile(logFile, future)
    await expect(store().load(DOC)).rejects.toBeInstanceOf(UnsupportedLogVersionError)
    expect(new Uint8Array(await readFile(logFile))).toEqual(future)
    expect((await readdir(temp.dir)).sort()).toEqual([`${DOC}.log`, `${DOC}.snap1`])
  })

  it('removes temp files left by a crash mid-write, and nothing else', async () => {
    await writeLines(2)
    await writeFile(`${logFile}.4242-abcdef.tmp`, 'half-written')
    await writeFile(path.join(temp.dir, `${DOC}.snap1.4242-012345.tmp`), 'half-written')
    await store().removeStaleTempFiles()
    expect((await readdir(temp.dir)).sort()).toEqual([`${DOC}.log`, `${DOC}.snap1`])
    expect(textOf((await store().load(DOC)).update)).toBe(lines(2))
  })
})

/** Merges the records of an intact log file, to build on its state. */
function textDocUpdate(log: Uint8Array): Uint8Array {
  return Y.mergeUpdates(scanLog(log, () => true).records)
}
