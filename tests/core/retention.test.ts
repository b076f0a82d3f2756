// retention.runs_days: the engine removes runs (and their logs, metrics, keyless results, ping events) that
// ended longer ago than that, shortly after it starts. Never removed: a task's latest run, keyed results
// (a task's current values), costs (money spent), anything still running.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core';
import { openStore } from '../../src-main/core/db/store';
import { runTask } from '../helpers/core';
import { withDatabase } from '../helpers/db';
import { createClock, startEngine, useEngineSandbox } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';

const t = useEngineSandbox();

const DAY = 86_400_000;

const REPORT = `out="$AGENT_OS_OUTPUT"
echo "{\\"type\\":\\"result\\",\\"key\\":\\"run-$AGENT_OS_RUN_ID\\",\\"n\\":$AGENT_OS_RUN_ID}" >> "$out"
echo "{\\"type\\":\\"result\\",\\"note\\":\\"keyless\\",\\"n\\":$AGENT_OS_RUN_ID}" >> "$out"
echo "{\\"type\\":\\"metric\\",\\"name\\":\\"rows\\",\\"value\\":$AGENT_OS_RUN_ID}" >> "$out"
echo '{"type":"cost","usd":0.25,"provider":"openai","model":"gpt-4o"}' >> "$out"
echo "report $AGENT_OS_RUN_ID"
`;

/** Runs each task `times` times with the engine's clock set `daysAgo` days back; returns the run ids. */
async function runAt(daysAgo: number, tasks: readonly string[], times: number): Promise<number[]> {
  const past = createCore({ home: t.box.home, clock: createClock({ at: Date.now() - daysAgo * DAY }) });
  await past.start();
  const ids: number[] = [];
  try {
    for (let i = 0; i < times; i++) for (const task of tasks) ids.push((await runTask(past, task)).run.id);
  } finally {
    await past.stop();
  }
  return ids;
}

const count = (sql: string, ...args: unknown[]): number => withDatabase(t.box.home, (db) => (db.prepare(sql).get(...args) as { n: number }).n);

describe('retention.runs_days', () => {
  it('removes old runs with their logs, metrics and keyless results; keeps each task’s latest run, keyed results and costs', async () => {
    const dir = writeProject(t.box.root, 'acct', {
      manifest: 'name: acct\ntasks:\n  report:\n    command: ["sh", "./report.sh"]\n  rare:\n    command: ["echo", "once a quarter"]\n',
    });
    writeFileSync(join(dir, 'report.sh'), REPORT);
    writeConfig(t.box.home, [dir], 'retention:\n  runs_days: 30\n');

    const old = await runAt(45, ['acct/report'], 3);
    const rareOnly = await runAt(60, ['acct/rare'], 1); // the only run of acct/rare: its latest, kept
    const recent = await runAt(2, ['acct/report'], 2);
    const logOf = (id: number): string => join(t.box.home, 'logs', 'runs', `${id}.log`);
    expect(old.every((id) => existsSync(logOf(id)))).toBe(true);
    expect(count('SELECT COUNT(*) AS n FROM costs')).toBe(5);

    t.core = await startEngine(t.box.home);
    await waitFor('the old runs of acct/report to be pruned', () => count('SELECT COUNT(*) AS n FROM runs') === 3, { timeoutMs: 20_000 });

    const left = t.core.handlers['runs.list']({ limit: 100 }).map((r) => r.id);
    expect(left.sort((a, b) => a - b)).toEqual([...rareOnly, ...recent].sort((a, b) => a - b));
    expect(old.filter((id) => existsSync(logOf(id)))).toEqual([]);
    expect(recent.every((id) => existsSync(logOf(id))) && existsSync(logOf(rareOnly[0] ?? -1))).toBe(true);
    expect(() => t.core?.handlers['runs.get']({ id: old[0] ?? -1 })).toThrow(/no run/);
    // Keyed results of every run are still there; keyless results and metrics only of the kept runs.
    expect(count("SELECT COUNT(*) AS n FROM results WHERE key IS NOT NULL AND task_id = 'acct/report'")).toBe(5);
    expect(count('SELECT COUNT(*) AS n FROM results WHERE key IS NULL')).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM metrics')).toBe(2);
    // Costs are never pruned: the 45-day-old spend still counts.
    expect(count('SELECT COUNT(*) AS n FROM costs')).toBe(5);
  }, 60_000);

  it('keeps everything younger than runs_days', async () => {
    const dir = writeProject(t.box.root, 'p', { manifest: 'name: p\ntasks:\n  say:\n    command: ["echo", "hi"]\n  old:\n    command: ["echo", "old"]\n' });
    writeConfig(t.box.home, [dir], 'retention:\n  runs_days: 30\n');
    const young = await runAt(29, ['p/say'], 3);
    const old = await runAt(40, ['p/old'], 2);
    t.core = await startEngine(t.box.home);
    // Pruning ran once the older of p/old's two runs is gone; the 29-day-old runs are all still there.
    await waitFor('the older run of p/old to be pruned', () => count('SELECT COUNT(*) AS n FROM runs WHERE id = ?', old[0]) === 0, { timeoutMs: 20_000 });
    expect(
      t.core.handlers['runs.list']({ task: 'p/say', limit: 10 })
        .map((r) => r.id)
        .sort((a, b) => a - b),
    ).toEqual(young);
    expect(t.core.handlers['runs.list']({ task: 'p/old', limit: 10 }).map((r) => r.id)).toEqual([old[1]]);
  }, 40_000);

  it('prunes ping events older than the cutoff in batches, keeping the latest of each task', () => {
    const store = openStore(join(t.box.root, 'pings.db'));
    try {
      const at = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY).toISOString();
      const insert = (task: string, daysAgo: number): void => {
        recordPing(store, task, at(daysAgo));
      };
      for (let i = 0; i < 2500; i++) insert('a/beat', 40);
      insert('b/beat', 50); // b's only ping: its latest, kept
      insert('a/beat', 1);
      const cutoff = at(30);
      expect(store.retention.prunePings(cutoff, 2000)).toBe(2000);
      expect(store.retention.prunePings(cutoff, 2000)).toBe(500);
      expect(store.retention.prunePings(cutoff, 2000)).toBe(0);
    } finally {
      store.close();
    }
  });

  it('prunes sent messages older than the cutoff and keeps any still waiting for their channels, whatever their age', () => {
    const store = openStore(join(t.box.root, 'messages.db'));
    try {
      const at = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY).toISOString();
      const message = { project: 'shop', title: null, message: 'x', level: 'info' as const, source: 'cli' as const, run_id: null };
      store.messages.add([message, message], at(40));
      const sent = store.alerts.record({ kind: 'message', subject: 'shop', title: 'shop: 2 messages', detail: 'x', payload: {} }, at(40));
      store.messages.gather('shop', Math.max(...store.messages.list(10).map((m) => m.id)), sent.id);
      store.messages.add([message], at(40)); // never sent: kept
      store.messages.add([message], at(1)); // young: kept
      expect(store.messages.prune(at(30), 2000)).toBe(2);
      expect(store.messages.list(10).map((m) => m.alert_id)).toEqual([null, null]);
    } finally {
      store.close();
    }
  });
});

/** Records one ping event the way the heartbeat monitor does. */
function recordPing(store: ReturnType<typeof openStore>, task: string, at: string): void {
  store.heartbeats.recordPing({ task_id: task, kind: 'success', exit_status: null, rid: null, run_id: null, at, body_bytes: 0, source: null });
}
