/**
 * Validates Yjs updates (and signed envelopes) in a Web Worker, one at a
 * time, each within a time box: a check that overruns is treated as an
 * attack, its worker terminated and replaced, and the update refused. Fails
 * closed: if no worker can run, every update is refused with the reason.
 *
 * Jobs wait in lanes (one per peer and room) taken in turn, so one peer
 * flooding the validator delays only its own messages, never another room's.
 */
import { isValidatorReply, type ValidateRequest } from './workerProtocol'

/** The part of `Worker` used here, so tests can supply a fake. */
export interface WorkerLike {
  postMessage(message: ValidateRequest, transfer: Transferable[]): void
  terminate(): void
  onmessage: ((event: MessageEvent) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
  onmessageerror: ((event: MessageEvent) => void) | null
}

export interface UpdateValidatorOptions {
  createWorker: () => WorkerLike
  /** Time one update may take, counted once the worker is ready. */
  timeoutMs: number
  /** Time the worker may take to load. */
  startTimeoutMs: number
  /** An idle worker is stopped after this long and restarted when needed. */
  idleMs: number
}

interface Job {
  id: number
  update: Uint8Array
  authorKey: Uint8Array | undefined
  resolve: (error: string | null) => void
}

export class UpdateValidator {
  private worker: WorkerLike | null = null
  private ready = false
  /** Waiting jobs by lane; lanes are served in turn, in the order they first had work. */
  private readonly lanes = new Map<string, Job[]>()
  private current: Job | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  private nextId = 1
  private disposed = false

  constructor(private readonly options: UpdateValidatorOptions) {}

  /** Resolves with null if `update` is valid, otherwise with the reason it is not. */
  validate(update: Uint8Array, lane = ''): Promise<string | null> {
    return this.enqueue(update, undefined, lane)
  }

  /** Resolves with null if the envelope is signed, proven and within its writer's rights (src/shared/trust/verify.ts). */
  verifyEnvelope(envelope: Uint8Array, authorKey: Uint8Array, lane = ''): Promise<string | null> {
    return this.enqueue(envelope, authorKey, lane)
  }

  private enqueue(update: Uint8Array, authorKey: Uint8Array | undefined, lane: string): Promise<string | null> {
    if (this.disposed) return Promise.resolve('update validator is disposed')
    return new Promise((resolve) => {
      const jobs = this.lanes.get(lane) ?? []
      jobs.push({ id: this.nextId++, update, authorKey, resolve })
      this.lanes.set(lane, jobs)
      this.pump()
    })
  }

  /** The next job, from the lane whose turn it is; that lane then goes to the back. */
  private next(): Job | undefined {
    for (const [lane, jobs] of this.lanes) {
      this.lanes.delete(lane)
      const job = jobs.shift()
      if (jobs.length > 0) this.lanes.set(lane, jobs)
      if (job) return job
    }
    return undefined
  }

  /** Stops the worker and refuses whatever is still waiting. */
  dispose(): void {
    this.disposed = true
    clearTimeout(this.idleTimer)
    this.stopWorker()
    this.finish('update validator is disposed')
    for (const jobs of this.lanes.values()) for (const job of jobs) job.resolve('update validator is disposed')
    this.lanes.clear()
  }

  private pump(): void {
    while (!this.current && !this.disposed) {
      const job = this.next()
      if (!job) {
        clearTimeout(this.idleTimer)
        this.idleTimer = setTimeout(() => this.stopWorker(), this.options.idleMs)
        return
      }
      clearTimeout(this.idleTimer)
      const startError = this.worker ? null : this.startWorker()
      if (startError) {
        job.resolve(startError)
        continue
      }
      this.current = job
      if (this.ready) this.post(job)
      else this.arm(this.options.startTimeoutMs, `update validator did not start within ${this.options.startTimeoutMs} ms`)
    }
  }

  /** Returns null on success, or why no worker could be created. */
  private startWorker(): string | null {
    let worker: WorkerLike
    try {
      worker = this.options.createWorker()
    } catch (error) {
      return `update validator cannot start: ${describe(error)}`
    }
    this.worker = worker
    this.ready = false
    worker.onmessage = (event) => this.onReply(worker, event.data)
    worker.onerror = (event) => this.fail(worker, `update validator failed: ${event.message || 'the worker could not load or crashed'}`)
    worker.onmessageerror = () => this.fail(worker, 'update validator sent an unreadable reply')
    return null
  }

  private post(job: Job): void {
    // A copy, so a view into a larger buffer does not ship the whole buffer.
    const update = job.update.slice()
    const worker = this.worker!
    try {
      worker.postMessage({ type: 'validate', id: job.id, update, ...(job.authorKey ? { authorKey: job.authorKey } : {}) }, [update.buffer])
    } catch (error) {
      this.fail(worker, `update validator refused the update: ${describe(error)}`)
      return
    }
    this.arm(this.options.timeoutMs, `update validation timed out after ${this.options.timeoutMs} ms`)
  }

  private onReply(worker: WorkerLike, reply: unknown): void {
    if (worker !== this.worker || !isValidatorReply(reply)) return
    if (reply.type === 'ready') {
      this.ready = true
      if (this.current) this.post(this.current)
      return
    }
    if (reply.id !== this.current?.id) return
    this.finish(reply.error)
    this.pump()
  }

  private arm(ms: number, reason: string): void {
    clearTimeout(this.timer)
    const worker = this.worker
    this.timer = setTimeout(() => worker && this.fail(worker, reason), ms)
  }

  /** The worker hung or broke: replace it and refuse the update it was checking. */
  private fail(worker: WorkerLike, reason: string): void {
    if (worker !== this.worker) return
    this.stopWorker()
    this.finish(reason)
    this.pump()
  }

  private finish(error: string | null): void {
    clearTimeout(this.timer)
    const job = this.current
    this.current = null
    job?.resolve(error)
  }

  private stopWorker(): void {
    const worker = this.worker
    this.worker = null
    this.ready = false
    if (!worker) return
    worker.onmessage = worker.onerror = worker.onmessageerror = null
    worker.terminate()
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
