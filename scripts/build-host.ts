/**
 * `npm run build` (after electron-vite build): bundles the browser host
 * (src/host) into out/host/main.js, so starting it runs plain JavaScript
 * instead of compiling TypeScript first (tsx took well over a second of
 * every start). Packages stay in node_modules, loaded as Node loads them.
 */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/host/main.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  outdir: 'out/host',
  logLevel: 'warning',
})
