// Lint: TypeScript rules plus the import boundaries from DESIGN.md — dependencies point inward,
// and each folder of src may only use what can run where it runs. The boundaries are allow-lists
// (eslint/importLayers.js): a layer names the folders and packages it may import, and anything
// else, including a dynamic import() or a worker's module, is an error. The type environment of
// each layer is checked separately (tsconfig.shared.json, tsconfig.renderer.json, tsconfig.node.json).
import tseslint from 'typescript-eslint'
import importLayers from './eslint/importLayers.js'

const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/testing/**']

/**
 * What each layer may import. `modules` are folders (or single modules) under src; `packages`
 * are npm packages (any subpath of one is allowed) and `node:*` for Node's built-ins.
 * `testPackages` are added for the layer's tests and test helpers, which run in Node under Vitest.
 */
const layers = [
  {
    layer: 'src/shared',
    why: 'src/shared is pure: it runs in the renderer, main, the host and workers, so no Node, Electron, React, DOM views or other layers.',
    modules: ['shared'],
    packages: ['@noble/ciphers', '@noble/curves', '@noble/hashes', 'docx', 'lib0', 'markdown-it', 'prosemirror-markdown', 'prosemirror-model', 'y-prosemirror', 'yjs', 'zod'],
    testPackages: ['vitest', 'prosemirror-state', 'cfb', 'jszip'],
  },
  {
    layer: 'src/renderer',
    why: 'the renderer runs in a browser window and talks to main only through the IPC contract in src/shared.',
    modules: ['renderer', 'shared'],
    packages: [
      '@fontsource-variable/literata', 'lib0', 'mammoth', 'react', 'react-dom', 'y-prosemirror', 'y-protocols', 'y-webrtc', 'yjs',
      'prosemirror-commands', 'prosemirror-history', 'prosemirror-inputrules', 'prosemirror-keymap', 'prosemirror-model',
      'prosemirror-schema-list', 'prosemirror-state', 'prosemirror-transform', 'prosemirror-view',
    ],
    testPackages: ['vitest', 'docx', 'linkedom'],
  },
  {
    layer: 'src/main/services',
    why: 'services are plain Node, shared by Electron and the browser host: no Electron, no renderer.',
    // The rendezvous bridge speaks Quire's signaling protocol (src/signal) to y-webrtc and to the uplinks.
    modules: ['main/services', 'shared', 'signal'],
    packages: ['node:*', 'lowdb', 'yjs', 'zod', 'ws', 'mqtt'],
    testPackages: ['vitest', 'esbuild', 'aedes'],
  },
  {
    layer: 'src/main/electron',
    why: 'main wires Electron to the services; it never imports the renderer, preload or host.',
    modules: ['main/electron', 'main/services', 'shared'],
    packages: ['node:*', 'electron'],
    testPackages: ['vitest'],
  },
  {
    layer: 'src/preload',
    why: 'preload exposes the channel list, nothing else.',
    modules: ['preload', 'shared/channels'],
    packages: ['electron'],
    testPackages: ['vitest'],
  },
  {
    layer: 'src/host',
    why: 'the browser host reuses the services, never Electron or the renderer.',
    modules: ['host', 'main/services', 'shared'],
    packages: ['node:*', 'sirv', 'ws'],
    testPackages: ['vitest'],
  },
  {
    layer: 'src/signal',
    why: 'the signaling server stands alone: it relays messages and knows nothing of books.',
    modules: ['signal'],
    packages: ['node:*', 'ws'],
    testPackages: ['vitest'],
  },
  {
    // Tests that wire the renderer's editor to the real services, in one Node process.
    layer: 'src/integration',
    why: 'integration tests wire the renderer and the services, never Electron, preload or the host.',
    modules: ['integration', 'renderer', 'main/services', 'shared'],
    packages: ['node:*', 'lib0', 'prosemirror-state', 'prosemirror-view', 'react', 'react-dom', 'y-prosemirror', 'yjs', 'vitest'],
    testPackages: [],
    allTests: true,
  },
]

const rule = (options) => ({ 'layers/allowed-imports': ['error', options] })

const layerConfigs = layers.flatMap(({ layer, why, modules, packages, testPackages, allTests = false }) => {
  const folder = layer.replace(/^src\//, '')
  const files = [`src/${folder}/**`]
  const tests = { files: TESTS.map((glob) => glob.replace('src/**', `src/${folder}/**`)), rules: rule({ layer, why, modules, packages: [...packages, ...testPackages], testHelpers: true }) }
  return [{ files, rules: rule({ layer, why, modules, packages, testHelpers: allTests }) }, tests]
})

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench/results.json'] },
  ...tseslint.configs.recommended,
  {
    plugins: { layers: importLayers },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // A folder of src that no layer below names may import nothing until it is given a line here.
  {
    files: ['src/**'],
    rules: rule({ layer: 'this folder', why: 'it is not a layer listed in eslint.config.js yet.', modules: [], packages: [] }),
  },
  ...layerConfigs,
)
