import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer boundaries of ARCHITECTURE.md, checked through the real eslint.config.js with the ESLint
// Node API. Files need not exist: lintText applies the config for the path it is given.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BOUNDARY_RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result, 'a lint result').toBeDefined();
  const messages = result?.messages ?? [];
  // A parse error would make every rule silent; it must never pass for "allowed".
  expect(messages.filter((m) => m.fatal || m.ruleId === null)).toEqual([]);
  return messages;
}

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const messages = await lint(filePath, code);
  return messages.filter((m) => m.severity === 2 && m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

const value = (specifier: string, name = 'x'): string => `import { ${name} } from '${specifier}';\nexport const used = ${name};\n`;
const typeOnly = (specifier: string): string => `import type { Run } from '${specifier}';\nexport type Used = Run;\n`;
const inlineType = (specifier: string): string => `import { type Run } from '${specifier}';\nexport type Used = Run;\n`;

describe('lint boundaries: forbidden imports are errors', () => {
  it.each([
    ['electron in core', 'src-main/core/x.ts', value('electron', 'app')],
    ['electron in a core subfolder', 'src-main/core/projects/x.ts', value('electron', 'app')],
    ['electron in core/db', 'src-main/core/db/x.ts', value('electron', 'app')],
    ['electron in core/runner', 'src-main/core/runner/x.ts', value('electron', 'app')],
    ['electron in a plugin', 'plugins/cron/x.ts', value('electron', 'app')],
    ['electron re-exported from core', 'src-main/core/x.ts', "export { app } from 'electron';\n"],
    ['better-sqlite3 in core outside db', 'src-main/core/projects/x.ts', "import Database from 'better-sqlite3';\nexport const used = Database;\n"],
    ['better-sqlite3 in core/runner', 'src-main/core/runner/x.ts', "import Database from 'better-sqlite3';\nexport const used = Database;\n"],
    ['better-sqlite3 in a plugin', 'plugins/cron/x.ts', "import Database from 'better-sqlite3';\nexport const used = Database;\n"],
    ['better-sqlite3 in headless', 'src-main/headless/x.ts', "import Database from 'better-sqlite3';\nexport const used = Database;\n"],
    ['child_process in core outside runner', 'src-main/core/projects/x.ts', value('child_process', 'spawn')],
    ['node:child_process in core outside runner', 'src-main/core/x.ts', value('node:child_process', 'spawn')],
    ['node:child_process in core/db', 'src-main/core/db/x.ts', value('node:child_process', 'spawn')],
    ['a value from src-main/common in the renderer', 'src-renderer/x.ts', value('../src-main/common/models')],
    ['a value from src-main/common in a renderer component', 'src-renderer/views/x.tsx', value('../../src-main/common/models')],
    ['a value from a common file named like the pure folder', 'src-renderer/x.ts', value('../src-main/common/pure-ish')],
    ['a node: builtin in common/pure', 'src-main/common/pure/x.ts', value('node:fs', 'readFileSync')],
    ['core in common/pure', 'src-main/common/pure/x.ts', value('../../core/duration', 'parseDuration')],
    ['a value from another common file in common/pure', 'src-main/common/pure/x.ts', value('../models')],
    ['process in common/pure (the renderer has none)', 'src-main/common/pure/x.ts', 'export const home = process.env.HOME;\n'],
    ['runtime code in common outside pure', 'src-main/common/x.ts', 'export const limit = 3;\n'],
    ['a plugin by name in core', 'src-main/core/cloud/x.ts', value('../../../plugins/github-actions/github-api', 'workflowRuns')],
    [
      'a plugin type by name in core',
      'src-main/core/costs/x.ts',
      "import type { ProviderCostLine } from '../../../plugins/openai-costs/openai-costs';\nexport type Used = ProviderCostLine;\n",
    ],
    ['a plugin by name in core/db', 'src-main/core/db/x.ts', value('../../../plugins/cron', 'readCrontab')],
    ['src-main/core in the renderer', 'src-renderer/x.ts', value('../src-main/core/index', 'createCore')],
    ['a type from src-main/core in the renderer', 'src-renderer/x.ts', "import type { Core } from '../src-main/core/index';\nexport type Used = Core;\n"],
    ['src-main/headless in the renderer', 'src-renderer/x.ts', value('../src-main/headless/cli/main')],
    ['a node: builtin in the renderer', 'src-renderer/x.ts', value('node:fs', 'readFileSync')],
    ['headless in core', 'src-main/core/x.ts', value('../headless/cli/main')],
    ['the renderer in core', 'src-main/core/x.ts', value('../../src-renderer/app')],
    ['the electron shell in a plugin', 'plugins/cron/x.ts', value('../../src-main/electron/tray')],
  ])('reports %s', async (_label, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['src-main/core (folder index) in the renderer', 'src-renderer/x.ts', value('../src-main/core', 'createCore')],
    ['headless (folder index) in core', 'src-main/core/x.ts', value('../headless')],
    ['the renderer (folder index) in core', 'src-main/core/x.ts', value('../../src-renderer')],
  ])('reports %s too', async (_label, filePath, code) => {
    // BUG (eslint.config.js): the patterns are `**/src-main/core/**`, `**/headless/**`, `**/src-renderer/**`;
    // a gitignore-style `dir/**` matches what is inside the folder, not the folder itself, so an import of the
    // folder's index slips through. Add the bare forms (`**/src-main/core`, `**/headless`, …) to each group.
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it('reports a dynamic import of electron in core', async () => {
    // BUG (eslint.config.js): no-restricted-imports does not look at import() expressions, so
    // `await import('electron')` in core passes lint (only the electron-free runtime test would catch it).
    expect(await boundaryErrors('src-main/core/x.ts', "export const load = () => import('electron');\n")).not.toEqual([]);
  });
});

describe('lint boundaries: the same imports in their allowed places pass', () => {
  it.each([
    ['electron in src-main/electron', 'src-main/electron/x.ts', value('electron', 'app')],
    ['better-sqlite3 in core/db', 'src-main/core/db/x.ts', "import Database from 'better-sqlite3';\nexport const used = Database;\n"],
    ['child_process in core/runner', 'src-main/core/runner/x.ts', value('child_process', 'spawn')],
    ['node:child_process in core/runner', 'src-main/core/runner/x.ts', value('node:child_process', 'spawn')],
    ['node:child_process in a plugin', 'plugins/cron/x.ts', value('node:child_process', 'spawn')],
    ['`import type` from src-main/common in the renderer', 'src-renderer/x.ts', typeOnly('../src-main/common/models')],
    ['an inline `type` import from src-main/common in the renderer', 'src-renderer/store/x.ts', inlineType('../../src-main/common/models')],
    ['`import type` from src-main/common in a renderer component', 'src-renderer/views/x.tsx', typeOnly('../../src-main/common/models')],
    ['src-main/common in core', 'src-main/core/x.ts', typeOnly('../common/models')],
    ['a value from src-main/common/pure in the renderer', 'src-renderer/views/x.tsx', value('../../src-main/common/pure/time-text', 'relativeTime')],
    ['a value from src-main/common/pure in core', 'src-main/core/x.ts', value('../common/pure/time-text', 'formatDuration')],
    ['the plugin registry in core', 'src-main/core/external/x.ts', value('../../../plugins/registry', 'EXTERNAL_SOURCES')],
    ['a common type and a sibling in common/pure', 'src-main/common/pure/x.ts', typeOnly('../models') + value('./time-text', 'relativeTime')],
    ['core in headless', 'src-main/headless/x.ts', value('../core/index', 'createCore')],
    ['a core sibling in core', 'src-main/core/projects/x.ts', value('../duration', 'parseDuration')],
  ])('allows %s', async (_label, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
