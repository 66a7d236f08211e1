/**
 * Starts the real browser host, built (`out/host/main.js`, see
 * scripts/build-host.ts) as `npm run host` runs it, as a child process on a
 * free port, and stops or kills it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface HostProcess {
  url: string
  dataDir: string
  output: () => string
  /** Graceful stop (SIGTERM), waiting for pending writes. */
  stop(): Promise<void>
  /** Abrupt end, as a crash or power cut would. */
  kill(): Promise<void>
}

const READY = /Quire is running at (http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/)/

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'quire-e2e-'))
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** The built host; the suite's global setup builds it (`npm run build`). */
export const HOST_ENTRY = 'out/host/main.js'

/** Starts a command with piped output; the network lab passes one that enters a namespace. */
export type Spawner = (command: string, args: string[]) => ChildProcess

const spawnHere: Spawner = (command, args) => spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })

export async function startHost(dataDir: string, extraArgs: string[] = [], spawner: Spawner = spawnHere): Promise<HostProcess> {
  if (!existsSync(HOST_ENTRY)) throw new Error(`${HOST_ENTRY} is missing: run \`npm run build\` first (or unset QUIRE_SKIP_BUILD).`)
  const child = spawner(process.execPath, [HOST_ENTRY, '--data', dataDir, '--port', '0', ...extraArgs])
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = READY.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)))
    setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000)
  })
  return {
    url,
    dataDir,
    output: () => output,
    stop: () => end(child, 'SIGTERM'),
    kill: () => end(child, 'SIGKILL'),
  }
}

function end(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}
