/**
 * Two homes behind symmetric NATs (a new port for every destination, as
 * carrier-grade NAT does): STUN cannot help, only a TURN relay connects them.
 * The author sets up their own TURN server with a shared secret in
 * Settings and puts it in the invite; the reviewer sets up nothing. They
 * meet on the author's own Quire signaling server, which the invite names;
 * the public brokers the reviewer also tries are down.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { INTERNET, SIGNAL_PORT, TURN_SECRET } from './addresses'
import { Lab } from './lab'
import { LabPeople, type LabPerson } from './people'
import { LAB_TEST_TIMEOUT, LAB_TIMEOUT, shareAndReview } from './roundTrip'
import { startCoturn, startDns, startSignal, type LabService } from './services'
import { chapterConnections, closeConnection, openConnection, rendezvousState } from '../support/connection'

let lab: Lab
let people: LabPeople
let turn: LabService
let author: LabPerson
let reviewer: LabPerson
const OWN_SIGNAL = `ws://signal.my-press.example:${SIGNAL_PORT}`

beforeAll(async () => {
  lab = await Lab.create()
  await startDns(lab)
  await startSignal(lab)
  turn = await startCoturn(lab, INTERNET.turn, 'own-turn')
  people = new LabPeople(lab)
  author = await people.person('Ada Author', await lab.home('symmetric'), { hostArgs: ['--signaling', OWN_SIGNAL, '--stun', 'none'] })
  reviewer = await people.person('Rita Reviewer', await lab.home('symmetric'))
})
afterAll(async () => {
  await people?.stop()
  await lab?.close()
})

test('behind symmetric NATs only TURN connects: the invite carries the author’s TURN server, and the path is relayed', async () => {
  const a = author.page
  await a.getByRole('button', { name: 'Settings' }).click()
  const settings = a.getByRole('region', { name: 'Settings' })
  await settings.getByRole('button', { name: 'Add TURN server' }).click()
  const server = settings.getByRole('group', { name: 'TURN server 1' })
  await server.getByRole('textbox', { name: 'Address' }).fill('turn:turn.my-press.example:3478?transport=udp')
  await server.getByRole('combobox', { name: 'Sign-in' }).selectOption('secret')
  await server.getByRole('textbox', { name: 'Shared secret', exact: true }).fill(TURN_SECRET)
  await settings.getByRole('button', { name: 'Save settings' }).click()
  await expect.poll(() => settings.getByRole('status').textContent()).toMatch(/Saved/)

  // The doctor checks the TURN server with the credentials made from the secret.
  const view = await openConnection(a)
  await expect.poll(() => view.getByRole('listitem', { name: 'turn:turn.my-press.example:3478?transport=udp' }).textContent(), { timeout: LAB_TIMEOUT }).toMatch(
    /accepted the credentials and relays through 198\.51\.100\.13/,
  )
  await closeConnection(a)
  await a.getByRole('button', { name: 'New book' }).first().waitFor()

  const text = 'Snow fell on the ridge all night. By morning the pass was closed.'
  await shareAndReview(a, reviewer.page, { book: 'High Pass', chapter: 'Snow', text }, { includeTurn: true })

  await expect.poll(() => chapterConnections(reviewer.page, 'Snow'), { timeout: LAB_TIMEOUT }).toMatch(/Ada Author — relayed through a TURN server/)
  await expect.poll(() => chapterConnections(a, 'Snow'), { timeout: LAB_TIMEOUT }).toMatch(/Rita Reviewer — relayed through a TURN server/)
  // The reviewer met the author on the signaling server the invite named; the public brokers answered nothing.
  expect(await rendezvousState(reviewer.page, OWN_SIGNAL)).toMatch(/Reachable/)
  expect(await rendezvousState(reviewer.page, 'mqtts://broker.emqx.io:8883')).toMatch(/Not reachable: (that name could not be found|nothing answers)/)
  // Both routers' addresses allocated relays: the secret-made credentials worked for the reviewer too.
  const log = await turn.log()
  expect(log).toMatch(/remote addr 198\.51\.100\.101/)
  expect(log).toMatch(/remote addr 198\.51\.100\.102/)
}, LAB_TEST_TIMEOUT)
