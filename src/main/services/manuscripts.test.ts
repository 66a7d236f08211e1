import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createDispatcher } from '../../shared/dispatch'
import { LIBRARY_FILE, openServices, type QuireServices } from './services'
import { makeTempDir, type TempDir } from './testing/tempDir'

let dir: TempDir
let services: QuireServices | undefined

afterEach(async () => {
  await services?.close()
  await dir?.cleanup()
})

const CONTACT = { name: 'Ada Lovelace', address: '12 St James’s Square\nLondon', email: 'ada@example.org', phone: '', font: 'courier' as const }

test('the export dialog’s details are remembered across restarts, and bad ones are refused', async () => {
  dir = await makeTempDir()
  services = await openServices(dir.dir)
  const dispatch = createDispatcher(services.handlers)
  expect(await dispatch('settings:set', { manuscript: CONTACT })).toMatchObject({ ok: true })
  expect(await dispatch('settings:set', { manuscript: { ...CONTACT, font: 'comic sans' } })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  expect(await dispatch('settings:set', { manuscript: { ...CONTACT, name: 'x'.repeat(101) } })).toMatchObject({
    ok: false,
    error: { code: 'invalid-argument', message: 'Invalid request to settings:set: manuscript.name is too long (100 characters at most).' },
  })
  await services.close()
  services = await openServices(dir.dir)
  expect(services.library.snapshot().settings.manuscript).toEqual(CONTACT)
})

test('damaged export details in library.json are dropped, the other settings kept', async () => {
  dir = await makeTempDir()
  services = await openServices(dir.dir)
  await services.handlers['settings:set']({ workOffline: true, manuscript: CONTACT })
  await services.close()
  const file = join(dir.dir, LIBRARY_FILE)
  const data = JSON.parse(await readFile(file, 'utf8')) as { settings: Record<string, unknown> }
  data.settings.manuscript = { name: 42 }
  await writeFile(file, JSON.stringify(data))
  services = await openServices(dir.dir)
  expect(services.library.snapshot().settings.manuscript).toBeUndefined()
  expect(services.library.snapshot().settings.workOffline).toBe(true)
})

test('export:pdf goes to the host’s printer, and says plainly when there is none', async () => {
  dir = await makeTempDir()
  services = await openServices(dir.dir)
  expect(await createDispatcher(services.handlers)('export:pdf', { html: '<p>x</p>', fileName: 'Book.pdf' })).toEqual({
    ok: false,
    error: { code: 'unavailable', message: 'Saving a PDF this way needs the desktop app; here, choose “Save as PDF” in the print dialog.' },
  })
  await services.close()
  const printed: Array<[string, string]> = []
  services = await openServices(dir.dir, { savePdf: async (html, fileName) => (printed.push([html, fileName]), { saved: true }) })
  const dispatch = createDispatcher(services.handlers)
  expect(await dispatch('export:pdf', { html: '<p>x</p>', fileName: 'Book.pdf' })).toEqual({ ok: true, value: { saved: true } })
  expect(printed).toEqual([['<p>x</p>', 'Book.pdf']])
  expect(await dispatch('export:pdf', { html: '', fileName: 'Book.pdf' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  expect(await dispatch('export:pdf', { html: 42, fileName: 'Book.pdf' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
})
