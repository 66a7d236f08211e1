/**
 * The envelopes of one shared chapter, by writer: what is here, how far each
 * writer's run reaches without a gap, and what a peer lacks.
 *
 * Envelopes are applied in each writer's counter order (a writer's updates
 * build only on their own earlier ones), so one that arrives early waits here
 * until the gap before it is filled, within a byte budget per writer. A
 * checkpoint replaces everything its writer sent up to its counter.
 */
import { toBase64Url } from '../identity'
import { equalBytes } from './bytes'
import type { Envelope } from './envelope'

/** Bytes of envelopes one writer may have waiting for a gap to fill. */
export const MAX_WAITING_BYTES = 16 * 1024 * 1024

interface WriterRun {
  writer: Uint8Array
  checkpoint: Envelope | null
  /** Envelopes after the checkpoint, by counter, applied or waiting. */
  envelopes: Map<number, Envelope>
  /** The counter up to which everything is here without a gap. */
  reach: number
  waitingBytes: number
}

export type AddResult =
  /** Now applicable, in order (the envelope itself and any waiting ones it unblocked). */
  | { kind: 'ready'; envelopes: Envelope[] }
  | { kind: 'waiting' }
  | { kind: 'duplicate' }
  | { kind: 'refused'; reason: string }

export class EnvelopeSet {
  private readonly runs = new Map<string, WriterRun>()

  /** Adds an envelope that was verified (signature, rights, rules). */
  add(envelope: Envelope): AddResult {
    const id = toBase64Url(envelope.writer)
    const run = this.runs.get(id) ?? { writer: envelope.writer, checkpoint: null, envelopes: new Map(), reach: 0, waitingBytes: 0 }
    this.runs.set(id, run)
    const floor = run.checkpoint?.seq ?? 0
    if (envelope.checkpoint) {
      if (envelope.seq <= floor) return { kind: 'duplicate' }
      run.checkpoint = envelope
      for (const seq of [...run.envelopes.keys()]) if (seq <= envelope.seq) run.envelopes.delete(seq)
      const reachBefore = run.reach
      run.reach = Math.max(run.reach, envelope.seq)
      return { kind: 'ready', envelopes: [...(envelope.seq > reachBefore ? [envelope] : []), ...this.advance(run)] }
    }
    if (envelope.seq <= floor || run.envelopes.has(envelope.seq)) return { kind: 'duplicate' }
    if (envelope.seq > run.reach + 1) {
      if (run.waitingBytes + envelope.bytes.length > MAX_WAITING_BYTES) return { kind: 'refused', reason: 'too many envelopes waiting for earlier ones' }
      run.envelopes.set(envelope.seq, envelope)
      run.waitingBytes += envelope.bytes.length
      return { kind: 'waiting' }
    }
    run.envelopes.set(envelope.seq, envelope)
    run.reach = envelope.seq
    return { kind: 'ready', envelopes: [envelope, ...this.advance(run)] }
  }

  /** Moves a run's reach over envelopes that were waiting; returns them in order. */
  private advance(run: WriterRun): Envelope[] {
    const ready: Envelope[] = []
    for (let next = run.envelopes.get(run.reach + 1); next; next = run.envelopes.get(run.reach + 1)) {
      run.reach++
      run.waitingBytes -= next.bytes.length
      ready.push(next)
    }
    return ready
  }

  /**
   * Whether a different envelope with the same writer and counter is here: the
   * writer's run forked (a writer who lost changes on disk and wrote again, or
   * one who sent two versions on purpose). Folded counters cannot be told.
   */
  conflicts(envelope: Envelope): boolean {
    const held = this.runs.get(toBase64Url(envelope.writer))?.envelopes.get(envelope.seq)
    return held !== undefined && !envelope.checkpoint && !equalBytes(held.bytes, envelope.bytes)
  }

  /** How far each writer's run reaches. */
  have(): Array<{ writer: Uint8Array; seq: number }> {
    return [...this.runs.values()].map((run) => ({ writer: run.writer, seq: run.reach }))
  }

  reachOf(writer: Uint8Array): number {
    return this.runs.get(toBase64Url(writer))?.reach ?? 0
  }

  /** What a peer that reaches `their` lacks, in an order it can apply (checkpoints first). */
  missingFor(their: ReadonlyMap<string, number>): Envelope[] {
    const out: Envelope[] = []
    for (const [id, run] of this.runs) {
      const reach = their.get(id) ?? 0
      if (reach >= run.reach) continue
      if (run.checkpoint && run.checkpoint.seq > reach) out.push(run.checkpoint)
      const from = Math.max(reach, run.checkpoint?.seq ?? 0)
      for (let seq = from + 1; seq <= run.reach; seq++) {
        const envelope = run.envelopes.get(seq)
        if (envelope) out.push(envelope)
      }
    }
    return out
  }

  /** Everything applied, checkpoints first. */
  applied(): Envelope[] {
    return this.missingFor(new Map())
  }

  /** Everything here, applied or waiting: what a compacted log keeps. */
  all(): Envelope[] {
    const applied = this.applied()
    const waiting = [...this.runs.values()].flatMap((run) => [...run.envelopes.values()].filter((e) => e.seq > run.reach))
    return [...applied, ...waiting]
  }

  /** Whether some envelope waits for an earlier one that is not here. */
  hasWaiting(): boolean {
    return [...this.runs.values()].some((run) => run.waitingBytes > 0)
  }

  /** A writer's own envelopes since their last checkpoint, in order (for the next checkpoint). */
  runOf(writer: Uint8Array): { checkpoint: Envelope | null; after: Envelope[] } {
    const run = this.runs.get(toBase64Url(writer))
    if (!run) return { checkpoint: null, after: [] }
    const after: Envelope[] = []
    for (let seq = (run.checkpoint?.seq ?? 0) + 1; seq <= run.reach; seq++) {
      const envelope = run.envelopes.get(seq)
      if (envelope) after.push(envelope)
    }
    return { checkpoint: run.checkpoint, after }
  }
}
