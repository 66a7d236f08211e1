/**
 * The machinery around the workloads: the renderer build, a site folder that
 * holds the built app plus the bench page (so both run under a real host, on
 * its origin, talking to it over its WebSocket bridge), host processes,
 * Chromium, and a typed handle on the page's `window.bench`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdir, readFile, stat, writeFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM, CHROMIUM_FLAGS } from '../../e2e/support/browser'
import type { BenchApi } from '../page/main'
import { makeTempDir, removeDir } from './fixtures'

/** The repository: hosts run from here, as `npm run host` does. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RENDERER_OUT = join(ROOT, 'out/renderer')

/** The built browser host (scripts/build-host.ts), started as `npm run host` starts it. */
const HOST_ENTRY = join(ROOT, 'out/host/main.js')

/** Builds the app (renderer and host) unless both builds are newer than every source they use (or QUIRE_SKIP_BUILD=1). */
export async function ensureRendererBuild(log: (line: string) => void): Promise<void> {
  if (process.env.QUIRE_SKIP_BUILD === '1') return
  const mtime = (file: string) => stat(file).then((s) => s.mtimeMs, () => 0)
  const built = Math.min(await mtime(join(RENDERER_OUT, 'index.html')), await mtime(HOST_ENTRY))
  const sources = ['src/renderer', 'src/shared', 'src/host', 'src/main']
  const newest = Math.max(...(await Promise.all(sources.map((dir) => newestMtime(join(ROOT, dir))))))
  if (built > newest) return
  log('building the app (npm run build)…')
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs)
  }
  return newest
}

export interface Site {
  /** Folder to pass to the host as --renderer: the built app at /, the bench page at /bench/. */
  dir: string
  /** Writes a data file the page can fetch at `./data/<name>` (beside bench/index.html); returns that path. */
  writeData(name: string, content: string | Uint8Array): Promise<string>
  close(): Promise<void>
}

export async function prepareSite(): Promise<Site> {
  const dir = await makeTempDir('site')
  await cp(RENDERER_OUT, dir, { recursive: true })
  const benchDir = join(dir, 'bench')
  await mkdir(join(benchDir, 'data'), { recursive: true })
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      page: 'bench/page/main.tsx',
      updateWorker: 'src/renderer/sync/transport/updateWorker.ts',
      wordWorker: 'src/renderer/library/wordWorker.ts',
      exportWorker: 'src/renderer/library/exportWorker.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    minify: process.env.BENCH_NO_MINIFY !== '1',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.woff': 'file' },
    outdir: benchDir,
    logLevel: 'error',
  })
  await writeFile(join(benchDir, 'index.html'), await readFile(join(ROOT, 'bench/page/index.html')))
  return {
    dir,
    async writeData(name, content) {
      await writeFile(join(benchDir, 'data', name), content)
      // Relative to the bench page, so it stays under the host's launch key.
      return `./data/${name}`
    },
    close: () => removeDir(dir),
  }
}

export interface HostHandle {
  url: string
  pid: number
  /** Milliseconds from spawning the process to its "running" line. */
  startMs: number
  stop(): Promise<void>
}

const READY = /Quire is running at (http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/)/

/** Starts the real browser host, built, serving `siteDir`, as `npm run host` would. */
export async function startHost(dataDir: string, siteDir: string, extraArgs: string[] = []): Promise<HostHandle> {
  const started = performance.now()
  const child = spawn(process.execPath, [HOST_ENTRY, '--data', dataDir, '--port', '0', '--renderer', siteDir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 60_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = READY.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1]!)
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)))
  })
  const startMs = performance.now() - started
  return { url, pid: child.pid!, startMs, stop: () => stopChild(child) }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}

/** Resident memory of a process in bytes (Linux), or NaN. */
export async function residentBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const match = /VmRSS:\s+(\d+) kB/.exec(status)
    return match ? Number(match[1]) * 1024 : NaN
  } catch {
    return NaN
  }
}

/** Headless Debian Chromium with the project's flags, and no background throttling to skew timings. */
export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...CHROMIUM_FLAGS.filter((flag) => !flag.startsWith('--disable-features=')),
      // Chromium keeps only the last --disable-features. Local Network Access checks are off because a page
      // whose headers we rewrite (for cross-origin isolation, below) loses its address and may not reach
      // its own host on 127.0.0.1 any more.
      `--disable-features=${[...disabledFeatures(), 'LocalNetworkAccessChecks'].join(',')}`,
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ],
  })
}

function disabledFeatures(): string[] {
  const flag = CHROMIUM_FLAGS.find((f) => f.startsWith('--disable-features='))
  return flag ? flag.slice('--disable-features='.length).split(',') : []
}

export interface BenchPage {
  page: Page
  context: BrowserContext
  errors: string[]
  call<K extends keyof BenchApi>(name: K, ...args: Parameters<BenchApi[K]>): Promise<Awaited<ReturnType<BenchApi[K]>>>
  close(): Promise<void>
}

/**
 * Opens the bench page from a host. `isolated` adds the COOP/COEP headers
 * that make the page cross-origin isolated, which is what gives
 * performance.now() 5 µs steps instead of 100 µs; the host's own headers
 * (CSP and the rest) stay.
 */
export async function openBenchPage(browser: Browser, hostUrl: string, options: { isolated?: boolean } = {}): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
  if (options.isolated !== false) {
    await context.route('**/bench/**', async (route) => {
      const response = await route.fetch()
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
      })
    })
  }
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(new URL('bench/index.html', hostUrl).href)
  await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 30_000 })
  return {
    page,
    context,
    errors,
    call: (name, ...args) =>
      page.evaluate(({ name, args }) => (window.bench[name] as (...a: unknown[]) => unknown)(...args), { name, args: args as unknown[] }) as never,
    close: () => context.close(),
  }
}
