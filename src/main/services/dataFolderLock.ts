/**
 * One Quire per data folder. Two processes writing the same library.json and
 * chapter logs would overwrite each other's work, so the first one takes a
 * lock file and any other is told plainly where the library is open.
 *
 * The lock is a file created exclusively, holding the owner's process id and
 * host. A lock left by a process that no longer runs (a crash, a power cut)
 * on this computer is taken over.
 */
import { hostname } from 'node:os'
import { open, readFile, unlink } from 'node:fs/promises'
import path from 'node:path'
import { FILE_MODE } from './durableFile'

export const LOCK_FILE = 'quire.lock'

interface LockOwner {
  pid: number
  host: string
  since: number
}

/** Another Quire has this data folder open; `message` says which and what to do. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly owner: LockOwner | null,
    readonly lockFile: string,
  ) {
    const who = owner ? `by another Quire (process ${owner.pid}${owner.host === hostname() ? ' on this computer' : ` on ${owner.host}`})` : 'by another Quire'
    super(
      `This library is already open ${who}. Close that Quire first, or open a different data folder. ` +
        `If no other Quire is running, delete "${lockFile}" and try again.`,
    )
    this.name = 'DataFolderLockedError'
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, since: Number(owner.since) || 0 } : null
  } catch {
    return null
  }
}

/** Takes the folder's lock; resolves to its release. Rejects with DataFolderLockedError when it is taken. */
export async function lockDataFolder(dataDir: string, now: () => number = Date.now): Promise<() => Promise<void>> {
  const file = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', FILE_MODE)
      const owner: LockOwner = { pid: process.pid, host: hostname(), since: now() }
      try {
        await handle.writeFile(JSON.stringify(owner))
        await handle.sync()
      } finally {
        await handle.close()
      }
      return async () => {
        const current = await readOwner(file)
        if (current?.pid === owner.pid && current.host === owner.host) await unlink(file).catch(() => {})
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = await readOwner(file)
      // A lock from a process that is gone from this computer is stale; so is a lock that cannot be read (a torn write).
      const stale = owner === null ? attempt === 0 : owner.host === hostname() && owner.pid !== process.pid && !isRunning(owner.pid)
      if (!stale || attempt > 0) throw new DataFolderLockedError(owner, file)
      await unlink(file).catch(() => {})
    }
  }
}
