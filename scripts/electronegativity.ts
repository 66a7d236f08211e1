/**
 * Electronegativity (Electron's security linter) over Quire's Electron code,
 * as part of `npm run lint`. Fails on any finding that is not suppressed with
 * an `eng-disable` comment saying why it is a false positive.
 *
 * Runs the tool's own checks through its runner instead of its CLI, for two
 * reasons: the CLI exits 0 whatever it finds, and it fetches translations
 * from a web server on every run; here its bundled English strings are used
 * and nothing leaves the machine.
 */
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const require = createRequire(import.meta.url)
const i18nModule = require.resolve('@doyensec/electronegativity/dist/locales/i18n')
const fromTool = createRequire(i18nModule)

/**
 * Checks left out, each with its reason:
 * - AvailableSecurityFixesGlobalCheck downloads Electron's release list
 *   from GitHub; the Electron version is pinned in package.json and updated
 *   like every other dependency.
 * - ElectronVersionJSONCheck compares against a release table frozen in
 *   the tool (1.10.3, 2021) that predates Electron 45.
 */
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck']

/**
 * Findings reviewed and found false, matched exactly (check, file, message),
 * for places an `eng-disable` comment cannot go. Anything else still fails.
 */
const REVIEWED: ReadonlyArray<{ id: string; file: string; description: string; why: string }> = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'src/renderer/index.html',
    // The "maybe" wording only: a CSP directive that *is* weak reads differently and still fails.
    description: 'One or more CSP directives detected seems to be vulnerable',
    why:
      "the CSP evaluator's only note is that script-src 'self' is risky when the origin also serves JSONP, " +
      'Angular templates or uploaded files; our origin (app://quire, or the browser host under its key) serves only the built bundle.',
  },
]

/** Electronegativity reads the Electron version from package.json in the folder it scans; we scan src/. */
const ELECTRON_VERSION = (require('../package.json') as { devDependencies: Record<string, string> }).devDependencies.electron

interface Issue {
  id: string
  file: string
  location: { line: number; column: number }
  description: string
  manualReview: boolean
  severity: { name: string }
  confidence: { name: string }
}

async function main(): Promise<void> {
  // The tool's i18n step, offline: the same strings, from the files it ships.
  const i18n = fromTool('i18n') as { configure(options: object): void; setLocale(locale: string): void }
  i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(i18nModule), updateFiles: false, objectNotation: true, register: globalThis })
  i18n.setLocale('en-US')
  const offline = () => Promise.resolve()
  require.cache[i18nModule] = { id: i18nModule, filename: i18nModule, loaded: true, exports: offline } as NodeJS.Module

  // The package's main module is the runner itself (a CommonJS function).
  const run = require('@doyensec/electronegativity') as (options: object, forCli: boolean) => Promise<{ issues: Issue[]; errors: unknown[] }>
  const result = await run(
    {
      // The sources, not out/: its parser (2021) cannot read the bundles' newer syntax.
      input: join(ROOT, 'src'),
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED.map((check) => check.toLowerCase()),
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: true,
      electronUpgrade: undefined,
      electronVersionOverride: ELECTRON_VERSION,
      parserPlugins: [],
    },
    false,
  )
  const findings = result.issues.filter((issue) => {
    const file = relative(ROOT, join(ROOT, 'src', issue.file))
    return !REVIEWED.some((known) => known.id === issue.id && known.file === file && known.description === issue.description)
  })
  for (const issue of findings) {
    const where = `src/${issue.file}:${issue.location.line}:${issue.location.column}`
    console.log(`${where}  ${issue.id} (${issue.severity.name}, ${issue.confidence.name}${issue.manualReview ? ', review' : ''})\n    ${issue.description}`)
  }
  for (const error of result.errors) console.log('could not parse:', error)
  const reviewed = result.issues.length - findings.length
  console.log(`electronegativity: ${findings.length} finding(s) (${reviewed} reviewed as false), ${result.errors.length} file(s) it could not read`)
  if (findings.length > 0 || result.errors.length > 0) process.exitCode = 1
}

await main()
