// Lint: TypeScript rules plus the import boundaries from DESIGN.md —
// dependencies point inward, and each folder may only use what can run where it runs.
import tseslint from 'typescript-eslint'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url', 'util', 'zlib', 'stream']
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
})

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench/results.json'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'react', 'react-dom', 'prosemirror-view', '**/main/**', '**/renderer/**', '**/host/**', '**/preload/**'],
      'src/shared is pure: no Node, Electron, React, DOM views or other layers.',
    ),
  },
  {
    files: ['src/main/services/**'],
    rules: restrict(['electron', 'react', '**/renderer/**', '**/host/**', '**/preload/**', '**/electron/**'], 'services are plain Node: no Electron, no renderer.'),
  },
  {
    files: ['src/main/electron/**'],
    rules: restrict(['react', '**/renderer/**', '**/host/**', '**/preload/**'], 'main never imports the renderer, preload or host.'),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(['**/main/**', '**/renderer/**', '**/host/**', 'zod', ...nodeBuiltins], 'preload exposes the channel list, nothing else.'),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict([...nodeBuiltins, 'electron', '**/main/**', '**/host/**', '**/preload/**'], 'the renderer talks to main only through the IPC contract.'),
  },
  {
    files: ['src/host/**'],
    rules: restrict(['electron', 'react', '**/renderer/**', '**/electron/**'], 'the host reuses services, never Electron or the renderer.'),
  },
)
