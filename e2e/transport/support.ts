/**
 * The rig for the transport end-to-end tests: a local signaling server, the
 * fixture page bundled with esbuild and served over http://127.0.0.1 under
 * Quire's Content Security Policy, and a typed handle on a page's
 * `window.peer` helpers. Each peer is its own Chromium process.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { startSignalingServer, type SignalingServer } from '../../src/signal/server'
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp'
import type { PeerApi } from './fixtures/page'

export interface TransportRig {
  signalingUrl: string
  pageUrl: string
  close(): Promise<void>
}

export async function startRig(): Promise<TransportRig> {
  const files = await bundleFixtures()
  const signaling: SignalingServer = await startSignalingServer({ port: 0 })
  const server: Server = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://localhost').pathname)
    if (!file) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' })
    res.end(file.body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    signalingUrl: signaling.url,
    pageUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
      await signaling.close()
    },
  }
}

interface ServedFile {
  type: string
  body: Uint8Array | string
}

/**
 * The page and the update worker, bundled in memory. The guard starts its
 * worker as `new URL('./updateWorker.ts', import.meta.url)` (the form Vite
 * rewrites for the app); esbuild leaves that URL alone, so the worker bundle
 * is served at exactly that address.
 */
async function bundleFixtures(): Promise<Map<string, ServedFile>> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      page: 'e2e/transport/fixtures/page.ts',
      updateWorker: 'src/renderer/sync/transport/updateWorker.ts',
      hangingWorker: 'e2e/transport/fixtures/hangingWorker.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outdir: 'out/transport-fixture',
    write: false,
    logLevel: 'error',
  })
  const output = (name: string) => result.outputFiles.find((file) => file.path.endsWith(`/${name}`))!.contents
  return new Map<string, ServedFile>([
    ['/', { type: 'text/html; charset=utf-8', body: await readFile(resolve(root, 'e2e/transport/fixtures/index.html'), 'utf8') }],
    ['/page.js', { type: 'text/javascript', body: output('page.js') }],
    ['/updateWorker.ts', { type: 'text/javascript', body: output('updateWorker.js') }],
    ['/hangingWorker.js', { type: 'text/javascript', body: output('hangingWorker.js') }],
  ])
}

/** One peer: a page of its own Chromium process, driven through `window.peer`. */
export class Peer {
  readonly errors: string[] = []

  private constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.errors.push(error.message))
  }

  static async open(browser: Browser, url: string, name = 'peer'): Promise<Peer> {
    const page = await browser.newPage()
    const peer = new Peer(page)
    if (process.env.QUIRE_TRANSPORT_DEBUG) {
      // y-webrtc's own log (lib0 reads the filter from localStorage), printed with the page's console.
      await page.addInitScript(() => {
        localStorage.setItem('log', 'y-webrtc')
        if (location.search.includes('peerdebug')) localStorage.setItem('debug', 'simple-peer')
      })
      page.on('console', (message) => console.log(`[${name}] ${message.text().slice(0, 400)}`))
    }
    await page.goto(url)
    await page.waitForFunction(() => document.title === 'ready')
    return peer
  }

  call<K extends keyof PeerApi>(name: K, ...args: Parameters<PeerApi[K]>): Promise<Awaited<ReturnType<PeerApi[K]>>> {
    return this.page.evaluate(
      ({ name, args }) => (window.peer[name] as (...a: unknown[]) => unknown)(...args),
      { name, args: args as unknown[] },
    ) as Promise<Awaited<ReturnType<PeerApi[K]>>>
  }

  async close(): Promise<void> {
    await this.page.close()
  }
}

/** A fresh room name and password, as a share would have. */
export function newRoom(): { room: string; password: string } {
  return { room: `quire-test-${randomBytes(8).toString('hex')}`, password: randomBytes(32).toString('base64url') }
}
