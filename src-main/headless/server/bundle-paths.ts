import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the headless bundle (dist/headless) finds what ships beside it. ESM only: the desktop shell's
// CommonJS bundle resolves the same folders from its own __dirname.

/** The built dashboard folder (dist/renderer), next to the bundled server code. */
export function dashboardDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

/** The bundled example projects (assets/examples in the checkout or package). */
export function examplesDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'examples');
}
