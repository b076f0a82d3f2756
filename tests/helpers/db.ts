// Direct, read-mostly access to a home's SQLite file, to check what the product really stored.
import Database from 'better-sqlite3';
import { join } from 'node:path';

/** The database file of an Agent OS home (SPEC §2). */
export function dbPath(home: string): string {
  return join(home, 'agent-os.db');
}

/** Opens the home's SQLite file, runs fn on it and closes it again. */
export function withDatabase<T>(home: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbPath(home));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
