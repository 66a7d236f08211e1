/**
 * Privacy mode: "Only my own servers and my local network". The author
 * turns it on and uses their own signaling server and STUN server; the
 * reviewer keeps Quire's defaults. They still meet and connect, and the
 * lab's public services (the brokers, the public STUN server and the DNS
 * server that knows their names) never hear from the author's router, as
 * their logs show; the reviewer's router is in every one of them.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { INTERNET, routerAddress, SIGNAL_PORT } from './addresses'
import { Lab } from './lab'
import { LabPeople, type LabPerson } from './people'
import { LAB_TEST_TIMEOUT, LAB_TIMEOUT, shareAndReview } from './roundTrip'
import { labCertificates, redirectGoogleStunPort, startBroker, startCoturn, startDns, startSignal, type LabService } from './services'
import { chapterConnections, rendezvousState } from '../support/connection'

let lab: Lab
let people: LabPeople
let dns: LabService
let broker: LabService
let publicStun: LabService
let author: LabPerson
let reviewer: LabPerson

beforeAll(async () => {
  lab = await Lab.create()
  const certs = await labCertificates(lab)
  dns = await startDns(lab)
  broker = await startBroker(lab, certs)
  publicStun = await startCoturn(lab, INTERNET.publicStun, 'public-stun')
  await redirectGoogleStunPort(lab)
  await startCoturn(lab, INTERNET.turn, 'own-stun')
  await startSignal(lab)
  people = new LabPeople(lab)
  // Quire's defaults plus the author's own servers, with privacy mode on: the public ones stay listed but unused.
  author = await people.person('Ada Author', await lab.home('port-keeping'), {
    caFile: certs.ca,
    hostArgs: ['--privacy', 'on', '--signaling', `ws://signal.my-press.example:${SIGNAL_PORT}`, '--mqtt', 'mqtts://broker.emqx.io:8883',
      '--stun', 'stun:stun.l.google.com:19302', '--stun', 'stun:turn.my-press.example:3478'],
  })
  reviewer = await people.person('Rita Reviewer', await lab.home('port-keeping'), { caFile: certs.ca })
})
afterAll(async () => {
  await people?.stop()
  await lab?.close()
})

test('in privacy mode Quire contacts no public service, and still meets a reviewer on its own server', async () => {
  const text = 'Nobody knew the letter had arrived. It lay unopened for a week.'
  await shareAndReview(author.page, reviewer.page, { book: 'Letters', chapter: 'The Letter', text })
  await expect.poll(() => chapterConnections(reviewer.page, 'The Letter'), { timeout: LAB_TIMEOUT }).toMatch(/Ada Author — direct through NAT/)
  expect(await rendezvousState(author.page, 'mqtts://broker.emqx.io:8883')).toMatch(/Not contacted \(privacy mode\)/)

  const authorRouter = routerAddress(1)
  const reviewerRouter = routerAddress(2)
  const logs = { broker: await broker.log(), stun: await publicStun.log(), dns: await dns.log() }
  const count = (log: string, address: string) => log.split('\n').filter((line) => line.includes(address)).length
  // The reviewer used every public service: the logs do record who connects.
  expect(count(logs.broker, `New connection from ${reviewerRouter}`)).toBeGreaterThan(0)
  expect(count(logs.stun, `remote addr ${reviewerRouter}`)).toBeGreaterThan(0)
  expect(count(logs.dns, `broker.emqx.io from ${reviewerRouter}`)).toBeGreaterThan(0)
  // The author, in privacy mode, none: not even a name lookup.
  expect(count(logs.broker, `from ${authorRouter}`)).toBe(0)
  expect(count(logs.stun, `remote addr ${authorRouter}`)).toBe(0)
  expect(logs.dns.split('\n').filter((line) => line.includes(`from ${authorRouter}`) && /broker\.emqx|broker\.hivemq|test\.mosquitto|stun\.l\.google|stun\.cloudflare/.test(line))).toEqual([])
}, LAB_TEST_TIMEOUT)
