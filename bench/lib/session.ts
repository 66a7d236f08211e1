/**
 * Resources several workloads share in one run: the site (built app plus
 * bench page) and one Chromium; each workload starts its own hosts.
 */
import type { Browser } from 'playwright-core'
import { launchBenchBrowser, prepareSite, type Site } from './rig'

export interface Session {
  quick: boolean
  log: (line: string) => void
  site: Site
  browser: Browser
  close(): Promise<void>
}

export async function openSession(quick: boolean, log: (line: string) => void): Promise<Session> {
  const site = await prepareSite()
  const browser = await launchBenchBrowser()
  return {
    quick,
    log,
    site,
    browser,
    close: async () => {
      await browser.close()
      await site.close()
    },
  }
}

/** Runs `measure` for warm-up rounds (discarded) and then counted rounds; returns the counted results. */
export async function rounds<T>(warmup: number, counted: number, measure: (round: number, warm: boolean) => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (let i = 0; i < warmup + counted; i++) {
    const result = await measure(i, i < warmup)
    if (i >= warmup) results.push(result)
  }
  return results
}
