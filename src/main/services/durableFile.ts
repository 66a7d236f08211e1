/**
 * File operations that survive a crash or power loss at any instant.
 *
 * Every helper fsyncs what it wrote before resolving, and replaces files only
 * by writing a temp file and renaming it over the old one, so a reader finds
 * either the old content or the new, never a mix.
 */
import { open, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'

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
  const handle = await open(file, flags)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** The temp file an atomic write goes through; a leftover one is garbage. */
export function tempFileFor(file: string): string {
  return `${file}.tmp`
}

/** Replaces `file` with `data`: temp file, fsync, rename over, fsync the directory. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const temp = tempFileFor(file)
  await writeAndSync(temp, data, 'w')
  await rename(temp, file)
  await fsyncDir(path.dirname(file))
}

/** Appends `data` to an existing file and fsyncs before resolving. */
export async function appendDurable(file: string, data: Uint8Array): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    // Position explicitly instead of O_APPEND, which Windows emulates poorly.
    const { size } = await handle.stat()
    let written = 0
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written, size + written)
      written += bytesWritten
    }
    await handle.sync()
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
