import { parseArgs } from 'node:util'
import { resolve } from 'node:path'

/** `--data DIR` wins over QUIRE_DATA_DIR, which wins over Electron's userData folder. */
export function resolveDataDir(argv: string[], env: NodeJS.ProcessEnv, userData: string): string {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' } }, strict: false, allowPositionals: true })
  const fromFlag = typeof values.data === 'string' ? values.data : undefined
  return resolve(fromFlag ?? env.QUIRE_DATA_DIR ?? userData)
}
