/**
 * `npm run build` (after electron-vite build): bundles the browser host
 * (src/host) into out/host/main.js, so starting it runs plain JavaScript
 * instead of compiling TypeScript first (tsx took well over a second of
 * every start). Packages are bundled too: resolving and loading a few
 * hundred small modules (lib0, zod, the noble libraries) one by one cost
 * about 0.3 s more of every start than parsing one file.
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
  // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
  banner: { js: "import { createRequire as __quireRequire } from 'node:module'; const require = __quireRequire(import.meta.url);" },
  sourcemap: 'linked',
  outdir: 'out/host',
  logLevel: 'warning',
})
