/**
 * 8. Reach: an author and a reviewer on two networks of the network lab
 * (e2e/netlab), each a host and a Chromium process in their own namespace.
 * Per path, each run starts both with fresh data folders: the author shares,
 * and the bench times, inside the pages (Date.now(), one clock for both):
 *
 * - Join → the chapter's text on the reviewer's screen;
 * - the first comment round trip: the reviewer's comment reaching the
 *   author, plus the author's reply reaching the reviewer (the time the
 *   bench itself takes to type the reply is left out).
 *
 * Baseline, same path, same run, same two browsers: a bare RTCPeerConnection
 * with the same STUN/TURN servers, offer and answer passed by the bench
 * (each side's candidates gathered first), until its data channel opens; and
 * one message there and back on it.
 */
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { INVITE_TURN_TTL_SECONDS, turnRestCredential } from '../../src/shared/network'
import { createBook, manuscript, newChapter, openApp } from '../../e2e/support/app'
import { CHROMIUM, CHROMIUM_FLAGS } from '../../e2e/support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from '../../e2e/support/host'
import { commentsPanel, selectText, shareOpenChapter } from '../../e2e/support/review'
import { chapterConnections, closeConnection } from '../../e2e/support/connection'
import { INTERNET, SIGNAL_PORT, TURN_SECRET } from '../../e2e/netlab/addresses'
import { Lab, type Netns } from '../../e2e/netlab/lab'
import { labCertificates, startBroker, startCoturn, startDns, startSignal } from '../../e2e/netlab/services'
import { ms, type Row, type WorkloadResult } from '../lib/report'
import type { Session } from '../lib/session'
import { median, ratio } from '../lib/stats'

export interface ReachConfig {
  runs: number
}

interface Path {
  key: string
  label: string
  /** Where each side sits. */
  place: (lab: Lab) => Promise<[Netns, Netns]>
  hostArgs: string[]
  /** ICE servers for the bare baseline: what Quire gives WebRTC on this path. */
  iceServers: RTCIceServer[]
  expect: RegExp
}

const SIGNAL = `ws://${INTERNET.signal}:${SIGNAL_PORT}`
const BROKER = `mqtt://${INTERNET.broker}:1883`
const OWN_STUN = `stun:${INTERNET.turn}:3478`
const OWN_TURN = `turn:${INTERNET.turn}:3478?transport=udp`
const turnCredential = () => turnRestCredential(TURN_SECRET, 'bench', Date.now() / 1000 + INVITE_TURN_TTL_SECONDS)

const PATHS: Path[] = [
  {
    key: 'lan',
    label: 'LAN (café, no internet; local network discovery)',
    place: (lab) => lab.cafe(),
    hostArgs: ['--signaling', SIGNAL, '--stun', 'none'],
    iceServers: [],
    expect: /direct on the local network/,
  },
  {
    key: 'stunMqtt',
    label: 'NAT with STUN, meeting on an MQTT broker',
    place: async (lab) => [await lab.home('port-keeping'), await lab.home('port-keeping')],
    hostArgs: ['--mqtt', BROKER, '--stun', OWN_STUN, '--local-network', 'off'],
    iceServers: [{ urls: OWN_STUN }],
    expect: /direct through NAT/,
  },
  {
    key: 'stunSignal',
    label: 'NAT with STUN, meeting on Quire’s signaling server',
    place: async (lab) => [await lab.home('port-keeping'), await lab.home('port-keeping')],
    hostArgs: ['--signaling', SIGNAL, '--stun', OWN_STUN, '--local-network', 'off'],
    iceServers: [{ urls: OWN_STUN }],
    expect: /direct through NAT/,
  },
  {
    key: 'relay',
    label: 'Symmetric NAT, relayed by TURN (signaling server)',
    place: async (lab) => [await lab.home('symmetric'), await lab.home('symmetric')],
    hostArgs: ['--signaling', SIGNAL, '--stun', 'none', '--local-network', 'off', '--turn', `${OWN_TURN};secret=${TURN_SECRET};name=bench`],
    iceServers: [{ urls: OWN_TURN, ...turnCredential() }],
    expect: /relayed through a TURN server/,
  },
]

interface Sample {
  joinToText: number
  commentRoundTrip: number
  bareConnect: number
  bareRoundTrip: number
}

