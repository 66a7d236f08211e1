import { afterEach, expect, test, vi } from 'vitest'
import * as Y from 'yjs'
import { RETRY_DELAY_MS, UpdateQueue } from './updateQueue'

afterEach(() => vi.useRealTimers())

function typing(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return { doc, updates }
}

function replay(sent: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of sent) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

test('one write in flight; what arrives meanwhile goes out merged in the next, in order', async () => {
  const sent: Uint8Array[] = []
  const releases: Array<() => void> = []
  const queue = new UpdateQueue((update) => {
    sent.push(update)
    return new Promise<void>((resolve) => releases.push(resolve))
  })
  const { doc, updates } = typing()
  for (const word of ['one ', 'two ', 'three']) doc.getText('t').insert(doc.getText('t').length, word)
  queue.push(updates[0]!)
  queue.push(updates[1]!)
  queue.push(updates[2]!)
  expect(sent).toHaveLength(1)
  const done = queue.flush()
  releases.shift()!()
  await vi.waitFor(() => expect(sent).toHaveLength(2))
  releases.shift()!()
  await done
  expect(queue.busy).toBe(false)
  expect(replay(sent)).toBe('one two three')
})

test('a failed write is kept and retried; nothing is lost', async () => {
  vi.useFakeTimers()
  const errors: unknown[] = []
  const sent: Uint8Array[] = []
  let failures = 2
  const queue = new UpdateQueue(
    async (update) => {
      if (failures-- > 0) throw new Error('disk full')
      sent.push(update)
    },
    (error) => errors.push(error),
  )
  const { doc, updates } = typing()
  doc.getText('t').insert(0, 'kept')
  queue.push(updates[0]!)
  const done = queue.flush()
  await vi.advanceTimersByTimeAsync(RETRY_DELAY_MS * 3)
  await done
  expect(errors).toHaveLength(2)
  expect(replay(sent)).toBe('kept')
})

test('with a coalescing window, a burst of typing goes out as one write; flush sends at once', async () => {
  vi.useFakeTimers()
  const sent: Uint8Array[] = []
  const queue = new UpdateQueue(async (update) => void sent.push(update), () => {}, 50)
  const { doc, updates } = typing()
  for (const ch of 'burst') {
    doc.getText('t').insert(doc.getText('t').length, ch)
    queue.push(updates[updates.length - 1]!)
  }
  expect(sent).toHaveLength(0)
  expect(queue.busy).toBe(true)
  await vi.advanceTimersByTimeAsync(50)
  expect(sent).toHaveLength(1)
  expect(replay(sent)).toBe('burst')

  doc.getText('t').insert(5, '!')
  queue.push(updates[updates.length - 1]!)
  expect(sent).toHaveLength(1)
  await queue.flush()
  expect(sent).toHaveLength(2)
  expect(replay(sent)).toBe('burst!')
  expect(queue.busy).toBe(false)
})
