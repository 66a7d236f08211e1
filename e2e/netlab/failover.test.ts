/**
 * A list of meeting places is tried together. Here each person lists their
 * own Quire signaling server first and their own MQTT broker second. The
 * signaling server is down at first: the peers meet through the broker.
 * Then the broker dies mid-session: the connected peers stay connected
 * (their connection is direct), and a new reviewer meets them through the
 * signaling server, which is back by then.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { INTERNET, SIGNAL_PORT } from './addresses'
import { Lab } from './lab'
import { LabPeople, type LabPerson } from './people'
import { LAB_TEST_TIMEOUT, LAB_TIMEOUT, liveEdit, shareAndReview } from './roundTrip'
import { labCertificates, redirectGoogleStunPort, startBroker, startCoturn, startDns, startSignal, type LabService } from './services'
import { chapterConnections, closeConnection, rendezvousState } from '../support/connection'
import { manuscript, openChapter } from '../support/app'
import { comment, joinInvite, shareOpenChapter, syncStatus, threadTexts } from '../support/review'

const SIGNAL = `ws://signal.my-press.example:${SIGNAL_PORT}`
const BROKER = 'mqtt://mqtt.my-press.example:1883'
const OWN_SERVERS = ['--signaling', SIGNAL, '--mqtt', BROKER, '--local-network', 'off']

let lab: Lab
let people: LabPeople
let broker: LabService
let author: LabPerson
let rita: LabPerson

beforeAll(async () => {
  lab = await Lab.create()
  await startDns(lab)
  broker = await startBroker(lab, await labCertificates(lab))
  await startCoturn(lab, INTERNET.publicStun, 'public-stun')
  await redirectGoogleStunPort(lab)
  people = new LabPeople(lab)
  author = await people.person('Ada Author', await lab.home('port-keeping'), { hostArgs: OWN_SERVERS })
  rita = await people.person('Rita Reviewer', await lab.home('port-keeping'), { hostArgs: OWN_SERVERS })
})
afterAll(async () => {
  await people?.stop()
  await lab?.close()
})

test('the first meeting place is down: peers meet through the next; when one dies mid-session, connected peers stay and a new one meets them through another', async () => {
  const text = 'The lighthouse keeper counted the ships. None came that winter.'
  await shareAndReview(author.page, rita.page, { book: 'Keeper', chapter: 'Winter', text })
  expect(await rendezvousState(author.page, SIGNAL)).toMatch(/Not reachable: nothing answers at that address/)
  expect(await rendezvousState(author.page, BROKER)).toMatch(/Reachable/)
  await closeConnection(author.page)

  // The signaling server comes up; both find it on their next retry.
  const signal = await startSignal(lab)
  await expect.poll(() => rendezvousState(author.page, SIGNAL), { timeout: 90_000, interval: 1000 }).toMatch(/Reachable/)
  await closeConnection(author.page)
  await expect.poll(() => rendezvousState(rita.page, SIGNAL), { timeout: 90_000, interval: 1000 }).toMatch(/Reachable/)
  await closeConnection(rita.page)

  // The broker dies. Ada and Rita stay connected: edits still flow.
  await broker.stop()
  await expect.poll(() => rendezvousState(author.page, BROKER), { timeout: LAB_TIMEOUT }).toMatch(/Not reachable/)
  await closeConnection(author.page)
  await openChapter(author.page, 'Winter')
  expect(await syncStatus(author.page).textContent()).toBe('1 peer connected')
  const before = (await manuscript(rita.page).textContent()) ?? ''
  await liveEdit(author.page, rita.page, before, ' Spring did.')

  // A new reviewer joins now: the only meeting place left is the signaling server.
  const sam = await people.person('Sam Second', await lab.home('port-keeping'), { hostArgs: OWN_SERVERS })
  await joinInvite(sam.page, await shareOpenChapter(author.page, 'Sam Second'))
  await expect.poll(() => manuscript(sam.page).textContent(), { timeout: LAB_TIMEOUT }).toBe(`${before} Spring did.`)
  // Sam's key is bound to the invite when Sam and Ada first meet directly; only then do Sam's own changes count.
  // Sam may first get the text through Rita, and a new connection on a loaded machine can take a few tries
  // (each given up after 15 s), so this wait is as long as the retries above. A failure shows who Ada sees.
  try {
    await expect.poll(() => syncStatus(author.page).textContent(), { timeout: 90_000, interval: 1000 }).toBe('2 peers connected')
  } catch (error) {
    const logs = [author, sam].map((p) => `${p.name}'s Quire said:\n${p.host.output().slice(-3000)}`).join('\n')
    throw new Error(`Ada never saw Sam. Ada's connections: ${await chapterConnections(author.page, 'Winter')}; Sam's: ${await chapterConnections(sam.page, 'Winter')}\n${logs}`, { cause: error })
  }
  await comment(sam.page, 'counted the ships', 'How many?')
  await expect.poll(() => threadTexts(author.page), { timeout: LAB_TIMEOUT }).toContainEqual(expect.stringContaining('How many?'))
  await expect.poll(() => chapterConnections(sam.page, 'Winter'), { timeout: LAB_TIMEOUT }).toMatch(/Ada Author — direct through NAT/)
  expect(await rendezvousState(sam.page, BROKER)).toMatch(/Not reachable/)
  expect(await signal.log()).toMatch(/connection from 198\.51\.100\.103/)
}, LAB_TEST_TIMEOUT)
