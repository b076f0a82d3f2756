import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

/** The database handle type, re-exported so no module outside core/db imports better-sqlite3. */
export type Db = Database.Database;

/** Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations. */
export function openDatabase(file: string, nativeBinding?: string): Db {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The database ${db.name} was written by a newer Agent OS (schema ${current}, this one knows ${MIGRATIONS.length}); update Agent OS.`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      // Re-check inside the write transaction: another process may have migrated meanwhile.
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now !== version) return;
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** PRAGMA integrity_check's verdict: "ok" when the file is sound. */
export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }));
}
