/** A fresh directory under the OS temp dir, removed again by `cleanup`. */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export interface TempDir {
  dir: string
  cleanup: () => Promise<void>
}

export async function makeTempDir(prefix = 'quire-test-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}
