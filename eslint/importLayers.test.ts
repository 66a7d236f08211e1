// The import boundaries as eslint.config.js draws them: each case lints a line of code as if it
// sat in a file of that layer, through the project's real configuration.
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) })

/** The layer-rule messages ESLint gives `code` placed at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {}\n`, { filePath: file })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message)
}

describe('import boundaries', () => {
  it('keeps src/shared pure: no Node, React, DOM views or other layers, statically or dynamically', async () => {
    expect(await layerErrors('src/shared/probe.ts', "import { readFile } from 'node:fs/promises'")).toEqual([
      expect.stringContaining("src/shared may not import the package 'node:fs/promises'"),
    ])
    expect(await layerErrors('src/shared/probe.ts', "import { useState } from 'react'")).toHaveLength(1)
    expect(await layerErrors('src/shared/probe.ts', "import type { EditorView } from 'prosemirror-view'")).toHaveLength(1)
    expect(await layerErrors('src/shared/probe.ts', "export const load = () => import('../renderer/App')")).toEqual([
      expect.stringContaining('(src/renderer/App)'),
    ])
    expect(await layerErrors('src/shared/probe.ts', "export type T = typeof import('electron')")).toHaveLength(1)
  })

  it('lets src/shared use its own modules and the packages it lists', async () => {
    expect(await layerErrors('src/shared/probe.ts', "import * as Y from 'yjs'\nimport { isSafeExternalUrl } from './urls'")).toEqual([])
    expect(await layerErrors('src/shared/comments/probe.ts', "import { encoding } from 'lib0'\nimport { words } from '../words'")).toEqual([])
  })

  it('keeps the renderer away from main, Node and test helpers, workers included', async () => {
    expect(await layerErrors('src/renderer/probe.ts', "import { createServices } from '../main/services/services'")).toHaveLength(1)
    expect(await layerErrors('src/renderer/probe.ts', "import fs from 'fs'")).toHaveLength(1)
    expect(await layerErrors('src/renderer/probe.ts', "import { editorFor } from '../shared/testing/editor'")).toEqual([
      expect.stringContaining('test helper'),
    ])
    expect(await layerErrors('src/renderer/library/probe.ts', "new Worker(new URL('../../main/services/library.ts', import.meta.url))")).toHaveLength(1)
    expect(await layerErrors('src/renderer/library/probe.ts', "new Worker(new URL('./wordWorker.ts', import.meta.url))")).toEqual([])
    expect(await layerErrors('src/renderer/library/probe.ts', "export const md = () => import('../../shared/markdown')")).toEqual([])
  })

  it('gives preload the channel list and Electron, nothing else', async () => {
    expect(await layerErrors('src/preload/probe.ts', "import { CALL_CHANNELS } from '../shared/channels'\nimport { ipcRenderer } from 'electron'")).toEqual([])
    expect(await layerErrors('src/preload/probe.ts', "import { z } from 'zod'")).toHaveLength(1)
    expect(await layerErrors('src/preload/probe.ts', "import { isSafeExternalUrl } from '../shared/urls'")).toHaveLength(1)
  })

  it('keeps the signaling server standalone and services free of Electron', async () => {
    expect(await layerErrors('src/signal/probe.ts', "import { parseInvite } from '../shared/invite'")).toHaveLength(1)
    expect(await layerErrors('src/signal/probe.ts', "import { WebSocketServer } from 'ws'\nimport http from 'node:http'")).toEqual([])
    expect(await layerErrors('src/main/services/probe.ts', "import { app } from 'electron'")).toHaveLength(1)
    expect(await layerErrors('src/host/probe.ts', "import { app } from 'electron'")).toHaveLength(1)
  })

  it('lets tests use Vitest, and only tests', async () => {
    expect(await layerErrors('src/shared/probe.test.ts', "import { it } from 'vitest'")).toEqual([])
    expect(await layerErrors('src/shared/probe.ts', "import { it } from 'vitest'")).toHaveLength(1)
  })

  it('refuses what it cannot check: a computed dynamic import, a path outside src, a folder no layer names', async () => {
    expect(await layerErrors('src/shared/probe.ts', 'export const load = (name: string) => import(name)')).toEqual([
      expect.stringContaining('needs a literal specifier'),
    ])
    expect(await layerErrors('src/renderer/probe.ts', "import pkg from '../../package.json'")).toEqual([expect.stringContaining('outside src')])
    expect(await layerErrors('src/newfolder/probe.ts', "import * as Y from 'yjs'")).toEqual([expect.stringContaining('not a layer listed')])
  })
})
