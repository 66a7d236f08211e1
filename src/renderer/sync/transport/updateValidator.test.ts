import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { UpdateValidator, type WorkerLike } from './updateValidator'
import type { ValidateRequest } from './workerProtocol'
import { checkUpdate } from './updateValidation'

/**
 * A stand-in for the validation worker, run in-process. `behaviour` decides
 * per request: answer with the real check, hang, or crash.
 */
class FakeWorker implements WorkerLike {
  static created: FakeWorker[] = []
  onmessage: ((event: MessageEvent) => void) | null = null
  onerror: ((event: ErrorEvent) => void) | null = null
  onmessageerror: ((event: MessageEvent) => void) | null = null
  terminated = false
  received: ValidateRequest[] = []

  constructor(
    private readonly behaviour: (request: ValidateRequest) => 'answer' | 'hang' | 'crash',
    startDelayMs = 0,
  ) {
    FakeWorker.created.push(this)
    setTimeout(() => this.reply({ type: 'ready' }), startDelayMs)
  }

  postMessage(request: ValidateRequest): void {
    this.received.push(request)
    const action = this.behaviour(request)
    if (action === 'answer') setTimeout(() => this.reply({ type: 'result', id: request.id, error: checkUpdate(request.update) }), 1)
    if (action === 'crash') setTimeout(() => !this.terminated && this.onerror?.({ message: 'boom' } as ErrorEvent), 1)
  }

  terminate(): void {
    this.terminated = true
  }

  private reply(data: unknown): void {
    if (!this.terminated) this.onmessage?.({ data } as MessageEvent)
  }
}

const EMPTY = Uint8Array.of(0, 0)
const HANG = Uint8Array.of(0, 0, 0xde, 0xad)
const CRASH = Uint8Array.of(0, 0, 0xc0)

function validator(options: { startDelayMs?: number; createWorker?: () => WorkerLike } = {}) {
  return new UpdateValidator({
    createWorker:
      options.createWorker ??
      (() => new FakeWorker((r) => (r.update.length === HANG.length && r.update[2] === 0xde ? 'hang' : r.update[2] === 0xc0 ? 'crash' : 'answer'), options.startDelayMs)),
    timeoutMs: 2000,
    startTimeoutMs: 10_000,
    idleMs: 60_000,
  })
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeWorker.created = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('UpdateValidator', () => {
  test('answers in request order, with null for valid updates', async () => {
    const v = validator()
    const results = Promise.all([v.validate(EMPTY), v.validate(Uint8Array.of(1, 2, 3)), v.validate(EMPTY)])
    await vi.runAllTimersAsync()
    const [a, b, c] = await results
    expect(a).toBeNull()
    expect(b).toMatch(/undecodable|fails to apply/)
    expect(c).toBeNull()
    expect(FakeWorker.created).toHaveLength(1)
    v.dispose()
  })

  test('times out a hanging check, replaces the worker and carries on', async () => {
    const v = validator()
    const hung = v.validate(HANG)
    const next = v.validate(EMPTY)
    await vi.advanceTimersByTimeAsync(1999)
    expect(FakeWorker.created[0]!.terminated).toBe(false)
    await vi.advanceTimersByTimeAsync(2)
    expect(await hung).toMatch(/timed out after 2000 ms/)
    expect(FakeWorker.created[0]!.terminated).toBe(true)
    await vi.runAllTimersAsync()
    expect(await next).toBeNull()
    expect(FakeWorker.created).toHaveLength(2)
    v.dispose()
  })

  test('the time box starts once the worker is ready', async () => {
    const v = validator({ startDelayMs: 5000 })
    const result = v.validate(EMPTY)
    await vi.advanceTimersByTimeAsync(5010)
    expect(await result).toBeNull()
    v.dispose()
  })

  test('a crashed worker refuses its update and is replaced', async () => {
    const v = validator()
    const crashed = v.validate(CRASH)
    const next = v.validate(EMPTY)
    await vi.runAllTimersAsync()
    expect(await crashed).toMatch(/failed: boom/)
    expect(await next).toBeNull()
    expect(FakeWorker.created).toHaveLength(2)
    v.dispose()
  })

  test('fails closed when no worker can start', async () => {
    const v = validator({
      createWorker: () => {
        throw new Error('Worker is not defined')
      },
    })
    expect(await v.validate(EMPTY)).toMatch(/cannot start: Worker is not defined/)
    const never = validator({ createWorker: () => new FakeWorker(() => 'answer', 100_000) })
    const result = never.validate(EMPTY)
    await vi.advanceTimersByTimeAsync(10_001)
    expect(await result).toMatch(/did not start/)
    never.dispose()
  })

  test('sends a copy that owns its buffer', async () => {
    const v = validator()
    const big = new Uint8Array(100)
    big.set(EMPTY, 40)
    const result = v.validate(big.subarray(40, 42))
    await vi.runAllTimersAsync()
    expect(await result).toBeNull()
    expect(FakeWorker.created[0]!.received[0]!.update.buffer.byteLength).toBe(2)
    v.dispose()
  })

  test('stops an idle worker and starts a new one when needed', async () => {
    const v = validator()
    const first = v.validate(EMPTY)
    await vi.advanceTimersByTimeAsync(10)
    expect(await first).toBeNull()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeWorker.created[0]!.terminated).toBe(true)
    const second = v.validate(EMPTY)
    await vi.runAllTimersAsync()
    expect(await second).toBeNull()
    expect(FakeWorker.created).toHaveLength(2)
    v.dispose()
  })

  test('lanes take turns: a peer’s backlog in one room does not hold up another peer’s check', async () => {
    const v = validator()
    const done: string[] = []
    const check = (lane: string, i: number) => v.validate(Uint8Array.of(0, 0, i), lane).then(() => done.push(`${lane}${i}`))
    const all = [...[1, 2, 3, 4, 5].map((i) => check('flood', i)), check('honest', 1), check('honest', 2), check('other', 1)]
    await vi.runAllTimersAsync()
    await Promise.all(all)
    // One turn each (the flood's lane was queued again behind its first check, before the others had work); its backlog goes on after.
    expect(done).toEqual(['flood1', 'flood2', 'honest1', 'other1', 'flood3', 'honest2', 'flood4', 'flood5'])
    v.dispose()
  })

  test('dispose refuses pending and later checks', async () => {
    const v = validator()
    const pending = [v.validate(HANG), v.validate(EMPTY)]
    v.dispose()
    expect(await Promise.all(pending)).toEqual(['update validator is disposed', 'update validator is disposed'])
    expect(await v.validate(EMPTY)).toBe('update validator is disposed')
    expect(FakeWorker.created[0]!.terminated).toBe(true)
  })
})
