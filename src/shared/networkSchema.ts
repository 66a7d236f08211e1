/**
 * zod schemas for the network settings, shared by the IPC contract (what the
 * renderer may ask to save) and library.json (what is read back from disk).
 * The rules themselves live in network.ts, so both say the same thing.
 */
import { z } from 'zod'
import {
  iceUrlProblem,
  MAX_CREDENTIAL_LENGTH,
  MAX_ICE_SERVERS,
  MAX_RENDEZVOUS,
  rendezvousProblem,
  turnServerProblem,
  type Rendezvous,
  type TurnServer,
} from './network'

/** A refinement that reports `problem`'s own plain words. */
function rule<T>(problem: (value: T) => string | null) {
  return (value: T, context: z.RefinementCtx) => {
    const message = problem(value)
    if (message) context.addIssue({ code: 'custom', message })
  }
}

const credential = z.string().min(1).max(MAX_CREDENTIAL_LENGTH)

export const rendezvousSchema = z
  .object({ kind: z.enum(['signal', 'mqtt']), url: z.string().max(2048) })
  .strict()
  .superRefine(rule((r: Rendezvous) => rendezvousProblem(r.kind, r.url)))

export const turnServerSchema = z
  .object({
    url: z.string().max(2048),
    auth: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('password'), username: credential, credential }).strict(),
      z.object({ kind: z.literal('secret'), secret: credential, name: credential }).strict(),
    ]),
  })
  .strict()
  .superRefine(rule((t: TurnServer) => turnServerProblem(t)))

export const stunUrlSchema = z
  .string()
  .max(2048)
  .superRefine(rule((url: string) => iceUrlProblem('stun', url)))

export const iceServerSchema = z
  .object({ urls: z.string().max(2048), username: credential, credential })
  .strict()
  .superRefine(rule((s: { urls: string }) => iceUrlProblem('turn', s.urls)))

/** Every network setting, each optional: what `settings:set` accepts. */
export const networkSettingsPatch = z
  .object({
    rendezvous: z.array(rendezvousSchema).max(MAX_RENDEZVOUS, `at most ${MAX_RENDEZVOUS} rendezvous`),
    localNetwork: z.boolean(),
    stunServers: z.array(stunUrlSchema).max(MAX_ICE_SERVERS, `at most ${MAX_ICE_SERVERS} STUN servers`),
    turnServers: z.array(turnServerSchema).max(MAX_ICE_SERVERS, `at most ${MAX_ICE_SERVERS} TURN servers`),
    privacyMode: z.boolean(),
  })
  .partial()
