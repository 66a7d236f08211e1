/**
 * Peer-to-peer scenes: a local signaling server and one browser host plus one
 * Chromium process per person, as on separate computers.
 */
import type { Browser, Page } from 'playwright-core'
import { startSignalingServer, type SignalingServer } from '../../src/signal/server'
import { openApp } from './app'
import { launchBrowser } from './browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './host'

export interface Person {
  name: string
  dataDir: string
  host: HostProcess
  browser: Browser
  page: Page
  /** Stops the host and browser, keeping the data folder. */
  quit(): Promise<void>
  /** Starts host and browser again on the same data folder. */
  restart(): Promise<void>
}

export class Scene {
  signaling!: SignalingServer
  private people: Person[] = []

  async start(): Promise<void> {
    this.signaling = await startSignalingServer({ port: 0 })
  }

  async person(name: string): Promise<Person> {
    const dataDir = await makeDataDir()
    // Only the scene's own signaling server: no public STUN, no LAN discovery (all peers share one network here).
    const networkArgs = ['--signaling', this.signaling.url, '--stun', 'none', '--local-network', 'off']
    const person: Person = {
      name,
      dataDir,
      host: await startHost(dataDir, networkArgs),
      browser: await launchBrowser(),
      page: undefined as unknown as Page,
      async quit() {
        // Close the window as a user would, so peers hear that this one left.
        await person.page.close({ runBeforeUnload: true })
        await person.browser.close()
        await person.host.stop()
      },
      async restart() {
        person.host = await startHost(dataDir, networkArgs)
        person.browser = await launchBrowser()
        person.page = await openApp(person.browser, person.host.url, name)
      },
    }
    person.page = await openApp(person.browser, person.host.url, name)
    this.people.push(person)
    return person
  }

  async stop(): Promise<void> {
    for (const person of this.people) {
      await person.browser.close().catch(() => {})
      await person.host.stop()
      await removeDataDir(person.dataDir)
    }
    await this.signaling?.close()
  }
}
