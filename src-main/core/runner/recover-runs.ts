import type { Run } from '../../common/models';
import type { RunOwner } from '../db/runs-repo';
import type { Store } from '../db/store';
import type { EventBus } from '../event-bus';
import { killGroup, processAlive } from './process-alive';

// A queued row gets its owner a moment after it is written; do not mistake that window for a crash.
const UNOWNED_GRACE_MS = 10_000;

/**
 * Whether the process supervising a run is gone. Runs carry their engine instance, whose lock the OS drops
 * when that process dies, so a pid reused after a reboot or in a container's fresh PID namespace cannot keep
 * a dead engine's run open. Rows from before instances (no owner_instance) fall back to the pid.
 */
function ownerGone(store: Store, run: Run & RunOwner, now: Date): boolean {
  if (run.owner_instance !== null) return !store.instance.alive(run.owner_instance);
  if (run.owner_pid === null) return now.getTime() - Date.parse(run.queued_at) >= UNOWNED_GRACE_MS;
  return run.owner_pid !== process.pid && !processAlive(run.owner_pid);
}

/**
 * Whether a run not yet started is left for the engine to start again (RunService.resumeQueued, which has the
 * manifests to judge it): with `engine`, every run an engine instance queued; without (a one-shot CLI), only
 * retries, whose promise (a due time) is in their row.
 */
function leftForEngine(run: Run & RunOwner, engine: boolean): boolean {
  if (run.status === 'running' || run.owner_instance === null) return false;
  return engine || (run.trigger === 'retry' && run.scheduled_for !== null);
}

/**
 * Closes runs whose supervising Agent OS process is gone (crash, kill -9, power loss, container restart) as
 * `interrupted`, and ends the orphaned task process group if it is still there. Runs owned by live engine
 * instances are left alone, and so are the waiting runs a restarted engine starts again (see leftForEngine).
 */
export function recoverInterruptedRuns(store: Store, events: EventBus, now: Date, engine = false): Run[] {
  const recovered: Run[] = [];
  const gone = new Map<string, boolean>();
  for (const run of store.runs.allActive()) {
    // Heartbeat and external runs are observed, not supervised: the monitor closes those.
    if (run.trigger === 'heartbeat' || run.trigger === 'external') continue;
    if (leftForEngine(run, engine)) continue;
    const key = run.owner_instance ?? `run:${run.id}`;
    const isGone = gone.get(key) ?? ownerGone(store, run, now);
    gone.set(key, isGone);
    if (!isGone) continue;
    const owner = `the Agent OS process (pid ${String(run.owner_pid)})`;
    let error: string;
    if (run.status === 'running') {
      // Never our own group: in a restarted container the dead child's pid may now be this engine's.
      const orphanKilled = run.pid !== null && run.pid !== process.pid && processAlive(run.pid) && killGroup(run.pid, 'SIGKILL');
      error = `interrupted: ${owner} supervising it ended while it ran${orphanKilled ? '; its leftover processes were killed' : ''}`;
    } else {
      error = `interrupted: ${owner} that queued it ended before it started`;
    }
    const startedAt = run.started_at ? Date.parse(run.started_at) : null;
    const finished = store.runs.close(run.id, 'interrupted', now.toISOString(), error, startedAt === null ? null : now.getTime() - startedAt);
    if (!finished) continue;
    const row = store.runs.get(run.id) as Run;
    recovered.push(row);
    events.emit('run.finished', { run: row });
  }
  store.instance.sweep();
  return recovered;
}
