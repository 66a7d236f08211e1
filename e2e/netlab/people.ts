/**
 * People in the network lab: each a browser host and a Chromium process of
 * their own, both inside the person's namespace (their home, or the café),
 * as on separate computers on separate networks.
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import { openApp } from '../support/app'
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from '../support/host'
import type { Lab, Netns } from './lab'

export interface LabPerson {
  name: string
  ns: Netns
  host: HostProcess
  browser: Browser
  page: Page
}

export interface PersonOptions {
  /** Host flags (--signaling, --mqtt, --stun, --turn, --local-network, --privacy); none means Quire's defaults. */
  hostArgs?: string[]
  /** The lab's certificate authority, so the hosts trust the lab's TLS brokers. */
  caFile?: string
}

export class LabPeople {
  private people: LabPerson[] = []
  private dataDirs: string[] = []

  constructor(private readonly lab: Lab) {}

  async person(name: string, ns: Netns, options: PersonOptions = {}): Promise<LabPerson> {
    const dataDir = await makeDataDir()
    this.dataDirs.push(dataDir)
    const env = options.caFile ? { NODE_EXTRA_CA_CERTS: options.caFile } : {}
    const host = await startHost(dataDir, options.hostArgs ?? [], (command, args) => this.lab.spawn(ns, command, args, { env }))
    const browser = await chromium.launch({ executablePath: await this.lab.chromiumIn(ns, CHROMIUM), headless: true, args: CHROMIUM_FLAGS })
    const page = await openApp(browser, host.url, name)
    const person = { name, ns, host, browser, page }
    this.people.push(person)
    return person
  }

  async stop(): Promise<void> {
    for (const person of this.people) {
      await person.browser.close().catch(() => {})
      await person.host.stop()
    }
    for (const dir of this.dataDirs) await removeDataDir(dir)
  }
}
