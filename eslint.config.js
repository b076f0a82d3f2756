// Lint, including the layer boundaries of ARCHITECTURE.md (VS Code's code-layering idea, with
// no-restricted-imports zones): a layer that imports up or sideways fails the build.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ELECTRON = { name: 'electron', message: 'Only src-main/electron/ may import electron (ARCHITECTURE.md boundaries).' };
const SQLITE = { name: 'better-sqlite3', message: 'better-sqlite3 belongs in src-main/core/db/ only; go through the store.' };
const CHILD = [
  { name: 'child_process', message: 'child_process belongs in src-main/core/runner/ (or a plugin that must).' },
  { name: 'node:child_process', message: 'child_process belongs in src-main/core/runner/ (or a plugin that must).' },
];
const UPWARD = {
  group: ['**/src-renderer/**', '**/headless/**', '**/electron/**', '**/src-main/electron/**'],
  message: 'core and plugins never import hosts (headless, electron) or the renderer.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'release/**', 'test-results/**', 'src-renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='it'][callee.property.name=/^(only|skip|todo)$/]", message: 'No focused, skipped or todo tests.' },
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name=/^(only|skip|todo)$/]", message: 'No focused, skipped or todo tests.' },
        { selector: "CallExpression[callee.object.name='test'][callee.property.name=/^(only|skip|todo)$/]", message: 'No focused, skipped or todo tests.' },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'plugins/**/*.ts'],
    ignores: ['src-main/core/db/**', 'src-main/core/runner/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON, SQLITE, ...CHILD], patterns: [UPWARD] }] },
  },
  {
    files: ['src-main/core/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON, ...CHILD], patterns: [UPWARD] }] },
  },
  {
    files: ['src-main/core/runner/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON, SQLITE], patterns: [UPWARD] }] },
  },
  {
    files: ['plugins/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON, SQLITE], patterns: [UPWARD] }] },
  },
  {
    files: ['src-main/common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['*', '!./*', '!../*'], message: 'common/ holds types only.' }, { group: ['**'], allowTypeImports: true, message: 'common/ imports types only.' }] }],
      'no-restricted-syntax': ['error', { selector: ':matches(FunctionDeclaration, ClassDeclaration, VariableDeclaration)', message: 'common/ holds types only: no runtime code.' }],
    },
  },
  {
    files: ['src-main/headless/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON, SQLITE, ...CHILD], patterns: [{ group: ['**/src-renderer/**', '**/electron/**'], message: 'headless never imports the renderer or the electron shell.' }] }] },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, SQLITE, ...CHILD] }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/common/**'], allowTypeImports: true, message: 'The renderer imports src-main/common only as `import type`.' },
            { group: ['**/src-main/core/**', '**/src-main/headless/**', '**/src-main/electron/**', 'node:*'], message: 'The renderer talks to the core only through the typed client.' },
          ],
        },
      ],
    },
  },
);
