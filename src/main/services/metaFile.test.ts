import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openJsonFile, type Sanitizer } from './metaFile'
import { makeTempDir, type TempDir } from './testing/tempDir'

interface Book {
  id: string
  title: string
}
interface Library {
  books: Book[]
}

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)
const KEPT_AS = 'library.json.damaged-2024-05-01T12-00-00-000Z'
const defaults = (): Library => ({ books: [] })

function isBook(value: unknown): value is Book {
  const book = value as Partial<Book> | null
  return typeof book?.id === 'string' && typeof book.title === 'string'
}

/** Keeps well-formed books; anything else counts as dropped. */
const sanitizeLibrary: Sanitizer<Library> = (raw) => {
  const books = (raw as { books?: unknown } | null)?.books
  if (!Array.isArray(books)) return { value: defaults(), dropped: 1 }
  const valid = books.filter(isBook).map(({ id, title }) => ({ id, title }))
  return { value: { books: valid }, dropped: books.length - valid.length }
}

let temp: TempDir
let file: string

beforeEach(async () => {
  temp = await makeTempDir()
  file = path.join(temp.dir, 'library.json')
})
afterEach(() => temp.cleanup())

function open() {
  return openJsonFile(file, defaults, sanitizeLibrary, { now: () => NOW })
}

describe('openJsonFile', () => {
  it('starts from defaults when the file is missing, and writes through lowdb', async () => {
    const { db, problems } = await open()
    expect(problems).toEqual([])
    expect(db.data).toEqual({ books: [] })
    expect(await readdir(temp.dir)).toEqual([])

    db.data.books.push({ id: 'book-0001', title: 'Draft' })
    await db.write()
    const reopened = await open()
    expect(reopened.problems).toEqual([])
    expect(reopened.db.data).toEqual({ books: [{ id: 'book-0001', title: 'Draft' }] })
  })

  it('loads a valid file as it is', async () => {
    const library = { books: [{ id: 'book-0001', title: 'Draft' }] }
    await writeFile(file, JSON.stringify(library))
    const { db, problems } = await open()
    expect(problems).toEqual([])
    expect(db.data).toEqual(library)
    expect(await readdir(temp.dir)).toEqual(['library.json'])
  })

  it('keeps invalid JSON aside and starts from defaults', async () => {
    const damaged = Buffer.from('{"books": [{"id": "book-0001", "ti')
    await writeFile(file, damaged)

    const { db, problems } = await open()

    expect(db.data).toEqual({ books: [] })
    expect(problems).toEqual([
      {
        file: 'library.json',
        keptAs: KEPT_AS,
        message:
          'Quire\'s data file "library.json" could not be read (it is not valid JSON). ' +
          `Quire started it afresh and kept the damaged file as "${KEPT_AS}", so nothing in it is lost.`,
      },
    ])
    expect(await readFile(path.join(temp.dir, KEPT_AS))).toEqual(damaged)
    // The next write replaces the damaged original; the copy stays.
    await db.write()
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ books: [] })
    expect(await readFile(path.join(temp.dir, KEPT_AS))).toEqual(damaged)
  })

  it('keeps the valid records of a wrong shape and the original aside', async () => {
    const original = Buffer.from(
      JSON.stringify({
        books: [
          { id: 'book-0001', title: 'Kept' },
          { id: 42, title: 'Bad id' },
          'not a book',
          { id: 'book-0002', title: 'Also kept' },
        ],
      }),
    )
    await writeFile(file, original)

    const { db, problems } = await open()

    expect(db.data).toEqual({
      books: [
        { id: 'book-0001', title: 'Kept' },
        { id: 'book-0002', title: 'Also kept' },
      ],
    })
    expect(problems).toEqual([
      {
        file: 'library.json',
        keptAs: KEPT_AS,
        message:
          'Quire\'s data file "library.json" contained 2 entries it could not understand. ' +
          `Quire kept everything else and kept the original file as "${KEPT_AS}".`,
      },
    ])
    expect(await readFile(path.join(temp.dir, KEPT_AS))).toEqual(original)
  })

  it('treats a sanitizer that throws like unreadable content', async () => {
    const original = Buffer.from('{"books": []}')
    await writeFile(file, original)
    const { db, problems } = await openJsonFile(
      file,
      defaults,
      () => {
        throw new Error('nope')
      },
      { now: () => NOW },
    )
    expect(db.data).toEqual({ books: [] })
    expect(problems.map((p) => p.keptAs)).toEqual([KEPT_AS])
    expect(problems[0]!.message).toContain('its contents were not understood')
    expect(await readFile(path.join(temp.dir, KEPT_AS))).toEqual(original)
  })

  it('moves an unreadable file aside untouched', async () => {
    // A directory where the file should be: readFile fails with EISDIR even as root.
    await mkdir(file)
    await writeFile(path.join(file, 'inside.txt'), 'still here')

    const { db, problems } = await open()

    expect(db.data).toEqual({ books: [] })
    expect(problems).toHaveLength(1)
    expect(problems[0]!.keptAs).toBe(KEPT_AS)
    expect(problems[0]!.message).toMatch(/^Quire's data file "library.json" could not be read \(the file could not be opened: E/)
    expect(await readFile(path.join(temp.dir, KEPT_AS, 'inside.txt'), 'utf8')).toBe('still here')
    await db.write()
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ books: [] })
  })
})

