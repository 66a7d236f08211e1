/**
 * library.json version 1 → 2: the network settings and joined shares.
 *
 * Version 1 kept `signalingUrls` (ws:// servers, by default the loopback
 * `ws://127.0.0.1:4444`, which no two computers share) and `iceServers`
 * (plain stun:/turn: URLs, no credentials, none by default). Version 2 keeps
 * rendezvous of several kinds, STUN and TURN servers apart (TURN with
 * credentials), the local network and privacy mode.
 */
import { z } from 'zod'
import { manuscriptSettingsSchema } from '../../shared/contract'
import { MAX_TURN_SERVERS } from '../../shared/invite'
import { MAX_RENDEZVOUS, defaultNetworkSettings, iceUrlProblem, rendezvousProblem, type IceServer, type NetworkSettings, type Rendezvous } from '../../shared/network'
import { iceServerSchema, networkSettingsPatch } from '../../shared/networkSchema'
import type { Settings } from '../../shared/sharing'

/** Version 1's default, which only ever reached a server on the same computer. */
const V1_DEFAULT_SIGNALING = 'ws://127.0.0.1:4444'

const v1Settings = z.object({
  signalingUrls: z.array(z.string()).max(100),
  workOffline: z.boolean(),
  iceServers: z.array(z.string()).max(100).catch([]),
})

const v2Settings = networkSettingsPatch.required().extend({ workOffline: z.boolean() })

/**
 * The export dialog's remembered details and the reading-progress choice, in
 * either version; unreadable ones are forgotten, not the settings.
 */
const personalPart = z.object({
  manuscript: manuscriptSettingsSchema.optional().catch(undefined),
  shareReadingProgress: z.boolean().optional().catch(undefined),
})

/** `manuscript` and `shareReadingProgress` only when there are some, so a file without them reads back as it was written. */
function withManuscript(settings: Settings, raw: unknown): Settings {
  const { manuscript, shareReadingProgress } = personalPart.safeParse(raw).data ?? {}
  return {
    ...settings,
    ...(manuscript ? { manuscript } : {}),
    ...(shareReadingProgress !== undefined ? { shareReadingProgress } : {}),
  }
}

/**
 * Reads the settings of either version. Version 1's own signaling servers
 * are kept, ahead of the new defaults; its loopback default is dropped.
 * Its STUN servers are kept (replacing the public defaults: the user chose
 * them); its TURN URLs are dropped, since without credentials no TURN server
 * would have let them relay. Null when the settings are unreadable.
 */
export function readSettings(raw: unknown): Settings | null {
  const current = v2Settings.safeParse(raw)
  if (current.success) return withManuscript(current.data, raw)
  const old = v1Settings.safeParse(raw)
  if (!old.success) return null
  const defaults = defaultNetworkSettings()
  const ownSignaling: Rendezvous[] = old.data.signalingUrls
    .filter((url) => url !== V1_DEFAULT_SIGNALING && rendezvousProblem('signal', url) === null)
    .map((url) => ({ kind: 'signal', url }))
  const stun = old.data.iceServers.filter((url) => iceUrlProblem('stun', url) === null)
  const network: NetworkSettings = {
    ...defaults,
    rendezvous: [...ownSignaling, ...defaults.rendezvous].slice(0, MAX_RENDEZVOUS),
    stunServers: stun.length > 0 ? stun : defaults.stunServers,
  }
  return withManuscript({ ...network, workOffline: old.data.workOffline }, raw)
}

/** A joined share's meeting places: version 2's `rendezvous` and `turn`, or version 1's `signaling`. */
export function readJoinedNetwork(raw: Record<string, unknown>): { rendezvous: Rendezvous[]; turn: IceServer[] } | null {
  if (raw.rendezvous !== undefined) {
    const rendezvous = networkSettingsPatch.shape.rendezvous.safeParse(raw.rendezvous)
    const turn = turnList.safeParse(raw.turn ?? [])
    return rendezvous.success && rendezvous.data && turn.success ? { rendezvous: rendezvous.data, turn: turn.data } : null
  }
  const signaling = z.array(z.string()).max(100).safeParse(raw.signaling)
  if (!signaling.success) return null
  return {
    rendezvous: signaling.data.filter((url) => rendezvousProblem('signal', url) === null).map((url) => ({ kind: 'signal', url })),
    turn: [],
  }
}

const turnList = z.array(iceServerSchema).max(MAX_TURN_SERVERS)
