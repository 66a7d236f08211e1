/**
 * A writing group in a café whose internet is down: two laptops on one LAN,
 * Quire's default settings. The public brokers and STUN servers cannot be
 * reached (not even their names); the peers find each other on the local
 * network and connect directly on it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { Lab } from './lab'
import { LabPeople, type LabPerson } from './people'
import { LAB_TEST_TIMEOUT, LAB_TIMEOUT, shareAndReview } from './roundTrip'
import { chapterConnections, openConnection, rendezvousState } from '../support/connection'

let lab: Lab
let people: LabPeople
let author: LabPerson
let reviewer: LabPerson

beforeAll(async () => {
  lab = await Lab.create()
  const [one, two] = await lab.cafe()
  people = new LabPeople(lab)
  author = await people.person('Ada Author', one)
  reviewer = await people.person('Rita Reviewer', two)
})
afterAll(async () => {
  await people?.stop()
  await lab?.close()
})

test('with no internet, two laptops on one LAN meet on the local network and connect directly', async () => {
  const text = 'The café was warm. Rain ran down the windows all afternoon.'
  await shareAndReview(author.page, reviewer.page, { book: 'Rain', chapter: 'Afternoon', text })
  await expect.poll(() => chapterConnections(reviewer.page, 'Afternoon'), { timeout: LAB_TIMEOUT }).toMatch(/Ada Author — direct on the local network/)
  expect(await rendezvousState(reviewer.page, 'Local network')).toMatch(/Reachable/)
  await expect.poll(() => rendezvousState(reviewer.page, 'mqtts://broker.emqx.io:8883'), { timeout: LAB_TIMEOUT }).toMatch(/Not reachable/)
  // The doctor says why reviewers elsewhere could not join.
  const view = await openConnection(reviewer.page)
  await expect.poll(() => view.getByRole('region', { name: 'What to try' }).textContent(), { timeout: LAB_TIMEOUT }).toMatch(/Only your local network is reachable/)
}, LAB_TEST_TIMEOUT)
