// The example projects run from a copy in the home, never from where they are bundled: inside a packaged app
// (app.asar, a read-only install) a task's cwd cannot exist and nothing can be watched (issue 21 §2).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../db/store';

/** The folder of the home the bundled examples are copied to. */
export const EXAMPLES_FOLDER = 'examples';
/** Set once the examples were copied: a user who deletes the copies does not get them back. */
const COPIED = 'examples.copied_at';

/**
 * The examples' folder in the home, copied there from `bundled` on the first call (once per home, and never
 * over a folder that is already there, so a user's edits stay). Null when there are none to show.
 */
export function examplesInHome(bundled: string, home: string, store: Store, now: () => Date, warn: (line: string) => void): string | null {
  const target = join(home, EXAMPLES_FOLDER);
  if (store.catalog.setting(COPIED) === null) {
    try {
      if (!existsSync(target)) copyAtomically(bundled, target);
      store.catalog.putSetting(COPIED, now().toISOString());
    } catch (error) {
      warn(`the example projects could not be copied from ${bundled} to ${target} (${(error as Error).message}); check that the home is writable`);
    }
  }
  return existsSync(target) ? target : null;
}

/** Copies into a temporary sibling, then renames: a crash mid-copy leaves no half-filled examples folder. */
function copyAtomically(from: string, to: string): void {
  const partial = `${to}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  copyTree(from, partial);
  try {
    renameSync(partial, to);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // Another process put the folder there first: theirs stays.
    if (!existsSync(to)) throw error;
  }
}

/**
 * readdir/readFile/writeFile rather than fs.cp: these are the calls Electron serves from inside app.asar,
 * and the copies get the user's own writable modes, not the install's read-only ones.
 */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyTree(source, join(to, entry.name));
    else if (entry.isFile()) writeFileSync(join(to, entry.name), readFileSync(source), { mode: statSync(source).mode & 0o111 ? 0o755 : 0o644 });
  }
}
