/** The machine and the versions a run measured, recorded with every result. */
import { readFileSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface Machine {
  cores: number
  cpu: string
  memoryBytes: number
  memoryGiB: number
  platform: string
}

export type Versions = Record<string, string>

export function machine(): Machine {
  const list = cpus()
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${process.platform} ${release()}`,
  }
}

const PACKAGES = ['yjs', 'y-prosemirror', 'y-webrtc', 'y-protocols', 'lib0', 'prosemirror-model', 'prosemirror-state', 'prosemirror-view', 'react', 'playwright-core', 'mammoth', 'docx']

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

export function versions(chromium: string | null): Versions {
  const quire = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
  const out: Versions = { quire, node: process.versions.node, chromium: chromium ?? 'not launched' }
  for (const name of PACKAGES) out[name] = packageVersion(name)
  return out
}
