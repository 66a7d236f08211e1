/**
 * Renders the README's network screenshots in the network lab: Settings with
 * a TURN server, and the Connection view of a reviewer at home who met the
 * author through the (lab's) public brokers. As root:
 * `scripts/netns-run npx tsx scripts/screenshots-reach.ts` after `npx electron-vite build`.
 */
import { INTERNET, TURN_SECRET } from '../e2e/netlab/addresses'
import { Lab } from '../e2e/netlab/lab'
import { LabPeople } from '../e2e/netlab/people'
import { labCertificates, redirectGoogleStunPort, startBroker, startCoturn, startDns } from '../e2e/netlab/services'
import { createBook, manuscript, newChapter } from '../e2e/support/app'
import { openConnection } from '../e2e/support/connection'
import { joinInvite, shareOpenChapter, syncStatus } from '../e2e/support/review'

async function main(): Promise<void> {
  const lab = await Lab.create()
  const people = new LabPeople(lab)
  try {
    const certs = await labCertificates(lab)
    await startDns(lab)
    await startBroker(lab, certs)
    await startCoturn(lab, INTERNET.publicStun, 'public-stun')
    await startCoturn(lab, INTERNET.turn, 'own-turn')
    await redirectGoogleStunPort(lab)
    const author = await people.person('Ada Lindqvist', await lab.home('port-keeping'), { caFile: certs.ca })
    const reviewer = await people.person('Rita Okafor', await lab.home('port-keeping'), { caFile: certs.ca })
    const a = author.page

    await a.getByRole('button', { name: 'Settings' }).click()
    const settings = a.getByRole('region', { name: 'Settings' })
    await settings.getByRole('button', { name: 'Add TURN server' }).click()
    const server = settings.getByRole('group', { name: 'TURN server 1' })
    await server.getByRole('textbox', { name: 'Address' }).fill('turn:turn.my-press.example:3478?transport=udp')
    await server.getByRole('combobox', { name: 'Sign-in' }).selectOption('secret')
    await server.getByRole('textbox', { name: 'Shared secret', exact: true }).fill(TURN_SECRET)
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await settings.getByRole('status').waitFor()
    await a.setViewportSize({ width: 1280, height: 1500 })
    await a.screenshot({ path: 'docs/settings-network.png' })
    await a.setViewportSize({ width: 1280, height: 860 })

    await createBook(a, 'The Crossing')
    await newChapter(a, 'The Six O’Clock Ferry')
    await manuscript(a).pressSequentially('The ferry left at six, whether or not anyone was on it.', { delay: 0 })
    await joinInvite(reviewer.page, await shareOpenChapter(a, 'Rita Okafor'))
    const r = reviewer.page
    await r.getByText('The ferry left at six').waitFor({ timeout: 60_000 })
    for (let i = 0; i < 60 && (await syncStatus(r).textContent()) !== '1 peer connected'; i++) await r.waitForTimeout(500)
    const view = await openConnection(r)
    await view.getByText(/direct through NAT/).waitFor({ timeout: 60_000 })
    await view.getByText(/answered: the internet sees/).first().waitFor({ timeout: 30_000 })
    await r.setViewportSize({ width: 1280, height: 1000 })
    await r.waitForTimeout(500)
    await r.screenshot({ path: 'docs/connection.png' })
  } finally {
    await people.stop()
    await lab.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
