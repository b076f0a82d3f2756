import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileLockHeld, holdFileLock } from './file-lock';

/** This process's engine instance: the owner stamped on the runs it supervises. */
export interface EngineInstance {
  /** A random id, new at every start. */
  readonly id: string;
  /** Whether the instance with this id is still alive (its process holds its lock). */
  alive(id: string): boolean;
  /** Removes the lock files of instances that are gone (their runs must be closed first). */
  sweep(): void;
  release(): void;
}

const LOCK_SUFFIX = '.lock';

/**
 * Starts an engine instance for the database in `dir`: a random id and an exclusive lock on
 * `<dir>/instances/<id>.lock` that the operating system drops when this process dies. Another process
 * asks the lock, not a pid, whether the owner of a run is still there, so a pid reused after a reboot or
 * in a fresh PID namespace (a container restart) never keeps a dead engine's run `running`.
 */
export function startEngineInstance(dir: string, nativeBinding?: string): EngineInstance {
  const locks = join(dir, 'instances');
  mkdirSync(locks, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const file = join(locks, `${id}${LOCK_SUFFIX}`);
  const unlock = holdFileLock(file, nativeBinding);
  // A fresh random name has no other holder; null here would mean the file system does not lock at all.
  if (!unlock) throw new Error(`could not lock ${file}; the home must be on a file system with working locks`);
  let released = false;
  return {
    id,
    alive: (other) => (other === id ? !released : fileLockHeld(join(locks, `${other}${LOCK_SUFFIX}`), nativeBinding)),
    sweep() {
      for (const name of readdirSync(locks)) {
        if (!name.endsWith(LOCK_SUFFIX) || name === `${id}${LOCK_SUFFIX}`) continue;
        if (!fileLockHeld(join(locks, name), nativeBinding)) rmSync(join(locks, name), { force: true });
      }
    },
    release() {
      if (released) return;
      released = true;
      unlock();
      rmSync(file, { force: true });
    },
  };
}
