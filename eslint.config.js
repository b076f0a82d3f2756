// Lint, including the layer boundaries of ARCHITECTURE.md (VS Code's code-layering idea, with
// no-restricted-imports zones): a layer that imports up or sideways fails the build.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ELECTRON = { name: 'electron', message: 'Only src-main/electron/ may import electron (ARCHITECTURE.md boundaries).' };
const SQLITE = { name: 'better-sqlite3', message: 'better-sqlite3 belongs in src-main/core/db/ only; go through the store.' };
const CHILD = ['child_process', 'node:child_process'].map((name) => ({
  name,
  message: 'child_process belongs in src-main/core/runner/ (or a plugin that must).',
}));
// Each folder is listed bare as well: `**/headless/**` alone would let `import … from '../headless'` through.
const UPWARD = {
  group: ['**/src-renderer', '**/src-renderer/**', '**/headless', '**/headless/**', '**/electron', '**/electron/**'],
  message: 'core and plugins never import hosts (headless, electron) or the renderer.',
};
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// no-restricted-syntax options do not merge across blocks: every block that sets it repeats these.
const NO_FOCUS = ['it', 'describe', 'test'].map((name) => ({
  selector: `CallExpression[callee.object.name='${name}'][callee.property.name=/^(only|skip|todo)$/]`,
  message: 'No focused, skipped or todo tests.',
}));
const NO_DYNAMIC_ELECTRON = {
  selector: 'ImportExpression[source.value=/^electron/]',
  message: 'Only src-main/electron/ may import electron, dynamically or not.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'release/**', 'test-results/**', 'src-renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', ...NO_FOCUS],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-main/core/**/*.ts', 'plugins/**/*.ts'],
    ignores: ['src-main/core/db/**', 'src-main/core/runner/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, SQLITE, ...CHILD], patterns: [UPWARD] }],
      'no-restricted-syntax': ['error', ...NO_FOCUS, NO_DYNAMIC_ELECTRON],
    },
  },
  {
    // ARCHITECTURE "plugins behind interfaces": core names no plugin; it reads the registry's lists.
    files: ['src-main/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)plugins/(?!registry$)',
              message: 'core reaches plugins only through plugins/registry.ts; their contracts are in src-main/common/plugins.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, ...CHILD], patterns: [UPWARD] }],
      'no-restricted-syntax': ['error', ...NO_FOCUS, NO_DYNAMIC_ELECTRON],
    },
  },
  {
    files: ['src-main/core/runner/**/*.ts', 'plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, SQLITE], patterns: [UPWARD] }],
      'no-restricted-syntax': ['error', ...NO_FOCUS, NO_DYNAMIC_ELECTRON],
    },
  },
  {
    files: ['src-main/common/**/*.ts'],
    ignores: ['src-main/common/pure/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**'], allowTypeImports: true, message: 'common/ imports types only.' }] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: ':matches(FunctionDeclaration, ClassDeclaration, VariableDeclaration, ExpressionStatement)',
          message: 'common/ holds types only: no runtime code.',
        },
      ],
    },
  },
  {
    // common/pure: small pure functions and constants the CLI, the core and the renderer (a browser) all run.
    files: ['src-main/common/pure/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.{1,2}/[\\w-]+$)', message: 'common/pure imports only common types and its own files.' },
            { regex: '^\\.\\./[\\w-]+$', allowTypeImports: true, message: 'common/pure imports common types only.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', 'window', 'document', 'globalThis'],
    },
  },
  {
    files: ['src-main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON, SQLITE, ...CHILD],
          patterns: [
            {
              group: ['**/src-renderer', '**/src-renderer/**', '**/electron', '**/electron/**'],
              message: 'headless never imports the renderer or the electron shell.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...NO_FOCUS, NO_DYNAMIC_ELECTRON],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [ELECTRON, SQLITE, ...CHILD, ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer runs in a browser: no Node modules.' }))] },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src-main/common(?!/pure/)',
              allowTypeImports: true,
              message: 'The renderer imports src-main/common only as `import type`.',
            },
            {
              group: [
                '**/src-main/core',
                '**/src-main/core/**',
                '**/src-main/headless',
                '**/src-main/headless/**',
                '**/src-main/electron',
                '**/src-main/electron/**',
              ],
              message: 'The renderer talks to the core only through the typed client.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...NO_FOCUS, NO_DYNAMIC_ELECTRON],
    },
  },
);
