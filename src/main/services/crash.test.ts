/**
 * Kills a writer with SIGKILL at random moments, again and again, and checks
 * after each kill that nothing is corrupt: the document reloads as a clean
 * prefix of what was written, holding at least every append the writer saw
 * resolve (a torn last record is the only damage allowed, and is repaired);
 * the saved generations read cleanly; the metadata file and its previous
 * generation parse and hold at least what the writer saw written.
 *
 * `npm test` runs QUIRE_CRASH_TRIALS (default 120) kills; `npm run test:crash`
 * runs 1,000.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdir, readFile } from 'node:fs/promises'
import { openJsonFile } from './metaFile'
import { scanLog } from './logFormat'
import { makeTempDir, type TempDir } from './testing/tempDir'
import { emptyCrashMeta, sanitizeCrashMeta, type CrashMeta } from './testing/crashMeta'
import { textOf } from './testing/textDoc'
import { DocStore, isDecodableUpdate } from './updateLog'

const KILLS = Number(process.env.QUIRE_CRASH_TRIALS ?? 120)
const LANES = 2
const DOC = 'crash-doc'

let tools: TempDir
let childScript: string
let diskFullScript: string

beforeAll(async () => {
  tools = await makeTempDir('quire-crash-child-')
  childScript = path.join(tools.dir, 'crashChild.mjs')
  diskFullScript = path.join(tools.dir, 'diskFullChild.mjs')
  // Bundled once: starting tsx for each of hundreds of spawns would be far too slow.
  for (const [name, outfile] of [['crashChild.ts', childScript], ['diskFullChild.ts', diskFullScript]] as const) {
    await build({
      entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', name)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    })
  }
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

interface Acknowledged {
  /** The last entry whose append resolved (-1 if none). */
  doc: number
  /** The last entry the metadata file was written with (-1 if none). */
  meta: number
}

/**
 * Runs the writer until `delayMs` after its first acknowledged write, kills
 * it with SIGKILL and returns what it reported durable.
 */
function runAndKill(dir: string, delayMs: number): Promise<Acknowledged> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, DOC], { stdio: ['ignore', 'pipe', 'pipe'] })
    const acknowledged: Acknowledged = { doc: -1, meta: -1 }
    let armed = false
    let buffered = ''
    let stderr = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        const [what, index] = line.split(' ')
        if (what !== 'doc' && what !== 'meta') continue
        // Timed from the first write that lands, so each run writes something however slow the machine is.
        if (!armed && what === 'doc') {
          armed = true
          setTimeout(() => child.kill('SIGKILL'), delayMs)
        }
        acknowledged[what] = Math.max(acknowledged[what], Number(index))
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    // 'close' waits for stdout to drain, so every line the child printed is counted.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged)
      else reject(new Error(`writer exited on its own (code ${code}): ${stderr}`))
    })
  })
}

/** A saved generation is whole: one readable record, no damage. */
async function expectWholeGeneration(file: string, context: string): Promise<void> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(file)
  } catch {
    return // not written yet
  }
  const scan = scanLog(bytes, isDecodableUpdate)
  expect(scan.damage, `${context}: ${file} is damaged`).toBeNull()
  expect(scan.records, context).toHaveLength(1)
}

/** One directory, killed and recovered `kills` times; returns how many entries it ended with. */
async function killRepeatedly(kills: number, seed: number): Promise<number> {
  const temp = await makeTempDir('quire-crash-')
  const next = random(seed)
  let durable = -1
  let written = -1
  let count = 0
  try {
    for (let kill = 0; kill < kills; kill++) {
      const delay = 5 + Math.floor(next() * 56)
      const reported = await runAndKill(temp.dir, delay)
      durable = Math.max(durable, reported.doc)
      written = Math.max(written, reported.meta)
      const context = `seed ${seed}, kill ${kill}, delay ${delay} ms`

      // Generations are written whole or not at all.
      for (const suffix of ['.snap1', '.snap2']) await expectWholeGeneration(path.join(temp.dir, DOC + suffix), context)

      // A torn last record is allowed (and repaired); losing a durable append or reordering is not.
      const { update, problems } = await new DocStore(temp.dir).load(DOC)
      for (const problem of problems) expect(problem.log.tornTail, `${context}: ${problem.message}`).toBe(true)
      const text = textOf(update)
      count = text.length === 0 ? 0 : text.split('\n').length - 1
      expect(text, context).toBe(entries(count))
      expect(count - 1, `${context}: lost appends the writer saw resolve`).toBeGreaterThanOrEqual(durable)

      // The metadata file never needs its previous generation after a kill, and holds what was acknowledged.
      const meta = await openJsonFile<CrashMeta>(path.join(temp.dir, 'meta.json'), emptyCrashMeta, sanitizeCrashMeta)
      expect(meta.problems, context).toEqual([])
      expect(meta.db.data.written, `${context}: lost a metadata write that resolved`).toBeGreaterThanOrEqual(written)
    }
    return count
  } finally {
    await temp.cleanup()
  }
}

describe('storage under SIGKILL', () => {
  it(
    `keeps every store whole, holding all it acknowledged, across ${KILLS} kills`,
    async () => {
      const seed = Date.now()
      // Independent directories in parallel lanes keep the wall time down on slow machines.
      const lanes = await Promise.all(
        Array.from({ length: LANES }, (_, lane) => killRepeatedly(KILLS / LANES, seed + lane)),
      )
      for (const entryCount of lanes) {
        // The writer must actually have made progress, or the test proves nothing: at least one write per run.
        expect(entryCount).toBeGreaterThanOrEqual(KILLS / LANES)
      }
    },
    // A kill takes well under a second; the budget is generous so a loaded machine only makes it slower.
    KILLS * 5_000,
  )
})

describe('storage on a full disk', () => {
  it('never leaves a torn record in front of later appends', async () => {
    const temp = await makeTempDir('quire-full-')
    try {
      // 64 KiB at most per file (ulimit -f counts 1 KiB blocks in bash).
      const child = spawn('bash', ['-c', 'ulimit -f 64 && exec "$0" "$@"', process.execPath, diskFullScript, temp.dir, DOC], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
      const code = await new Promise((resolve) => child.on('close', resolve))
      expect(code, err).toBe(0)
      const lines = out.trim().split('\n')
      expect(lines.filter((line) => line === 'full').length).toBeGreaterThanOrEqual(2)
      const acknowledged = lines.filter((line) => line.startsWith('doc ')).map((line) => Number(line.slice(4)))
      // Appends went on after the disk was full.
      expect(lines.lastIndexOf('full')).toBeLessThan(lines.length - 1)

      // Every line the writer saw written is there, in order, and the log needs no repair.
      const { update, problems } = await new DocStore(temp.dir).load(DOC)
      expect(problems).toEqual([])
      // The failed appends were cut back at once: nothing ever had to be repaired.
      expect((await readdir(temp.dir)).filter((name) => name.includes('.damaged'))).toEqual([])
      expect(textOf(update)).toBe(acknowledged.map((index) => `entry ${index} \n`).join(''))
    } finally {
      await temp.cleanup()
    }
  }, 120_000)
})