export async function reachWorkload(session: Session, config: ReachConfig): Promise<WorkloadResult> {
  const lab = await Lab.create()
  const figures: Record<string, unknown> = {}
  const baseline: Record<string, unknown> = {}
  const ratios: Record<string, number> = {}
  const rows: Row[] = []
  const notes = ['Medians over runs; each run starts both people afresh (new data folders, new identities).']
  try {
    const certs = await labCertificates(lab)
    await startDns(lab)
    await startBroker(lab, certs)
    await startSignal(lab)
    await startCoturn(lab, INTERNET.turn, 'own-turn')
    // BENCH_REACH_PATHS=relay,lan runs some paths only.
    const wanted = process.env.BENCH_REACH_PATHS?.split(',')
    for (const path of PATHS.filter((p) => !wanted || wanted.includes(p.key))) {
      const [a, b] = await path.place(lab)
      const browsers = [await browserIn(lab, a), await browserIn(lab, b)] as const
      const samples: Sample[] = []
      try {
        // One warm-up run (first launches, caches), then the counted ones.
        for (let run = 0; run <= config.runs; run++) {
          const sample = await measureRun(lab, path, [a, b], browsers, run)
          session.log(`  ${path.key} run ${run}${run === 0 ? ' (warm-up)' : ''}: join→text ${ms(sample.joinToText)}, comment round trip ${ms(sample.commentRoundTrip)}; bare connect ${ms(sample.bareConnect)}, bare round trip ${ms(sample.bareRoundTrip)}`)
          if (run > 0) samples.push(sample)
        }
      } catch (error) {
        // One path failing (its baseline included) must not hide the others.
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error)
        session.log(`  ${path.key} failed: ${reason}`)
        notes.push(`${path.key}: not measured (${reason})`)
        rows.push({ measure: `${path.label}: not measured (${reason.slice(0, 120)})`, quire: '', baseline: '', ratio: '' })
        continue
      } finally {
        for (const browser of browsers) await browser.close()
      }
      const m = (key: keyof Sample) => median(samples.map((s) => s[key]))
      figures[path.key] = { joinToText: m('joinToText'), commentRoundTrip: m('commentRoundTrip') }
      baseline[path.key] = { bareConnect: m('bareConnect'), bareRoundTrip: m('bareRoundTrip') }
      ratios[`${path.key}.joinToText`] = ratio(m('joinToText'), m('bareConnect'))
      ratios[`${path.key}.commentRoundTrip`] = ratio(m('commentRoundTrip'), m('bareRoundTrip'))
      rows.push({ measure: `${path.label}: Join → chapter text (vs bare connection)`, quire: ms(m('joinToText')), baseline: ms(m('bareConnect')), ratio: `${ratios[`${path.key}.joinToText`]!.toFixed(2)}×` })
      rows.push({ measure: '  first comment round trip (vs one data-channel round trip)', quire: ms(m('commentRoundTrip')), baseline: ms(m('bareRoundTrip')), ratio: `${ratios[`${path.key}.commentRoundTrip`]!.toFixed(1)}×` })
    }
  } finally {
    await lab.close()
  }
  return {
    id: 8,
    name: 'reach',
    title: 'Reach (network lab)',
    params: { runs: config.runs, paths: PATHS.map((p) => p.key) },
    figures,
    baseline,
    ratio: ratios,
    notes,
    rows,
  }
}

function browserIn(lab: Lab, ns: Netns): Promise<Browser> {
  return lab.chromiumIn(ns, CHROMIUM).then((executablePath) => chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS }))
}

async function measureRun(lab: Lab, path: Path, places: [Netns, Netns], browsers: readonly [Browser, Browser], run: number): Promise<Sample> {
  const dirs = [await makeDataDir(), await makeDataDir()]
  const hosts: HostProcess[] = []
  const pages: Page[] = []
  try {
    for (const [i, ns] of places.entries()) hosts.push(await startHost(dirs[i]!, path.hostArgs, (command, args) => lab.spawn(ns, command, args)))
    const [author, reviewer] = [await openApp(browsers[0], hosts[0]!.url, 'Ada Author'), await openApp(browsers[1], hosts[1]!.url, 'Rita Reviewer')]
    pages.push(author, reviewer)
    const text = `Run ${run}: the harbour was quiet before dawn.`
    await createBook(author, 'Tidewater')
    await newChapter(author, 'The Harbour')
    await manuscript(author).pressSequentially(text)
    const link = await shareOpenChapter(author, 'Rita Reviewer')

    // Join → text.
    await reviewer.getByRole('button', { name: 'Open invite' }).click()
    const dialog = reviewer.getByRole('dialog', { name: 'Open invite' })
    await dialog.getByRole('textbox', { name: 'Invite link' }).fill(link)
    await stampWhen(reviewer, 'text', `document.querySelector('[aria-label="Chapter text"]')?.textContent === ${JSON.stringify(text)}`)
    const joinedAt = await reviewer.evaluate(() => {
      const button = [...document.querySelectorAll('dialog button')].find((b) => b.textContent === 'Join') as HTMLButtonElement
      const at = Date.now()
      button.click()
      return at
    })
    const textAt = await waitStamp(reviewer, 'text')

    // First comment round trip.
    await manuscript(reviewer).focus()
    await selectText(reviewer, 'harbour was quiet')
    await reviewer.getByRole('button', { name: 'Comment', exact: true }).click()
    await commentsPanel(reviewer).getByRole('textbox', { name: 'Comment' }).fill('Too quiet?')
    await stampWhen(author, 'comment', `document.querySelector('.thread-list')?.textContent?.includes('Too quiet?')`)
    const postedAt = await clickStamped(reviewer, '[aria-label="Comments"] button', 'Post')
    const commentAt = await waitStamp(author, 'comment')
    const thread = commentsPanel(author).getByRole('listitem', { name: /Comment by Rita Reviewer/ })
    await thread.getByRole('button', { name: 'Reply' }).click()
    await thread.getByRole('textbox', { name: 'Reply' }).fill('On purpose.')
    await stampWhen(reviewer, 'reply', `document.querySelector('.thread-list')?.textContent?.includes('On purpose.')`)
    const repliedAt = await clickStamped(author, '[aria-label="Comments"] li button', 'Post')
    const replyAt = await waitStamp(reviewer, 'reply')

    // The path really is the one this row is about.
    const connections = await chapterConnections(reviewer, 'The Harbour')
    if (!path.expect.test(connections)) throw new Error(`${path.key}: expected ${path.expect}, the Connection view says “${connections}”`)
    await closeConnection(reviewer)

    const bare = await bareConnection(browsers, path.iceServers)
    return { joinToText: textAt - joinedAt, commentRoundTrip: commentAt - postedAt + (replyAt - repliedAt), ...bare }
  } finally {
    for (const page of pages) await page.close().catch(() => {})
    for (const host of hosts) await host.stop()
    for (const dir of dirs) await removeDataDir(dir)
  }
}

