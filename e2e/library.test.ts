import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './support/host'
import { binderTitles, chapterMenu, openChapter, createBook, manuscript, manuscriptHtml, mod, newChapter, openApp } from './support/app'

let browser: Browser
const dirs: string[] = []
const hosts: HostProcess[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  for (const host of hosts) await host.stop()
  for (const dir of dirs) await removeDataDir(dir)
})

async function freshHost(dataDir?: string): Promise<HostProcess> {
  const dir = dataDir ?? (await makeDataDir())
  if (!dataDir) dirs.push(dir)
  const host = await startHost(dir)
  hosts.push(host)
  return host
}

describe('writing a book', () => {
  test('the first screen is an empty library with one obvious action', async () => {
    const host = await freshHost()
    const page = await openApp(browser, host.url)
    await expect.poll(() => page.getByRole('heading', { name: 'Your library is empty' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'New book' }).count()).toBeGreaterThan(0)
    expect(await page.getByRole('navigation', { name: 'Binder' }).count()).toBe(0)
    await page.close()
  })

  test('formatted text survives a reload and a host restart, with the caret where it was', async () => {
    const host = await freshHost()
    let page = await openApp(browser, host.url)
    await createBook(page, 'The Long Field')
    await newChapter(page, 'Arrival')
    const text = manuscript(page)
    await text.pressSequentially('Morning ')
    await page.keyboard.press(`${mod}+b`)
    await text.pressSequentially('bold')
    await page.keyboard.press(`${mod}+b`)
    await text.pressSequentially(' and ')
    await page.keyboard.press(`${mod}+i`)
    await text.pressSequentially('slanted')
    await page.keyboard.press(`${mod}+i`)
    await page.keyboard.press('Enter')
    await text.pressSequentially('## A quieter part')
    await page.keyboard.press('Enter')
    await text.pressSequentially('> Said the fox.')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await text.pressSequentially('- one')
    await page.keyboard.press('Enter')
    await text.pressSequentially('two')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Scene break' }).click()
    await text.pressSequentially('After the break.')
    // Put the caret after "Mor" in the first line.
    await page.getByText('slanted').click()
    await page.keyboard.press('Home')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')

    const expected =
      '<p>Morning <strong>bold</strong> and <em>slanted</em></p><h2>A quieter part</h2><blockquote><p>Said the fox.</p></blockquote>' +
      '<ul><li><p>one</p></li><li><p>two</p></li></ul><hr class="scene-break"><p>After the break.</p>'
    expect(await manuscriptHtml(page)).toBe(expected)
    await expect.poll(() => page.getByTestId('chapter-words').textContent()).toBe('15 words in chapter')

    // Within 500 ms of typing everything is on disk: reload right away.
    await page.waitForTimeout(500)
    await page.reload()
    await manuscript(page).waitFor()
    expect(await manuscriptHtml(page)).toBe(expected)

    await page.close()
    await host.stop()
    const again = await freshHost(host.dataDir)
    page = await openApp(browser, again.url)
    await manuscript(page).waitFor()
    expect(await page.getByRole('textbox', { name: 'Chapter title' }).inputValue()).toBe('Arrival')
    expect(await manuscriptHtml(page)).toBe(expected)
    // Counted again once the chapter is on screen (a count still waiting to be saved when the page went is not lost).
    await expect.poll(() => page.getByTestId('book-words').textContent()).toBe('15 words in book')
    // The caret came back: typing lands after "Mor".
    await page.keyboard.type('X')
    expect(await manuscriptHtml(page)).toContain('<p>MorXning <strong>bold</strong>')
    await page.close()
  })

  test('typing quickly into a busy window keeps every letter where it was typed, after Enter and after Markdown shortcuts', async () => {
    const host = await freshHost()
    const page = await openApp(browser, host.url)
    await createBook(page, 'The Long Field')
    // Keys queue up while the window works (a long chapter loading, a big paste): the next letter comes right after
    // Enter made a new paragraph, or a shortcut turned the block into a heading, quote or list. Six chapters make a slip all but certain.
    for (const title of ['One', 'Two', 'Three', 'Four', 'Five', 'Six']) {
      await newChapter(page, title)
      await page.evaluate(() => {
        const busy = setInterval(() => {
          const end = performance.now() + 40
          while (performance.now() < end);
        }, 45)
        ;(window as unknown as { stopBusy: () => void }).stopBusy = () => clearInterval(busy)
      })
      const text = manuscript(page)
      await text.pressSequentially('The ferry came.')
      await page.keyboard.press('Enter')
      await text.pressSequentially('The tide turned.')
      await page.keyboard.press('Enter')
      await text.pressSequentially('## A quieter part')
      await page.keyboard.press('Enter')
      await text.pressSequentially('> Said the fox.')
      await page.keyboard.press('Enter')
      await page.keyboard.press('Enter')
      await text.pressSequentially('- one')
      await page.keyboard.press('Enter')
      await text.pressSequentially('two')
      await page.evaluate(() => (window as unknown as { stopBusy: () => void }).stopBusy())
      expect(await manuscriptHtml(page)).toBe(
        '<p>The ferry came.</p><p>The tide turned.</p><h2>A quieter part</h2><blockquote><p>Said the fox.</p></blockquote><ul><li><p>one</p></li><li><p>two</p></li></ul>',
      )
    }
    await page.close()
  })

  test('undo and redo through the keyboard and the toolbar', async () => {
    const host = await freshHost()
    const page = await openApp(browser, host.url)
    await createBook(page, 'Drafts')
    await newChapter(page)
    const text = manuscript(page)
    // Undo takes back one sentence at a time, however fast it was typed.
    await text.pressSequentially('First sentence. Second sentence.')
    await page.keyboard.press(`${mod}+z`)
    await expect.poll(() => text.textContent()).toBe('First sentence. ')
    await page.keyboard.press(`${mod}+Shift+z`)
    await expect.poll(() => text.textContent()).toBe('First sentence. Second sentence.')
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => text.textContent()).toBe('First sentence. ')
    await page.getByRole('button', { name: 'Redo' }).click()
    await expect.poll(() => text.textContent()).toBe('First sentence. Second sentence.')
    await page.close()
  })

  test('pasting from a word processor keeps the formatting Quire knows, drops the rest and says what it dropped', async () => {
    const host = await freshHost()
    const page = await openApp(browser, host.url)
    await createBook(page, 'Pasted')
    await newChapter(page)
    // Roughly what Word and Google Docs put on the clipboard.
    const html =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">' +
      '<h1 style="font-family:Calibri"><span style="font-size:20pt">Chapter One</span></h1>' +
      '<p class="MsoNormal" style="margin:0"><span style="font-family:Garamond;color:#333">Plain, </span>' +
      '<span style="font-weight:700">bold</span><span> and </span><span style="font-style:italic">italic</span>' +
      '<span style="color:red;background:yellow"> coloured</span>.</p>' +
      '<table><tr><td>cell text</td></tr></table>' +
      '<ul><li><p>first</p></li><li><p>second</p></li></ul>' +
      '<img src="https://example.org/x.png" alt="x"><p><a href="https://example.org">link text</a></p></b>'
    await manuscript(page).evaluate((el, data) => {
      const transfer = new DataTransfer()
      transfer.setData('text/html', data)
      transfer.setData('text/plain', 'fallback')
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
    }, html)
    await expect
      .poll(() => manuscriptHtml(page))
      .toBe(
        '<h1>Chapter One</h1><p>Plain, <strong>bold</strong> and <em>italic</em> coloured.</p>' +
          '<ul><li><p>first</p></li><li><p>second</p></li></ul>' +
          '<p><a href="https://example.org" title="https://example.org" rel="noopener noreferrer nofollow">link text</a></p>',
      )
    // The table and the image could not come along, and Quire says so.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Pasted without' }).locator('span').first().textContent()).toBe(
      'Pasted without 1 table and 1 image: chapters hold text only.',
    )
    await page.close()
  })

  test('chapters can be renamed, reordered by keyboard and trashed and restored', async () => {
    const host = await freshHost()
    const page = await openApp(browser, host.url)
    await createBook(page, 'Order')
    await newChapter(page, 'One')
    await newChapter(page, 'Two')
    await newChapter(page, 'Three')
    expect(await binderTitles(page)).toEqual(['One', 'Two', 'Three'])

    const binder = page.getByRole('navigation', { name: 'Binder' })
    await binder.getByRole('button', { name: /Three/ }).focus()
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => binderTitles(page)).toEqual(['One', 'Three', 'Two'])
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => binderTitles(page)).toEqual(['Three', 'One', 'Two'])

    await binder.getByRole('button', { name: /One/ }).dragTo(binder.getByRole('button', { name: /Two/ }), {
      targetPosition: { x: 20, y: 20 },
    })
    await expect.poll(() => binderTitles(page)).toEqual(['Three', 'Two', 'One'])

    await openChapter(page, 'Two')
    await chapterMenu(page, 'Move chapter to Trash')
    await expect.poll(() => binderTitles(page)).toEqual(['Three', 'One'])
    await page.getByRole('button', { name: /^Trash/ }).click()
    const item = page.getByRole('listitem', { name: 'Two' })
    await item.getByRole('button', { name: 'Restore' }).click()
    await expect.poll(() => binderTitles(page)).toEqual(['Three', 'Two', 'One'])
    await page.close()
  })

  test('a book goes to the Trash only after confirmation and comes back whole', async () => {
    const host = await freshHost()
    const page = await openApp(browser, host.url)
    await createBook(page, 'Keep me')
    await newChapter(page, 'Only chapter')
    await manuscript(page).pressSequentially('Precious words.')
    await page.getByRole('button', { name: 'Move book to Trash' }).click()
    const confirm = page.getByRole('dialog', { name: 'Move “Keep me” to Trash?' })
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    expect(await page.getByRole('heading', { name: 'Keep me', level: 1 }).count()).toBe(1)
    await page.getByRole('button', { name: 'Move book to Trash' }).click()
    await confirm.getByRole('button', { name: 'Move to Trash' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Your library is empty' }).count()).toBe(1)
    await page.getByRole('button', { name: /^Trash/ }).click()
    await page.getByRole('listitem', { name: 'Keep me' }).getByRole('button', { name: 'Restore' }).click()
    await manuscript(page).waitFor()
    await expect.poll(() => manuscript(page).textContent()).toBe('Precious words.')
    await page.close()
  })

  test('members are added to the network by name and removed after confirmation; settings are validated', async () => {
    const host = await freshHost()
    const page = await openApp(browser, host.url)
    await page.getByRole('button', { name: /^Network/ }).click()
    const network = page.getByRole('region', { name: 'Network' })
    await network.getByRole('textbox', { name: 'Member name' }).fill('Grace Mentor')
    await network.getByRole('button', { name: 'Add member' }).click()
    const row = network.getByRole('row', { name: 'Grace Mentor' })
    await row.waitFor()
    expect(await row.textContent()).toContain('not joined yet')
    await row.getByRole('button', { name: 'Remove' }).click()
    await page.getByRole('dialog', { name: 'Remove Grace Mentor?' }).getByRole('button', { name: 'Remove' }).click()
    await row.waitFor({ state: 'detached' })
    await expect.poll(() => network.getByRole('list', { name: 'Former members' }).textContent()).toContain('Grace Mentor')

    await page.getByRole('button', { name: 'Settings' }).click()
    const settings = page.getByRole('region', { name: 'Settings' })
    // Quire's defaults: the public brokers, the local network, public STUN; no signaling server of one's own.
    const brokers = settings.getByRole('textbox', { name: 'MQTT brokers' })
    expect(await brokers.inputValue()).toBe('mqtts://broker.emqx.io:8883\nmqtts://broker.hivemq.com:8883\nmqtts://test.mosquitto.org:8886')
    const servers = settings.getByRole('textbox', { name: 'Quire signaling servers' })
    expect(await servers.inputValue()).toBe('')
    await servers.fill('http://not-a-websocket')
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => settings.getByRole('alert').textContent()).toContain('must start with ws:// or wss://')
    await servers.fill('wss://signal.example.org')
    await brokers.fill('mqtts://mqtt.example.org:8883')
    await settings.getByRole('checkbox', { name: 'Only my own servers and my local network' }).check()
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => settings.getByRole('status').textContent()).toContain('Saved')
    await page.reload()
    await page.getByRole('button', { name: 'Settings' }).click()
    expect(await page.getByRole('textbox', { name: 'Quire signaling servers' }).inputValue()).toBe('wss://signal.example.org')
    expect(await page.getByRole('textbox', { name: 'MQTT brokers' }).inputValue()).toBe('mqtts://mqtt.example.org:8883')
    expect(await page.getByRole('checkbox', { name: 'Only my own servers and my local network' }).isChecked()).toBe(true)
    await page.close()
  })
})
