import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors';
import { processAlive } from './runner/process-alive';

/**
 * One long-running engine per home: a pid file taken with O_EXCL. A stale file (its process gone) is
 * taken over. Returns the release function.
 */
export function takeEngineLock(home: string): () => void {
  // A first start: the home does not exist yet.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = join(home, 'engine.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (processAlive(pid) && pid !== process.pid) {
        throw new UserError(`another Agent OS engine (pid ${pid}) is already running for ${home}; stop it first or use it`, 'conflict');
      }
      rmSync(file, { force: true });
    }
  }
  throw new UserError(`could not take the engine lock ${file}; remove it if no Agent OS is running`, 'conflict');
}

/** The pid of the engine running for this home, or null. */
export function runningEngine(home: string): number | null {
  try {
    const pid = Number(readFileSync(join(home, 'engine.pid'), 'utf8').trim());
    return processAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}
