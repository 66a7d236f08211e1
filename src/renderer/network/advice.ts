/**
 * What to change when peers do not connect, worked out from what the
 * connection view knows. Pure, so every rule is tested on its own.
 */
import { isPublicService } from '../../shared/network'
import type { NetworkStatus } from '../../shared/networkStatus'
import type { IceCheck } from './iceCheck'
import type { ChapterConnections } from './useChapterConnections'

const STUCK_AFTER_MS = 10_000

export interface AdviceInput {
  status: NetworkStatus
  workOffline: boolean
  /** Results of checking each STUN/TURN server, by address; absent while checking. */
  checks: ReadonlyMap<string, IceCheck>
  chapters: readonly ChapterConnections[]
}

export function adviceFor({ status, workOffline, checks, chapters }: AdviceInput): string[] {
  if (workOffline) return ['Work offline is on, so Quire connects to nobody. Turn it off in the status bar to connect.']
  const advice: string[] = []
  const used = status.rendezvous.filter((r) => r.state !== 'skipped')
  const inUse = used.filter((r) => r.state !== 'idle')
  const reached = used.filter((r) => r.state === 'connected')
  const internet = used.filter((r) => r.kind !== 'lan')
  const lanOnly = reached.length > 0 && reached.every((r) => r.kind === 'lan')

  if (status.privacyMode && internet.length === 0) {
    advice.push(
      'Privacy mode is on and you have no server of your own, so only peers on your local network can find you. Add your own MQTT broker or signaling server in Settings, or switch privacy mode off.',
    )
  }
  if (inUse.length > 0 && reached.length === 0) {
    advice.push(
      'Quire reaches none of its meeting places. Check that this computer is online; if your network blocks them, add a broker or signaling server it allows (Settings).',
    )
  } else if (lanOnly && internet.some((r) => r.state === 'failed')) {
    advice.push('Only your local network is reachable: reviewers elsewhere cannot find you until a broker or signaling server answers.')
  }

  const stun = status.iceServers.filter((s) => !s.skipped && /^stuns?:/.test(s.urls))
  const turn = status.iceServers.filter((s) => !s.skipped && /^turns?:/.test(s.urls))
  const stunChecked = stun.map((s) => checks.get(s.urls)).filter((c): c is IceCheck => c !== undefined)
  if (stun.length === 0 && turn.length === 0) {
    advice.push('No STUN or TURN server is set, so peers behind home routers connect only when they are on the same network. Add a STUN server in Settings.')
  } else if (stun.length > 0 && stunChecked.length === stun.length && stunChecked.every((c) => !c.ok)) {
    advice.push('No STUN server answered, so only peers on your own network can connect directly. Check that this computer is online, or use another STUN server.')
  }
  for (const server of turn) {
    const check = checks.get(server.urls)
    if (check && !check.ok) advice.push(`The TURN server ${server.urls} does not work: ${check.detail}. Check its address and credentials in Settings.`)
  }

  for (const chapter of chapters) {
    // Every connection takes a moment; one still trying after a while is stuck.
    const stuck = chapter.peers.filter((p) => !p.connected && p.waitingMs > STUCK_AFTER_MS)
    if (stuck.length > 0 && chapter.peers.every((p) => !p.connected)) {
      advice.push(
        `In “${chapter.title}” Quire finds ${stuck.length === 1 ? 'a peer' : `${stuck.length} peers`} but cannot connect: one of you is behind a strict router (a symmetric NAT or a firewall). ${
          turn.length > 0
            ? 'Make sure both of you can use a TURN server: tick “Include my TURN servers” when you invite.'
            : 'Add a TURN server in Settings and tick “Include my TURN servers” when you invite, or ask your reviewer to add one.'
        }`,
      )
    }
  }

  for (const r of used) {
    if (r.dropped > 0) {
      advice.push(
        `${r.url} sent ${r.dropped === 1 ? 'a message' : `${r.dropped} messages`} Quire ignored (malformed, oversized, replayed or too many). Your chapters stay safe: signaling is encrypted and joining needs the share key.${
          isPublicService(r.url) ? ' If it keeps happening, use another broker.' : ''
        }`,
      )
    }
  }
  return advice
}
