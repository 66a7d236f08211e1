/**
 * File operations that survive a crash or power loss at any instant.
 *
 * Every helper fsyncs what it wrote before resolving, and replaces files only
 * by writing a temp file and renaming it over the old one, so a reader finds
 * either the old content or the new, never a mix.
 */
import { randomBytes } from 'node:crypto'
import { link, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'

/** Files Quire writes are readable by their owner only: they hold manuscripts, keys and share keys. */
export const FILE_MODE = 0o600

/**
 * Makes renames and new files in `dir` durable. Windows cannot open a
 * directory for fsync; NTFS journals renames itself, so skipping is safe there.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes `data` to a new file (or truncates it) and fsyncs it. */
async function writeAndSync(file: string, data: Uint8Array, flags: string): Promise<void> {
  const handle = await open(file, flags, FILE_MODE)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

const TEMP_SUFFIX = '.tmp'

/**
 * A fresh temp file name for an atomic write of `file`. Unique per write, so
 * two writes can never interleave in one temp file; a leftover one is garbage.
 */
export function tempFileFor(file: string): string {
  return `${file}.${process.pid}-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`
}

/** Deletes temp files a crash left in `dir`. Only safe while no write is in flight there (at start, under the folder lock). */
export async function removeStaleTempFiles(dir: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if (isNotFound(error)) return
    throw error
  }
  for (const name of names) if (name.endsWith(TEMP_SUFFIX)) await removeDurable(path.join(dir, name))
}

/** Replaces `file` with `data`: temp file, fsync, rename over, fsync the directory. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const temp = tempFileFor(file)
  await writeAndSync(temp, data, 'wx')
  await rename(temp, file)
  await fsyncDir(path.dirname(file))
}

/**
 * Like writeFileAtomic, and the file being replaced becomes `previous`: it is
 * hard-linked there before the new content is renamed over it, so at every
 * instant `file` holds the old or the new content and `previous` a whole
 * earlier one.
 */
export async function replaceKeepingPrevious(file: string, previous: string, data: Uint8Array): Promise<void> {
  const temp = tempFileFor(file)
  await writeAndSync(temp, data, 'wx')
  const previousTemp = tempFileFor(previous)
  try {
    await link(file, previousTemp)
    await rename(previousTemp, previous)
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  await rename(temp, file)
  await fsyncDir(path.dirname(file))
}

/**
 * Appends `data` to an existing file and fsyncs before resolving. If the write
 * fails part way (a full disk), the file is cut back to its old length, so a
 * torn record never sits in front of later appends.
 */
export async function appendDurable(file: string, data: Uint8Array): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    // Position explicitly instead of O_APPEND, which Windows emulates poorly.
    const { size } = await handle.stat()
    try {
      let written = 0
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written, size + written)
        written += bytesWritten
      }
      await handle.sync()
    } catch (error) {
      await handle.truncate(size).catch(() => {})
      throw error
    }
  } finally {
    await handle.close()
  }
}

/** Deletes `file` if it exists and makes the deletion durable. */
export async function removeDurable(file: string): Promise<void> {
  try {
    await unlink(file)
  } catch (error) {
    if (isNotFound(error)) return
    throw error
  }
  await fsyncDir(path.dirname(file))
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT'
}

/** A timestamp that is safe in file names on every platform (no colons). */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file)
    return true
  } catch (error) {
    if (isNotFound(error)) return false
    throw error
  }
}

/** `<file>.damaged-<stamp>`, with `-2`, `-3`… when that name is taken. */
async function freeDamagedName(file: string, now: number): Promise<string> {
  const base = `${file}.damaged-${fileStamp(now)}`
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    if (!(await exists(candidate))) return candidate
  }
}

/**
 * Keeps the exact bytes of a damaged file beside it before anything repairs
 * the original. Returns the copy's base name.
 */
export async function keepDamagedCopy(file: string, bytes: Uint8Array, now: number): Promise<string> {
  const target = await freeDamagedName(file, now)
  await writeAndSync(target, bytes, 'wx')
  await fsyncDir(path.dirname(file))
  return path.basename(target)
}

/**
 * Moves a file that cannot even be read out of the way, untouched. Renaming
 * needs no read permission, so it works where copying would not.
 */
export async function moveDamagedAside(file: string, now: number): Promise<string> {
  const target = await freeDamagedName(file, now)
  await rename(file, target)
  await fsyncDir(path.dirname(file))
  return path.basename(target)
}
