import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedProject } from '../projects/load-manifest';
import type { ManifestTask } from '../projects/manifest-schema';
import { HELD_FOLDER_PREFIX, prepareRun, type ExecuteContext, type LaunchedAhead } from './execute-run';
import { processAlive } from './process-alive';
import { canHold, spawnHeld } from './held-process';

/** A held launch not taken this long after its time is ended (the run went another way). */
export const HELD_EXPIRY_MS = 5000;

interface Entry extends LaunchedAhead {
  due: string;
  expiry: NodeJS.Timeout;
}

/**
 * Processes forked ahead of their scheduled time, at most one per task, each for one due time. A run of
 * that task for that time takes it; anything else (a pause, a manifest change, a skip, a late start)
 * leaves it to expire, and every path ends it and removes its private folder.
 */
export class LaunchesAhead {
  private readonly held = new Map<string, Entry>();

  constructor(private readonly ctx: Pick<ExecuteContext, 'hostEnv' | 'killGraceMs' | 'now' | 'log'>) {}

  /** Forks the held process for `taskId`'s run due at `due`; false when it cannot be held (it starts the usual way). */
  prepare(taskId: string, due: Date, project: LoadedProject, task: ManifestTask): boolean {
    const dueIso = due.toISOString();
    if (this.held.get(taskId)?.due === dueIso) return true;
    this.discard(taskId);
    if (task.command === undefined) return false;
    const prepared = prepareRun(this.ctx, null, project, task, undefined);
    if ('error' in prepared) return false;
    if (!canHold(prepared.spawn.command, prepared.spawn.cwd, prepared.spawn.env)) {
      rmSync(prepared.tmp, { recursive: true, force: true });
      return false;
    }
    const held = spawnHeld(prepared.spawn);
    const wait = Math.max(0, due.getTime() - this.ctx.now().getTime()) + HELD_EXPIRY_MS;
    const expiry = setTimeout(() => this.discard(taskId, dueIso), wait);
    expiry.unref();
    this.held.set(taskId, { due: dueIso, prepared, held, expiry });
    return true;
  }

  /** The held launch for this task and time, if there is a live one; the caller now owns it. */
  take(taskId: string, scheduledFor: string | null): LaunchedAhead | null {
    const entry = this.held.get(taskId);
    if (!entry || entry.due !== scheduledFor) return null;
    this.held.delete(taskId);
    clearTimeout(entry.expiry);
    if (!entry.held.alive) {
      this.end(entry);
      return null;
    }
    return entry;
  }

  /** Ends the held launch of `taskId` (only the one for `due`, when given), or of every task. */
  discard(taskId?: string, due?: string): void {
    for (const [id, entry] of this.held) {
      if ((taskId !== undefined && id !== taskId) || (due !== undefined && entry.due !== due)) continue;
      this.held.delete(id);
      clearTimeout(entry.expiry);
      this.end(entry);
    }
  }

  private end(entry: Entry): void {
    entry.held.discard();
    try {
      rmSync(entry.prepared.tmp, { recursive: true, force: true });
    } catch (error) {
      this.ctx.log.warn({ err: String(error) }, 'could not remove a held run folder');
    }
  }
}

/**
 * Removes the private folders of held launches left by engines that were killed (kill -9, a crash): their
 * held shells exited when the engine's end closed their stdin, but the folders stay. Returns how many.
 */
export function removeStaleHeldFolders(dir = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const owner = name.startsWith(HELD_FOLDER_PREFIX) ? Number(name.slice(HELD_FOLDER_PREFIX.length).split('-')[0]) : NaN;
    if (!Number.isInteger(owner) || owner === process.pid || processAlive(owner)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
