// Typechecks the desktop shell against the Electron stand-in in place of `electron` (tsconfig.shell-stand-in.json):
// the shell may call only what the stand-in implements, so the shell tests run every Electron call it makes.
// The stand-in names Electron's types through the global `Electron` namespace; electron.d.ts also declares
// the ambient module 'electron', which TypeScript would prefer to the stand-in, so the namespace is taken
// without its `declare module` blocks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const declarations = readFileSync(join(dirname(require.resolve('electron/package.json')), 'electron.d.ts'), 'utf8');
const modules = /^declare module '[^']+' \{\n[\s\S]*?^\}\n/gm;
if (!modules.test(declarations)) throw new Error('electron.d.ts declares no ambient modules: its layout changed; update scripts/typecheck-shell.mjs');
const out = join(root, 'node_modules', '.cache', 'agent-os', 'electron-namespace.d.ts');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, declarations.replace(modules, ''));
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.shell-stand-in.json'), '--noEmit'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
