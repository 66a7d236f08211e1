// @vitest-environment jsdom
/**
 * Undo and redo never lose text: the real editor, plugins and persistence,
 * driven the way a writer types.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { openWorkbench, press, textOf, typeText, type Workbench } from './harness'

let bench: Workbench
beforeEach(async () => {
  // Transactions carry Date.now(); a frozen clock makes "typing without a pause" exact.
  vi.useFakeTimers({ toFake: ['Date'] })
  bench = await openWorkbench()
})
afterEach(async () => {
  await bench.close()
  vi.useRealTimers()
})

/** The writer stops for two seconds. */
const pause = () => vi.setSystemTime(Date.now() + 2000)

describe('undo in a new chapter', () => {
  test('undoing a sentence typed in one burst empties the chapter, and redo brings it back', async () => {
    const chapterId = await bench.newChapter()
    const { view, close } = await bench.openEditor(chapterId)
    typeText(view, 'The boat left the harbour at dawn')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('')
    // Anything the editor does next (a selection change, a plugin's meta) must not count as a new change.
    view.dispatch(view.state.tr.setMeta('refresh', true))
    press(view, 'Shift-Mod-z')
    expect(textOf(view)).toBe('The boat left the harbour at dawn')
    press(view, 'Mod-z')
    press(view, 'Mod-y')
    expect(textOf(view)).toBe('The boat left the harbour at dawn')
    await close()
    expect(await bench.storedText(chapterId)).toBe('The boat left the harbour at dawn')
  })

  test('a step is a sentence, not the whole burst', async () => {
    const { view } = await bench.openEditor(await bench.newChapter())
    typeText(view, 'One fish. Two fish. Red fish')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('One fish. Two fish. ')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('One fish. ')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('')
    press(view, 'Shift-Mod-z')
    press(view, 'Shift-Mod-z')
    press(view, 'Shift-Mod-z')
    expect(textOf(view)).toBe('One fish. Two fish. Red fish')
  })

  test('a step never runs past a paragraph break, and a pause ends a step', async () => {
    const { view } = await bench.openEditor(await bench.newChapter())
    typeText(view, 'First paragraph')
    press(view, 'Enter')
    typeText(view, 'Second')
    pause()
    typeText(view, ' paragraph')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('First paragraph\nSecond')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('First paragraph\n')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('')
  })

  test('the same holds for a second sentence typed later', async () => {
    const { view } = await bench.openEditor(await bench.newChapter())
    typeText(view, 'Morning came')
    pause()
    typeText(view, ' and the crew woke')
    press(view, 'Mod-z')
    press(view, 'Mod-z')
    expect(textOf(view)).toBe('')
    view.dispatch(view.state.tr.setMeta('refresh', true))
    press(view, 'Mod-y')
    press(view, 'Mod-y')
    expect(textOf(view)).toBe('Morning came and the crew woke')
  })
})

test('undo history survives switching to another chapter and back', async () => {
  const first = await bench.newChapter('One')
  const second = await bench.newChapter('Two')
  const a = await bench.openEditor(first)
  typeText(a.view, 'Written in chapter one.')
  await a.close()
  const b = await bench.openEditor(second)
  typeText(b.view, 'Chapter two.')
  await b.close()
  const again = await bench.openEditor(first)
  expect(textOf(again.view)).toBe('Written in chapter one.')
  press(again.view, 'Mod-z')
  expect(textOf(again.view)).toBe('')
  press(again.view, 'Shift-Mod-z')
  expect(textOf(again.view)).toBe('Written in chapter one.')
  await again.close()
})
