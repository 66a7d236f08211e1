/**
 * Two people at home, each behind their own router, with Quire's default
 * settings: the invite is all the reviewer gets. The lab's DNS answers the
 * public brokers' and STUN servers' names with the lab's Mosquitto and
 * coturn, so the true defaults are what is tested.
 */
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { INTERNET } from './addresses'
import { Lab } from './lab'
import { LabPeople, type LabPerson } from './people'
import { LAB_TEST_TIMEOUT, LAB_TIMEOUT, liveEdit, shareAndReview } from './roundTrip'
import { labCertificates, redirectGoogleStunPort, startBroker, startCoturn, startDns, type LabService } from './services'
import { chapterConnections, closeConnection, openConnection } from '../support/connection'
import { manuscript } from '../support/app'
import { comment, syncStatus, threadTexts } from '../support/review'

let lab: Lab
let people: LabPeople
let broker: LabService
let author: LabPerson
let reviewer: LabPerson

beforeAll(async () => {
  lab = await Lab.create()
  const certs = await labCertificates(lab)
  await startDns(lab)
  broker = await startBroker(lab, certs)
  await startCoturn(lab, INTERNET.publicStun, 'public-stun')
  await redirectGoogleStunPort(lab)
  people = new LabPeople(lab)
  author = await people.person('Ada Author', await lab.home('port-keeping'), { caFile: certs.ca })
  reviewer = await people.person('Rita Reviewer', await lab.home('port-keeping'), { caFile: certs.ca })
})
afterAll(async () => {
  await people?.stop()
  await lab?.close()
})

test('with default settings, two homes behind NAT meet through the public brokers and connect directly through STUN', async () => {
  const text = 'The harbour was quiet before dawn. Gulls argued over the nets.'
  await shareAndReview(author.page, reviewer.page, { book: 'Tidewater', chapter: 'The Harbour', text })

  // The connection doctor says how: directly, through the routers, and that the brokers are reachable.
  await expect.poll(() => chapterConnections(reviewer.page, 'The Harbour'), { timeout: LAB_TIMEOUT }).toMatch(/Ada Author — direct through NAT/)
  const view = await openConnection(reviewer.page)
  await expect.poll(() => view.getByRole('row', { name: 'mqtts://broker.emqx.io:8883' }).textContent()).toMatch(/Reachable/)
  await expect.poll(() => view.getByRole('listitem', { name: 'stun:stun.l.google.com:19302' }).textContent(), { timeout: LAB_TIMEOUT }).toMatch(/answered: the internet sees this computer as 198\.51\.100\.10\d/)
  await closeConnection(reviewer.page)
  // Both routers' addresses reached the broker: these homes really went through the lab's internet.
  const log = await broker.log()
  expect(log).toMatch(/New connection from 198\.51\.100\.101/)
  expect(log).toMatch(/New connection from 198\.51\.100\.102/)
}, LAB_TEST_TIMEOUT)

test('a crafted client on the broker: garbage, oversized and replayed messages are ignored and logged; without the key it joins nothing', async () => {
  // Mallory listens on the broker from before a new reviewer connects, so she records real signaling.
  const mallory = lab.spawn(lab.internet, process.execPath, ['--import', 'tsx', 'e2e/netlab/mallory.ts', `mqtt://${INTERNET.broker}:1883`], { cwd: process.cwd() })
  const events: Array<{ event: string; topics?: string[]; recorded?: string[] }> = []
  createInterface({ input: mallory.stdout! }).on('line', (line) => events.push(JSON.parse(line)))
  await expect.poll(() => events.some((e) => e.event === 'listening'), { timeout: LAB_TIMEOUT }).toBe(true)

  // The reviewer goes offline and back: the reconnection's signaling passes Mallory's way.
  const toggle = reviewer.page.getByRole('button', { name: 'Work offline' })
  await toggle.click()
  await expect.poll(() => syncStatus(reviewer.page).textContent()).toBe('Offline')
  await toggle.click()
  await expect.poll(() => syncStatus(reviewer.page).textContent(), { timeout: LAB_TIMEOUT }).toBe('1 peer connected')
  await expect.poll(() => events.some((e) => e.event === 'first-message'), { timeout: LAB_TIMEOUT }).toBe(true)

  mallory.stdin!.write('attack\n')
  await expect.poll(() => events.find((e) => e.event === 'report'), { timeout: LAB_TIMEOUT }).toBeTruthy()
  const report = events.find((e) => e.event === 'report')!
  // What she saw is opaque: room names and ciphertext, never the chapter or anyone's name.
  expect(report.topics!.length).toBeGreaterThan(0)
  for (const payload of report.recorded!) {
    expect(payload).not.toMatch(/harbour|Ada Author|Rita Reviewer|Gulls/)
    const { data } = JSON.parse(payload) as { data: string }
    expect(Buffer.from(data, 'base64').toString('latin1')).not.toMatch(/harbour|Ada Author|Rita Reviewer|Gulls/)
  }

  for (const person of [author, reviewer]) {
    await expect.poll(() => person.host.output(), { timeout: LAB_TIMEOUT }).toMatch(/ignored a malformed message/)
    await expect.poll(() => person.host.output()).toMatch(/ignored an oversized message/)
    await expect.poll(() => person.host.output()).toMatch(/ignored a replayed message/)
  }
  // Her forged announcement (wrong key) made no one connect to her, and nothing broke.
  await expect.poll(() => syncStatus(author.page).textContent(), { timeout: LAB_TIMEOUT }).toBe('1 peer connected')
  await expect.poll(() => syncStatus(reviewer.page).textContent(), { timeout: LAB_TIMEOUT }).toBe('1 peer connected')
  await comment(reviewer.page, 'Gulls argued', 'Which gulls?')
  await expect.poll(() => threadTexts(author.page), { timeout: LAB_TIMEOUT }).toContainEqual(expect.stringContaining('Which gulls?'))
  const before = (await manuscript(reviewer.page).textContent()) ?? ''
  await liveEdit(author.page, reviewer.page, before, ' Night fell.')

  // The doctor tells the user about it, in plain words.
  const view = await openConnection(author.page)
  await expect.poll(() => view.getByRole('region', { name: 'What to try' }).textContent(), { timeout: LAB_TIMEOUT }).toMatch(/Quire ignored/)
  await closeConnection(author.page)
}, LAB_TEST_TIMEOUT)
