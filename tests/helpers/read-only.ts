// A read-only install, as a packaged app's files are (app.asar, a signed .app): every file and folder below
// `dir` loses its write bits. Root ignores modes, so tests also check that nothing in it changed (treeState).
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { filesUnder } from './fixtures';

function chmodTree(dir: string, write: boolean): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(path, write);
    else chmodSync(path, write ? statSync(path).mode | 0o200 : statSync(path).mode & 0o7555);
  }
  chmodSync(dir, write ? 0o755 : 0o555);
}

/** Makes the folder read-only; the returned function makes it writable again (for clean-up). */
export function makeReadOnly(dir: string): () => void {
  chmodTree(dir, false);
  return () => chmodTree(dir, true);
}

/** Every file below the folder with its content hash and mtime: equal states mean nothing was written. */
export function treeState(dir: string): string[] {
  return filesUnder(dir).map((file) => `${relative(dir, file)} ${createHash('sha256').update(readFileSync(file)).digest('hex')} ${statSync(file).mtimeMs}`);
}
