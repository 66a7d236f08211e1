/**
 * Kills a writer with SIGKILL at random moments, hundreds of times, and checks
 * after each kill that the document reloads as a clean prefix of what was
 * written, containing at least every append the writer saw resolve.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, type TempDir } from './testing/tempDir'
import { textOf } from './testing/textDoc'
import { DocStore } from './updateLog'

const KILLS = 200
const LANES = 2
const DOC = 'crash-doc'

let tools: TempDir
let childScript: string

beforeAll(async () => {
  tools = await makeTempDir('quire-crash-child-')
  childScript = path.join(tools.dir, 'crashChild.mjs')
  // Bundled once: starting tsx for each of hundreds of spawns would be far too slow.
  await build({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'crashChild.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  })
}, 60_000)
afterAll(() => tools?.cleanup())

/** Small seeded PRNG so a failing run can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function entries(count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += `entry ${i}\n`
  return out
}

/**
 * Runs the writer until `delayMs` after it is ready, kills it with SIGKILL and
 * returns the last index it reported durable (-1 if none).
 */
function runAndKill(dir: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, DOC], { stdio: ['ignore', 'pipe', 'pipe'] })
    let lastDurable = -1
    let buffered = ''
    let stderr = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs)
        else lastDurable = Number(line)
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    // 'close' waits for stdout to drain, so every line the child printed is counted.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lastDurable)
      else reject(new Error(`writer exited on its own (code ${code}): ${stderr}`))
    })
  })
}

/** One directory, killed and recovered `kills` times; returns how many entries it ended with. */
async function killRepeatedly(kills: number, seed: number): Promise<number> {
  const temp = await makeTempDir('quire-crash-')
  const next = random(seed)
  let durable = -1
  let count = 0
  try {
    for (let kill = 0; kill < kills; kill++) {
      const delay = 5 + Math.floor(next() * 56)
      const reported = await runAndKill(temp.dir, delay)
      durable = Math.max(durable, reported)

      // A torn record is allowed (and repaired); losing a durable append or reordering is not.
      const { update } = await new DocStore(temp.dir).load(DOC)
      const text = textOf(update)
      count = text.length === 0 ? 0 : text.split('\n').length - 1
      const context = `seed ${seed}, kill ${kill}, delay ${delay} ms`
      expect(text, context).toBe(entries(count))
      expect(count - 1, `${context}: lost appends the writer saw resolve`).toBeGreaterThanOrEqual(durable)
    }
    return count
  } finally {
    await temp.cleanup()
  }
}

describe('DocStore under SIGKILL', () => {
  it(
    `keeps a clean prefix with every durable append across ${KILLS} kills`,
    async () => {
      const seed = Date.now()
      // Independent directories in parallel lanes keep the wall time down on slow machines.
      const lanes = await Promise.all(
        Array.from({ length: LANES }, (_, lane) => killRepeatedly(KILLS / LANES, seed + lane)),
      )
      for (const entryCount of lanes) {
        // The writer must actually have made progress, or the test proves nothing.
        expect(entryCount).toBeGreaterThan(KILLS / LANES)
      }
    },
    85_000,
  )
})
