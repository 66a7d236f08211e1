// Lint rule `layers/allowed-imports`: each folder of src names what it may import, and anything
// else is an error — an allow-list, so a new dependency or a new path between layers is a
// decision someone writes down in eslint.config.js, not something a deny-list forgot.
//
// Checked: import and export ... from, import type, dynamic import(), typeof import('...'),
// require(), and workers started with new URL('./file', import.meta.url). A dynamic import whose
// specifier is computed cannot be checked, so it is an error too.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../src', import.meta.url))

/** The package a bare specifier names: `react-dom/client` → `react-dom`, `@noble/hashes/sha2` → `@noble/hashes`. */
function packageName(specifier) {
  if (specifier.startsWith('node:')) return specifier
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function packageAllowed(name, packages) {
  return packages.some((allowed) => (allowed === 'node:*' ? name.startsWith('node:') : allowed === name))
}

/** `shared/channels` is allowed by `shared` (a folder) or by `shared/channels` (one module). */
function moduleAllowed(target, modules) {
  const withoutExtension = target.replace(/\.(tsx?|jsx?|mjs|cjs)$/, '')
  return modules.some((allowed) => withoutExtension === allowed || withoutExtension.startsWith(`${allowed}/`))
}

const isTestHelper = (target) => /(^|\/)testing(\/|$)/.test(target) || /\.test\.tsx?$/.test(target)

/** The literal text of a specifier node, or undefined when it is computed at run time. */
function literalText(node) {
  if (!node) return undefined
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked
  if (node.type === 'TSLiteralType') return literalText(node.literal)
  return undefined
}

const isImportMetaUrl = (node) =>
  node?.type === 'MemberExpression' &&
  node.object.type === 'MetaProperty' &&
  node.object.meta.name === 'import' &&
  node.property.type === 'Identifier' &&
  node.property.name === 'url'

export const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer of src imports only the layers and packages it lists.' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          why: { type: 'string' },
          modules: { type: 'array', items: { type: 'string' } },
          packages: { type: 'array', items: { type: 'string' } },
          testHelpers: { type: 'boolean' },
        },
        required: ['layer', 'why', 'modules', 'packages'],
        additionalProperties: false,
      },
    ],
    messages: {
      module: "{{layer}} may not import '{{specifier}}' ({{target}}): {{why}} Allowed: {{allowed}}.",
      package: "{{layer}} may not import the package '{{name}}': {{why}} Allowed packages are listed in eslint.config.js.",
      outside: "{{layer}} may not import '{{specifier}}', which is outside src.",
      testHelper: "{{layer}} may not import the test helper '{{specifier}}': test code stays out of the app.",
      computed: '{{layer}}: a dynamic import needs a literal specifier, so the layer rules can check it.',
    },
  },
  create(context) {
    const { layer, why, modules, packages, testHelpers = false } = context.options[0]
    const directory = path.dirname(context.physicalFilename ?? context.filename)

    function check(node, specifier) {
      const data = { layer, specifier, why }
      const bare = specifier.split('?')[0] // Vite's ?worker, ?url and ?raw suffixes
      if (!bare.startsWith('.') && !bare.startsWith('/')) {
        const name = packageName(bare)
        if (!packageAllowed(name, packages)) context.report({ node, messageId: 'package', data: { ...data, name } })
        return
      }
      const target = path.relative(SRC, path.resolve(directory, bare)).split(path.sep).join('/')
      if (target.startsWith('..') || path.isAbsolute(target)) {
        context.report({ node, messageId: 'outside', data })
      } else if (!moduleAllowed(target, modules)) {
        context.report({ node, messageId: 'module', data: { ...data, target: `src/${target}`, allowed: modules.map((m) => `src/${m}`).join(', ') } })
      } else if (!testHelpers && isTestHelper(target)) {
        context.report({ node, messageId: 'testHelper', data })
      }
    }

    function checkSource(node, source) {
      const specifier = literalText(source)
      if (specifier === undefined) context.report({ node, messageId: 'computed', data: { layer } })
      else check(node, specifier)
    }

    return {
      ImportDeclaration: (node) => checkSource(node, node.source),
      ExportNamedDeclaration: (node) => node.source && checkSource(node, node.source),
      ExportAllDeclaration: (node) => checkSource(node, node.source),
      ImportExpression: (node) => checkSource(node, node.source),
      // typescript-eslint 8 names the specifier `source`; older releases called it `argument`.
      TSImportType: (node) => checkSource(node, node.source ?? node.argument),
      TSExternalModuleReference: (node) => checkSource(node, node.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') checkSource(node, node.arguments[0])
      },
      NewExpression(node) {
        // new Worker(new URL('./worker.ts', import.meta.url)) loads a module just as import() does.
        if (node.callee.type === 'Identifier' && node.callee.name === 'URL' && isImportMetaUrl(node.arguments[1])) {
          checkSource(node, node.arguments[0])
        }
      },
    }
  },
}

export default { rules: { 'allowed-imports': allowedImports } }
