import { execFileSync } from 'node:child_process'

/** Builds the app once (renderer and browser host); every host in the suite runs this build. */
export default function setup(): void {
  if (process.env.QUIRE_SKIP_BUILD === '1') return
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
}
