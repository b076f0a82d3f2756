import { dirname } from 'node:path';
import { alertsRepo } from './alerts-repo';
import { catalogRepo } from './catalog-repo';
import { costsRepo } from './costs-repo';
import { createdChecksRepo } from './created-checks-repo';
import { startEngineInstance } from './engine-instance';
import { healthRepo } from './health-repo';
import { heartbeatsRepo } from './heartbeats-repo';
import { messagesRepo } from './messages-repo';
import { integrityCheck, openDatabase, type Db } from './open-database';
import { outputsRepo } from './outputs-repo';
import { retentionRepo } from './retention-repo';
import { runsRepo } from './runs-repo';
import { taskHealthRepo } from './task-health-repo';

/** Everything the engine reads and writes, behind one object: the only door to SQLite. */
export function openStore(file: string, nativeBinding?: string) {
  const db: Db = openDatabase(file, nativeBinding);
  const instance = startEngineInstance(dirname(file), nativeBinding);
  return {
    instance,
    runs: runsRepo(db, instance.id),
    catalog: catalogRepo(db),
    createdChecks: createdChecksRepo(db),
    outputs: outputsRepo(db),
    heartbeats: heartbeatsRepo(db),
    alerts: alertsRepo(db),
    messages: messagesRepo(db),
    costs: costsRepo(db),
    health: healthRepo(db),
    taskHealth: taskHealthRepo(db),
    retention: retentionRepo(db),
    integrityCheck: () => integrityCheck(db),
    /** Runs fn in one write transaction. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
    close(): void {
      // SQLite's advice: let it refresh its planner statistics where they are stale, on close.
      try {
        if (db.open) db.pragma('optimize');
      } catch {
        // A full disk: the statistics can wait for the next close.
      }
      if (db.open) db.close();
      instance.release();
    },
  };
}

/** The store's type. */
export type Store = ReturnType<typeof openStore>;