/** Records Date.now() in the page the moment `condition` (a JS expression) first holds. */
async function stampWhen(page: Page, name: string, condition: string): Promise<void> {
  await page.evaluate(
    ({ name, condition }) => {
      const stamps = ((window as unknown as { __stamps?: Record<string, number> }).__stamps ??= {})
      delete stamps[name]
      const check = new Function(`return ${condition}`) as () => boolean
      const observer = new MutationObserver(() => {
        if (check()) {
          stamps[name] = Date.now()
          observer.disconnect()
        }
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    },
    { name, condition },
  )
}

async function waitStamp(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => (window as unknown as { __stamps?: Record<string, number> }).__stamps?.[n], name, { timeout: 120_000 })
  return (await handle.jsonValue()) as number
}

/** Clicks the button with `label` under `selector` from inside the page, returning when it was clicked. */
function clickStamped(page: Page, selector: string, label: string): Promise<number> {
  return page.evaluate(
    ({ selector, label }) => {
      const button = [...document.querySelectorAll(selector)].find((b) => b.textContent === label) as HTMLButtonElement
      const at = Date.now()
      button.click()
      return at
    },
    { selector, label },
  )
}

/** A bare RTCPeerConnection between the two browsers on the same path: time to an open data channel, and one round trip. */
async function bareConnection(browsers: readonly [Browser, Browser], iceServers: RTCIceServer[]): Promise<{ bareConnect: number; bareRoundTrip: number }> {
  const [a, b] = [await browsers[0].newPage(), await browsers[1].newPage()]
  try {
    const setup = (config: RTCConfiguration) => {
      const w = window as unknown as { pc: RTCPeerConnection; channel: RTCDataChannel; opened: Promise<number> }
      w.pc = new RTCPeerConnection(config)
      w.channel = w.pc.createDataChannel('bare', { negotiated: true, id: 0 })
      w.channel.onmessage = (event) => {
        if (event.data === 'ping') w.channel.send('pong')
      }
      w.opened = new Promise((resolve) => (w.channel.onopen = () => resolve(Date.now())))
    }
    const gathered = async (description: Promise<RTCSessionDescriptionInit>) => {
      const w = window as unknown as { pc: RTCPeerConnection }
      await w.pc.setLocalDescription(await description)
      // Every candidate first (no trickle channel here), but never longer than 5 s.
      await new Promise<void>((resolve) => {
        if (w.pc.iceGatheringState === 'complete') return resolve()
        w.pc.onicegatheringstatechange = () => w.pc.iceGatheringState === 'complete' && resolve()
        setTimeout(resolve, 5000)
      })
      return w.pc.localDescription!.toJSON()
    }
    const config = { iceServers }
    await a.evaluate(setup, config)
    await b.evaluate(setup, config)
    const startedAt = await a.evaluate(() => Date.now())
    const offer = await a.evaluate(`(${gathered.toString()})(window.pc.createOffer())`)
    await b.evaluate((sdp) => (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription(sdp as RTCSessionDescriptionInit), offer)
    const answer = await b.evaluate(`(${gathered.toString()})(window.pc.createAnswer())`)
    await a.evaluate((sdp) => (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription(sdp as RTCSessionDescriptionInit), answer)
    const openedAt = await a.evaluate(() => {
      const w = window as unknown as { opened: Promise<number>; pc: RTCPeerConnection }
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`the bare connection did not open in 30 s (${w.pc.connectionState}, ice ${w.pc.iceConnectionState})`)), 30_000),
      )
      return Promise.race([w.opened, timeout])
    })
    const roundTrip = await a.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const w = window as unknown as { channel: RTCDataChannel }
          const sent = performance.now()
          w.channel.onmessage = (event) => event.data === 'pong' && resolve(performance.now() - sent)
          w.channel.send('ping')
        }),
    )
    return { bareConnect: openedAt - startedAt, bareRoundTrip: roundTrip }
  } finally {
    await a.close()
    await b.close()
  }
}
