// @vitest-environment jsdom
/**
 * The window's SyncHub under React StrictMode, which builds state twice and
 * mounts every effect, unmounts it and mounts it again: the hub must still open
 * shared chapters afterwards, and leave no polling timer behind when the window goes.
 */
import { createElement, StrictMode, act, useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { fingerprint, keyPairFromSeed, memberIdFor, toBase64Url } from '../shared/identity'
import type { LibrarySnapshot } from '../shared/library'
import type * as Y from 'yjs'
import { TEXT_ROOT } from '../shared/ydoc'
import type { SyncHub } from '../renderer/sync/syncHub'
import { useSyncHub } from '../renderer/sync/useSyncHub'
import { useSharedDoc } from '../renderer/sync/useSharedDoc'
import { openWorkbench, typeText, type Workbench } from './harness'

declare global {
  // React reads this to know that updates are wrapped in act().
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined
}

let bench: Workbench
beforeEach(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true
  // jsdom has no WebRTC, an edge we do not own; the hub works offline here, so it is never called.
  class NoWebRtc {
    constructor() {
      throw new Error('WebRTC is not available in this test')
    }
  }
  vi.stubGlobal('RTCPeerConnection', NoWebRtc)
  vi.stubGlobal('RTCSessionDescription', NoWebRtc)
  vi.stubGlobal('RTCIceCandidate', NoWebRtc)
  bench = await openWorkbench()
})
afterEach(async () => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  await bench.close()
})

/** The library as stored, plus one joined chapter (held in `docId`), with Work offline on. */
async function snapshotJoining(docId: string): Promise<LibrarySnapshot> {
  // A shared chapter is only opened for someone with a key to sign with.
  const stored = await bench.api['identity:create']({ name: 'Reader' })
  const authorKey = keyPairFromSeed(new Uint8Array(32).fill(7)).publicKey
  const author = { name: 'Author', publicKey: toBase64Url(authorKey), fingerprint: fingerprint(authorKey), memberId: memberIdFor(authorKey) }
  return {
    ...stored,
    settings: { ...stored.settings, workOffline: true },
    joined: [
      {
        id: 'joined-share',
        key: 'room-key',
        author,
        bookTitle: 'A book',
        chapters: [{ room: 'room', title: 'Chapter', docId, docKey: 'chapter-key' }],
        rendezvous: [],
        turn: [],
        invitedAs: 'Reader',
        joinedAt: 0,
        memberId: 'member-reader',
        inviteSecret: null,
        epoch: 0,
        manifest: null,
        retired: [],
      },
    ],
  }
}

/** Mounts the window's hub under StrictMode; `hub()` is the instance the window kept. */
async function mountWindow(snapshot: LibrarySnapshot | null) {
  let hub: SyncHub | null = null
  function Window() {
    const window = useSyncHub(bench.api, snapshot, (error) => {
      throw error
    })
    useEffect(() => {
      hub = window.hub
    }, [window.hub])
    return null
  }
  const root = createRoot(document.createElement('div'))
  await act(async () => root.render(createElement(StrictMode, null, createElement(Window))))
  return { hub: () => hub!, unmount: () => act(async () => root.unmount()) }
}

test('under StrictMode one status poll and one network plan refresh run while the window is mounted, and none after', async () => {
  // Only intervals are faked: storage and IPC keep their real timers.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  const window = await mountWindow(null)
  expect(vi.getTimerCount()).toBe(2)
  await window.unmount()
  expect(vi.getTimerCount()).toBe(0)
})

test('under StrictMode the hub still opens a shared chapter after its effects ran twice', async () => {
  const chapterId = await bench.newChapter()
  const editor = await bench.openEditor(chapterId)
  typeText(editor.view, 'Shared text')
  await editor.close()

  const window = await mountWindow(await snapshotJoining(chapterId))
  const doc = await window.hub().doc(chapterId)
  expect(doc?.getXmlFragment(TEXT_ROOT).toString()).toContain('Shared text')
  await window.unmount()
})

test('a chapter on screen follows its share into a new epoch (a member was removed), instead of keeping the closed room’s document', async () => {
  const chapterId = await bench.newChapter()
  const before = await snapshotJoining(chapterId)
  let shown: Y.Doc | null = null
  let hub: SyncHub | null = null
  function Window({ snapshot }: { snapshot: LibrarySnapshot }) {
    const window = useSyncHub(bench.api, snapshot, (error) => {
      throw error
    })
    hub = window.hub
    shown = useSharedDoc(window.hub, chapterId)
    return null
  }
  const root = createRoot(document.createElement('div'))
  await act(async () => root.render(createElement(StrictMode, null, createElement(Window, { snapshot: before }))))
  await vi.waitFor(() => expect(shown).not.toBeNull())
  const first = shown
  const joined = before.joined[0]!
  const after: LibrarySnapshot = {
    ...before,
    joined: [{ ...joined, key: 'room-key-2', epoch: 1, chapters: [{ ...joined.chapters[0]!, room: 'room-2' }], retired: [{ epoch: 0, key: joined.key, rooms: [{ docKey: 'chapter-key', room: 'room' }] }] }],
  }
  await act(async () => root.render(createElement(StrictMode, null, createElement(Window, { snapshot: after }))))
  // The hub reopens the chapter in the new room, with a new document; the window shows that one.
  await vi.waitFor(() => expect(hub!.currentDoc(chapterId)).not.toBe(first))
  await vi.waitFor(() => expect(shown).toBe(hub!.currentDoc(chapterId)))
  await act(async () => root.unmount())
})
