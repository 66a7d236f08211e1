/**
 * Starts the real browser host (`src/host/main.ts`) as a child process on a
 * free port, the way a user would run it, and stops or kills it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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

export async function startHost(dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/host/main.ts', '--data', dataDir, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
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
