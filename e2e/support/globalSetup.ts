import { execFileSync } from 'node:child_process'

/** Builds the renderer once; every host in the suite serves this build. */
export default function setup(): void {
  if (process.env.QUIRE_SKIP_BUILD === '1') return
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
}
