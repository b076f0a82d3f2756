import type { Run } from '../../common/models';
import type { Store } from '../db/store';
import type { EventBus } from '../event-bus';
import { killGroup, processAlive } from './process-alive';

// A queued row gets its owner a moment after it is written; do not mistake that window for a crash.
const UNOWNED_GRACE_MS = 10_000;

/**
 * Closes runs whose supervising Agent OS process is gone (crash, kill -9, power loss) as `interrupted`,
 * and ends the orphaned task process group if it is still there. Runs owned by live processes are left alone.
 */
export function recoverInterruptedRuns(store: Store, events: EventBus, now: Date): Run[] {
  const recovered: Run[] = [];
  for (const run of store.runs.allActive()) {
    // Heartbeat and external runs are observed, not supervised: the monitor closes those.
    if (run.trigger === 'heartbeat' || run.trigger === 'external') continue;
    if (run.owner_pid === process.pid || processAlive(run.owner_pid)) continue;
    if (run.owner_pid === null && now.getTime() - Date.parse(run.queued_at) < UNOWNED_GRACE_MS) continue;
    let error: string;
    if (run.status === 'running') {
      const orphanKilled = run.pid !== null && processAlive(run.pid) && killGroup(run.pid, 'SIGKILL');
      error = `interrupted: the Agent OS process supervising it (pid ${String(run.owner_pid)}) ended while it ran${orphanKilled ? '; its leftover processes were killed' : ''}`;
    } else {
      error = `interrupted: the Agent OS process that queued it (pid ${String(run.owner_pid)}) ended before it started`;
    }
    const startedAt = run.started_at ? Date.parse(run.started_at) : null;
    const finished = store.runs.close(run.id, 'interrupted', now.toISOString(), error, startedAt === null ? null : now.getTime() - startedAt);
    if (!finished) continue;
    const row = store.runs.get(run.id) as Run;
    recovered.push(row);
    events.emit('run.finished', { run: row });
  }
  return recovered;
}
