/**
 * Everything an envelope from a peer must pass that needs only the envelope
 * and the author's key: its signature, the derivation of every client id it
 * claims, and the update rules for its writer. Runs in the validation worker
 * (decoding a Yjs update can hang on crafted bytes); what needs the share's
 * state (is the writer a member, is the counter next) is checked after.
 */
import * as Y from 'yjs'
import { memberIdFor } from '../identity'
import { equalBytes } from './bytes'
import { deriveClientId } from './clientIds'
import { openEnvelope, verifyEnvelope, type Envelope } from './envelope'
import { checkUpdate, rootsFor } from './updateRules'

export type EnvelopeVerdict = { ok: true; envelope: Envelope } | { ok: false; reason: string }

export function verifyEnvelopeBytes(bytes: Uint8Array, authorKey: Uint8Array): EnvelopeVerdict {
  const opened = openEnvelope(bytes)
  if (!opened.ok) return opened
  const envelope = opened.envelope
  if (!verifyEnvelope(envelope)) return { ok: false, reason: 'envelope signature does not match its writer' }
  const isAuthor = equalBytes(envelope.writer, authorKey)
  const clients = new Set<number>()
  for (const { id, nonce } of envelope.clients) {
    // Only the author may claim ids from before signing (their own chapter's history).
    if (nonce === null ? !isAuthor : deriveClientId(envelope.writer, nonce) !== id) {
      return { ok: false, reason: `envelope claims client id ${id}, which is not derived from its writer's key` }
    }
    clients.add(id)
  }
  const problem = checkUpdate(envelope.update, { clients, roots: rootsFor(memberIdFor(envelope.writer), isAuthor) })
  if (problem) return { ok: false, reason: `envelope refused: ${problem}` }
  // Integration exercises more of Yjs than decoding; on a scratch document a hang costs only the worker.
  const scratch = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(scratch, envelope.update)
  } catch (error) {
    return { ok: false, reason: `envelope's update fails to apply: ${error instanceof Error ? error.message : String(error)}` }
  } finally {
    scratch.destroy()
  }
  return { ok: true, envelope }
}
