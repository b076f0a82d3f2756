import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

// How long taking a lock waits out another process that is only looking (fileLockHeld holds a shared lock
// for a moment); a real holder keeps it far longer, and then taking it fails.
const TAKE_WAIT_MS = 500;

/**
 * Takes an exclusive lock on `file` that the operating system releases when this process ends, however it
 * ends (crash, kill -9, power loss, a container restart with the same pids): SQLite's own fcntl locking,
 * held by a write transaction that is never committed. The file is a tiny empty SQLite database; its
 * journal is kept in memory so nothing else is left beside it. Returns the release function, or null when
 * another connection (in this process or another) holds the lock.
 */
export function holdFileLock(file: string, nativeBinding?: string): (() => void) | null {
  const db = new Database(file, { timeout: TAKE_WAIT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  return () => {
    if (db.open) db.close();
  };
}

/** Whether some live connection holds the lock on `file` (false when the file does not exist). */
export function fileLockHeld(file: string, nativeBinding?: string): boolean {
  if (!existsSync(file)) return false;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch {
    return false; // removed meanwhile: its holder released it
  }
  try {
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').all();
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    db.close();
  }
}
