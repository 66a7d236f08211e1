/**
 * Messages between the library and its manuscript workers. Both ends ship in
 * the same build, so the protocol needs no version; replies are still
 * checked, as anything crossing a boundary is.
 */
import type { ManuscriptData } from '../../shared/manuscript/model'
import type { ImportFailure } from '../../shared/manuscript/wordFile'

export type WordWorkerRequest = { type: 'convert'; bytes: ArrayBuffer }
export type WordWorkerReply = { type: 'converted'; html: string } | { type: 'failed'; reason: ImportFailure }

export type ExportWorkerRequest = { type: 'docx'; manuscript: ManuscriptData }
export type ExportWorkerReply = { type: 'docx'; bytes: Uint8Array } | { type: 'failed'; message: string }

/** Starts a worker for one job and settles with its first reply; terminates it then, on timeout or on abort. */
export function runWorker<Reply>(
  create: () => Worker,
  request: unknown,
  options: { transfer?: Transferable[]; timeoutMs: number; signal?: AbortSignal; isReply: (value: unknown) => value is Reply },
): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const worker = create()
    const finish = (settle: () => void) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      worker.terminate()
      settle()
    }
    const onAbort = () => finish(() => reject(new WorkerStopped('cancelled')))
    const timer = setTimeout(() => finish(() => reject(new WorkerStopped('timeout'))), options.timeoutMs)
    worker.onmessage = (event: MessageEvent<unknown>) => {
      if (options.isReply(event.data)) finish(() => resolve(event.data as Reply))
    }
    worker.onerror = (event) => {
      event.preventDefault()
      finish(() => reject(new WorkerStopped('crashed')))
    }
    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort)
    worker.postMessage(request, options.transfer ?? [])
  })
}

/** A worker that ended without an answer: the user cancelled, it overran its time box, or it crashed. */
export class WorkerStopped extends Error {
  constructor(readonly why: 'cancelled' | 'timeout' | 'crashed') {
    super(`worker stopped: ${why}`)
    this.name = 'WorkerStopped'
  }
}

export function isWordWorkerReply(value: unknown): value is WordWorkerReply {
  const v = value as Record<string, unknown> | null
  return (v?.type === 'converted' && typeof v.html === 'string') || (v?.type === 'failed' && typeof v.reason === 'string')
}

export function isExportWorkerReply(value: unknown): value is ExportWorkerReply {
  const v = value as Record<string, unknown> | null
  return (v?.type === 'docx' && v.bytes instanceof Uint8Array) || (v?.type === 'failed' && typeof v.message === 'string')
}
