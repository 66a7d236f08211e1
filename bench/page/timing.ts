/** Clocks and event-loop helpers for measurements in the bench page. */

export const now = (): number => performance.now()

/** Wall-clock time in ms that other processes (Node, the other peer) can compare with. */
export const epochNow = (): number => performance.timeOrigin + performance.now()

const channel = new MessageChannel()
const waiting: Array<() => void> = []
channel.port1.onmessage = () => waiting.shift()?.()

/** Resolves in a new task, after what the page already queued (input, IPC replies, React's scheduler). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve)
    channel.port2.postMessage(null)
  })
}

/**
 * Lets the tasks queued by the last change run until `done()` holds (React
 * has committed and run its effects), then forces style and layout, so the
 * time measured is what the change costs before the next paint. Returns when
 * each phase ended.
 */
export async function settle(done: () => boolean, element: Element, maxTasks = 200): Promise<{ committedAt: number; laidOutAt: number }> {
  // React schedules its render from a microtask; let that happen before our task is queued.
  await Promise.resolve()
  for (let i = 0; i < maxTasks && !done(); i++) await nextTask()
  const committedAt = now()
  element.getBoundingClientRect()
  return { committedAt, laidOutAt: now() }
}

/** The smallest step performance.now() takes here (5 µs when cross-origin isolated, 100 µs otherwise). */
export function timerResolutionMs(): number {
  let best = Infinity
  let last = performance.now()
  for (let i = 0; i < 200_000 && best > 0.001; i++) {
    const t = performance.now()
    if (t !== last) {
      best = Math.min(best, t - last)
      last = t
    }
  }
  return best
}
