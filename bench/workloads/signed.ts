/**
 * 9. The signed path: what signing costs per update. A writer's real editing
 * session (the automerge-paper trace, as y-prosemirror writes it, under a
 * session id derived from the writer's key) is sealed into envelopes as main
 * seals them, then each is checked as a receiving peer checks it (signature,
 * client-id proofs, update rules, a trial apply) and applied. The baseline is
 * what an unsigned peer does with the same updates: Y.applyUpdate alone.
 * Runs in Node; the renderer runs the check in a worker, off the main thread.
 */
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { keyPairFromSeed, signBytes } from '../../src/shared/identity'
import { newClientId } from '../../src/shared/trust/clientIds'
import { sealEnvelope } from '../../src/shared/trust/envelope'
import { verifyEnvelopeBytes } from '../../src/shared/trust/verify'
import { count, ms, times, type WorkloadResult } from '../lib/report'
import { rounds, type Session } from '../lib/session'
import { distribution, median, ratio } from '../lib/stats'
import { loadTrace, sequentialEdits } from '../lib/traces'
import { bindingUpdates } from './storage'

export async function signedWorkload(session: Session, config: { updates: number; runs: number }): Promise<WorkloadResult> {
  const author = keyPairFromSeed(new Uint8Array(randomBytes(32)))
  const { id: clientID, nonce } = newClientId(author.publicKey, (n) => new Uint8Array(randomBytes(n)))
  const { edits } = sequentialEdits(loadTrace('automerge-paper'), config.updates)
  const { updates } = bindingUpdates(edits, clientID)
  session.log(`  ${count(updates.length)} updates, ${config.runs} runs`)
  const runs = await rounds(1, config.runs, async () => {
    const sign: number[] = []
    const check: number[] = []
    const signedApply: number[] = []
    const plainApply: number[] = []
    const signedDoc = new Y.Doc()
    const plainDoc = new Y.Doc()
    for (const [i, update] of updates.entries()) {
      // Interleaved, so both paths see the same machine at the same moment.
      let t0 = performance.now()
      Y.applyUpdate(plainDoc, update)
      plainApply.push(performance.now() - t0)

      t0 = performance.now()
      const envelope = sealEnvelope(
        { docKey: 'bench-chapter', writer: author.publicKey, seq: i + 1, checkpoint: false, clients: [{ id: clientID, nonce }], update },
        (message) => signBytes(author.secretKey, message),
      )
      const t1 = performance.now()
      const verdict = verifyEnvelopeBytes(envelope.bytes, author.publicKey)
      const t2 = performance.now()
      if (!verdict.ok) throw new Error(`an honest envelope was refused: ${verdict.reason}`)
      Y.applyUpdate(signedDoc, verdict.envelope.update)
      const t3 = performance.now()
      sign.push(t1 - t0)
      check.push(t2 - t1)
      signedApply.push(t3 - t0)
    }
    if (!Y.equalSnapshots(Y.snapshot(signedDoc), Y.snapshot(plainDoc))) throw new Error('the signed and unsigned paths ended in different documents')
    return {
      signP50: median(sign),
      checkP50: median(check),
      checkP99: distribution(check).p99,
      signedP50: median(signedApply),
      plainP50: median(plainApply),
      bytesPerUpdate: updates.reduce((total, u) => total + u.length, 0) / updates.length,
    }
  })
  const figures = {
    signP50Ms: median(runs.map((r) => r.signP50)),
    checkP50Ms: median(runs.map((r) => r.checkP50)),
    checkP99Ms: median(runs.map((r) => r.checkP99)),
    signedPathP50Ms: median(runs.map((r) => r.signedP50)),
  }
  const baseline = { applyUpdateP50Ms: median(runs.map((r) => r.plainP50)) }
  const ratios = { signedPath: ratio(figures.signedPathP50Ms, baseline.applyUpdateP50Ms) }
  return {
    id: 9,
    name: 'signed',
    title: `Signed changes (${count(updates.length)} updates)`,
    params: { updates: updates.length, runs: config.runs, source: 'automerge-paper, as y-prosemirror writes it' },
    figures,
    baseline,
    ratio: ratios,
    notes: [
      'Per update: seal (Ed25519 sign, as main does) + the receiving peer\'s check (signature, client-id proof, update rules, trial apply on a scratch doc) + Y.applyUpdate, against Y.applyUpdate alone on the same updates, interleaved.',
      'A keystroke\'s time to a peer\'s screen adds network and IPC on top; workload 5 measures the WebRTC path.',
    ],
    rows: [
      { measure: 'sign one update (p50)', quire: ms(figures.signP50Ms), baseline: '', ratio: '' },
      { measure: 'check one update on receipt (p50 / p99)', quire: `${ms(figures.checkP50Ms)} / ${ms(figures.checkP99Ms)}`, baseline: '', ratio: '' },
      { measure: 'sign + check + apply vs Y.applyUpdate (p50)', quire: ms(figures.signedPathP50Ms), baseline: ms(baseline.applyUpdateP50Ms), ratio: times(ratios.signedPath) },
    ],
  }
}