describe('writes', () => {
  it('are on disk when they resolve, even when many overlap, and leave no temp file behind', async () => {
    const { db } = await open()
    const writes: Promise<void>[] = []
    for (let i = 0; i < 50; i++) {
      db.data.books.push({ id: `b${i}`, title: `Book ${i}` })
      writes.push(db.write())
      if (i === 25) {
        await writes[i]
        // A write resolves only once its own change is in the file.
        expect(JSON.parse(await readFile(file, 'utf8')).books).toHaveLength(26)
      }
    }
    await Promise.all(writes)
    expect(JSON.parse(await readFile(file, 'utf8')).books).toHaveLength(50)
    // No temp file; the file each write replaced is kept as the previous generation.
    expect((await readdir(temp.dir)).sort()).toEqual(['library.json', 'library.json.previous'])
    expect(JSON.parse(await readFile(`${file}.previous`, 'utf8')).books.length).toBeLessThan(50)
  })
})

describe('the previous generation', () => {
  /** Two saves: the previous generation holds the first. */
  async function saveTwice(): Promise<void> {
    const { db } = await open()
    db.data.books.push({ id: 'book-0001', title: 'First' })
    await db.write()
    db.data.books.push({ id: 'book-0002', title: 'Second' })
    await db.write()
  }

  it('restores a file that is not JSON any more, and says from when', async () => {
    await saveTwice()
    await writeFile(file, '{"books": [ garbage')
    const { db, problems } = await open()
    expect(db.data.books.map((b) => b.title)).toEqual(['First'])
    expect(problems).toHaveLength(1)
    expect(problems[0]!.message).toMatch(/^Quire's library file "library.json" was damaged \(it is not valid JSON\)\. Quire restored it from the copy it saved .*: your books, chapters, network, shares and settings are as they were then\. A change made after that, if there was one, is missing\. The damaged file was kept as "library\.json\.damaged-/)
    // The repaired library is on disk at once; the damaged file is not the previous generation.
    expect(JSON.parse(await readFile(file, 'utf8')).books).toHaveLength(1)
    expect(JSON.parse(await readFile(`${file}.previous`, 'utf8')).books).toHaveLength(1)
  })

  it('fills only what the damage took, and names it', async () => {
    await saveTwice()
    await writeFile(file, JSON.stringify({ books: [{ id: 'book-0002', title: 'Second' }, { id: 7 }] }))
    const repair = (current: { value: Library }, previous: Library) => {
      const missing = previous.books.filter((b) => !current.value.books.some((c) => c.id === b.id))
      return { value: { books: [...missing, ...current.value.books] }, restored: missing.map((b) => `the book “${b.title}”`) }
    }
    const { db, problems } = await openJsonFile(file, defaults, sanitizeLibrary, { now: () => NOW, repair })
    expect(db.data.books.map((b) => b.title)).toEqual(['First', 'Second'])
    expect(problems[0]!.message).toContain('(1 of its entries could not be understood). Quire read everything else from the file and took from the copy it saved')
    expect(problems[0]!.message).toContain(': the book “First”.')
  })

  it('brings back a file that was deleted', async () => {
    await saveTwice()
    await unlink(file)
    const { db, problems } = await open()
    expect(db.data.books.map((b) => b.title)).toEqual(['First'])
    expect(problems[0]!.message).toContain('(it was missing)')
  })
})
