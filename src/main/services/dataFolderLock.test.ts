import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DataFolderLockedError, LOCK_FILE, lockDataFolder } from './dataFolderLock'
import { makeTempDir, type TempDir } from './testing/tempDir'

let temp: TempDir
beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(() => temp.cleanup())

/** A process id that surely ran and has ended. */
async function endedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

describe('the data folder lock', () => {
  it('lets one Quire in and tells a second one plainly', async () => {
    const release = await lockDataFolder(temp.dir)
    const second = lockDataFolder(temp.dir)
    await expect(second).rejects.toBeInstanceOf(DataFolderLockedError)
    await expect(second).rejects.toThrow(`This library is already open by another Quire (process ${process.pid} on this computer)`)
    await release()
    const again = await lockDataFolder(temp.dir)
    await again()
  })

  it('takes over a lock left by a process that no longer runs', async () => {
    const file = path.join(temp.dir, LOCK_FILE)
    await writeFile(file, JSON.stringify({ pid: await endedPid(), host: hostname(), since: 1 }))
    const release = await lockDataFolder(temp.dir)
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid)
    await release()
  })

  it('takes over an unreadable lock file once', async () => {
    await writeFile(path.join(temp.dir, LOCK_FILE), '{"pid": 12')
    const release = await lockDataFolder(temp.dir)
    await release()
  })

  it('does not take a lock held on another computer', async () => {
    await writeFile(path.join(temp.dir, LOCK_FILE), JSON.stringify({ pid: await endedPid(), host: 'another-computer.example', since: 1 }))
    await expect(lockDataFolder(temp.dir)).rejects.toThrow('on another-computer.example')
  })
})
