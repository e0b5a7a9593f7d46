// ESLint flat config (typescript-eslint, type-aware). Run by `npm run lint` inside `npm test`;
// zero findings is the bar, and inline `eslint-disable` comments are not honoured: fix the code.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/**
 * Layers import only downward (STYLE, DESIGN §3): base ← protocol ← bus, hardware ←
 * firmware-host | central | driver. Central and the CP side (firmware-host, hardware) and the
 * driver never import each other. Keys are folders (the longest match wins); values are the
 * folders a file there may import from, besides its own folder. bin/, bench/ and test/ may
 * import anything.
 */
const LAYERS = {
  base: [],
  protocol: ['base'],
  wiring: ['base', 'protocol'],
  bus: ['base', 'protocol'],
  hardware: ['base', 'protocol', 'wiring'],
  'firmware-host': ['base', 'protocol', 'bus', 'hardware', 'wiring'],
  driver: ['base', 'protocol', 'bus'],
  fleet: ['base', 'protocol', 'bus'],
  demo: ['base', 'protocol', 'bus'],
  central: ['base', 'protocol', 'bus'],
  // Inside Central: the core is pure; gateways, store and the user interfaces sit on it; app wires all.
  'central/core': ['base', 'protocol'],
  'central/gateways': ['base', 'protocol', 'bus', 'central/core'],
  'central/store': ['base', 'protocol', 'central/core'],
  'central/http': ['base', 'protocol', 'bus', 'central/core', 'central/operations.ts'],
  'central/panel': ['base', 'protocol', 'central/core', 'central/operations.ts'],
  'central/operations.ts': ['central/core'],
  'central/app': ['base', 'protocol', 'bus', 'central'],
};

/** The LAYERS key a repo-relative path belongs to, or undefined (bin, bench, test, node_modules). */
function layerOf(relative) {
  let best;
  for (const key of Object.keys(LAYERS)) {
    if ((relative === key || relative.startsWith(`${key}/`)) && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

const layersPlugin = {
  rules: {
    'import-downward': {
      meta: { type: 'problem', schema: [], messages: { upward: '{{from}} may not import {{to}} (layers import only downward; see eslint.config.js LAYERS)' } },
      create(context) {
        const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
        const from = layerOf(file);
        if (from === undefined) return {};
        const check = (node) => {
          const source = node.source?.value;
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), source)).split(path.sep).join('/');
          const to = layerOf(target);
          if (to === undefined || to === from || target.startsWith('..')) return;
          const allowed = LAYERS[from].some((layer) => to === layer || to.startsWith(`${layer}/`));
          if (!allowed) context.report({ node: node.source, messageId: 'upward', data: { from: file, to: target } });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'dist/', 'firmware/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'error' },
    plugins: { layers: layersPlugin },
    rules: {
      'layers/import-downward': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-console': 'off',
    },
  },
  {
    // Tests: non-null assertions and `any` in fixtures are the clearest way to say "the test knows".
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
