import { describe, expect, it } from 'vitest'
import { KeyedQueue } from './keyedQueue'

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('KeyedQueue', () => {
  it('runs tasks for one key one at a time, in call order', async () => {
    const queue = new KeyedQueue()
    const events: string[] = []
    const task = (name: string, ms: number) => () =>
      (async () => {
        events.push(`start ${name}`)
        await tick(ms)
        events.push(`end ${name}`)
        return name
      })()
    const results = await Promise.all([queue.run('k', task('a', 20)), queue.run('k', task('b', 1)), queue.run('k', task('c', 5))])
    expect(results).toEqual(['a', 'b', 'c'])
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  })

  it('runs different keys concurrently', async () => {
    const queue = new KeyedQueue()
    const events: string[] = []
    await Promise.all([
      queue.run('x', async () => {
        events.push('start x')
        await tick(20)
        events.push('end x')
      }),
      queue.run('y', async () => {
        events.push('start y')
        events.push('end y')
      }),
    ])
    expect(events).toEqual(['start x', 'start y', 'end y', 'end x'])
  })

  it('keeps going after a failed task, whose caller sees the error', async () => {
    const queue = new KeyedQueue()
    const failed = queue.run('k', async () => {
      throw new Error('boom')
    })
    const next = queue.run('k', async () => 'ok')
    await expect(failed).rejects.toThrow('boom')
    await expect(next).resolves.toBe('ok')
  })

  it('idle waits for everything queued, including tasks queued meanwhile', async () => {
    const queue = new KeyedQueue()
    const done: string[] = []
    void queue.run('k', async () => {
      await tick(10)
      done.push('first')
      void queue.run('j', async () => {
        await tick(10)
        done.push('queued meanwhile')
      })
    })
    await queue.idle()
    expect(done).toEqual(['first', 'queued meanwhile'])
  })
})
