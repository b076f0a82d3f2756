import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileLockHeld, holdFileLock } from './db/file-lock';
import { UserError } from './errors';

const LOCK_FILE = 'engine.lock';
const PID_FILE = 'engine.pid';

/**
 * One long-running engine per home: an exclusive lock on `<home>/engine.lock` that the operating system
 * releases when the engine's process dies, so neither a crash nor a reboot nor a container restart (which
 * hands the dead engine's pid to someone else) can leave it taken. `engine.pid` is written beside it for
 * people and messages only; nothing decides on it. Returns the release function.
 */
export function takeEngineLock(home: string, nativeBinding?: string): () => void {
  // A first start: the home does not exist yet.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const release = holdFileLock(join(home, LOCK_FILE), nativeBinding);
  if (!release) {
    const pid = readPid(home);
    const who = pid === null ? 'another Agent OS engine' : `another Agent OS engine (pid ${pid})`;
    throw new UserError(`${who} is already running for ${home}; stop it first or use it`, 'conflict');
  }
  const pidFile = join(home, PID_FILE);
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile);
    } catch {
      // already gone
    }
    release();
  };
}

/** Whether an engine runs for this home, with its pid as it wrote it (null when unreadable); null when none runs. */
export function runningEngine(home: string, nativeBinding?: string): { pid: number | null } | null {
  return fileLockHeld(join(home, LOCK_FILE), nativeBinding) ? { pid: readPid(home) } : null;
}

function readPid(home: string): number | null {
  try {
    const pid = Number(readFileSync(join(home, PID_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
