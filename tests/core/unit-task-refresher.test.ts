// The task refresher on real pieces (SQLite store, project registry, alert engine, event bus): a burst of
// "this task may have changed" costs one look per task on the next turn of the event loop, and nothing is
// looked at once the engine stopped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskState } from '../../src-main/common/models';
import { AlertEngine } from '../../src-main/core/alerts/alert-engine';
import { createAppLog } from '../../src-main/core/app-log';
import { openStore, type Store } from '../../src-main/core/db/store';
import { EventBus } from '../../src-main/core/event-bus';
import { ProjectRegistry } from '../../src-main/core/projects/project-registry';
import { TaskRefresher } from '../../src-main/core/task-refresher';
import { manifest } from '../helpers/engine';
import { createSandbox, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let store: Store;

beforeEach(() => {
  box = createSandbox();
  store = openStore(join(box.root, 'agent-os.db'));
});

afterEach(() => {
  store.close();
  box.cleanup();
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A refresher over project `p` (tasks a and b); `looks` counts how often a task was described. */
function bed(pausedAll: () => boolean = () => false) {
  const now = (): Date => new Date('2026-12-01T10:00:00Z');
  const events = new EventBus((error) => {
    throw error;
  });
  const registry = new ProjectRegistry(store, box.root, now);
  registry.load([writeProject(box.root, 'p', { manifest: manifest('p', { a: ['command: ["true"]'], b: ['command: ["true"]'] }) })]);
  const states: Array<{ task: string; state: TaskState; previous: TaskState | null }> = [];
  events.on('task.state', (e) => states.push(e));
  const log = createAppLog(join(box.root, 'logs'));
  const alerts = new AlertEngine(store, events, now, {
    channels: () => [],
    quietHours: () => null,
    upstreams: () => [],
    flapping: () => ({ changes: 0, windowMs: 0, window: '0s' }),
    releaseAfter: (_task, at) => at,
  });
  const counter = { looks: 0 };
  const refresher = new TaskRefresher({
    store,
    registry,
    events,
    alerts,
    log,
    now,
    pausedAll: () => {
      counter.looks++;
      return pausedAll();
    },
    pingBase: () => 'http://127.0.0.1:7777',
  });
  return { refresher, states, counter, appLog: () => readFileSync(join(box.root, 'logs', 'app.log'), 'utf8') };
}

describe('TaskRefresher', () => {
  it('looks at each task of a burst once, on the next turn of the event loop', async () => {
    const { refresher, states, counter } = bed();
    for (let i = 0; i < 5; i++) refresher.refresh('p/a');
    refresher.refresh('p/b');
    refresher.refresh('p/a');
    expect(counter.looks).toBe(0);
    await nextTurn();
    expect(counter.looks).toBe(2);
    // The first look at each task in this engine tells its state (previous: null), once per task.
    expect(states).toEqual([
      { task: 'p/a', state: 'never', previous: null },
      { task: 'p/b', state: 'never', previous: null },
    ]);
    // A later burst is a new look; an unchanged state says nothing.
    refresher.refresh('p/a');
    refresher.refresh('p/a');
    await nextTurn();
    expect(counter.looks).toBe(3);
    expect(states).toHaveLength(2);
  });

  it('looks at nothing once stopped, even what was asked before', async () => {
    const { refresher, states, counter } = bed();
    refresher.refresh('p/a');
    refresher.stop();
    await nextTurn();
    refresher.refresh('p/b');
    await nextTurn();
    expect(counter.looks).toBe(0);
    expect(states).toEqual([]);
  });

  it('goes on with the other tasks when one look fails, and says which one failed in the app log', async () => {
    let calls = 0;
    const { refresher, states, appLog } = bed(() => {
      if (++calls === 1) throw new Error('status read failed');
      return false;
    });
    refresher.refresh('p/a');
    refresher.refresh('p/b');
    refresher.refresh('p/unknown');
    await nextTurn();
    expect(states.map((s) => s.task)).toEqual(['p/b']);
    const line = appLog()
      .split('\n')
      .find((l) => l.includes('task refresh failed'));
    expect(line).toContain('"task":"p/a"');
    expect(line).toContain('status read failed');
  });
});
