// Acceptance (SPEC §6): the heartbeat monitor's timing, observed from outside through the HTTP API. With
// `period: 2s, grace: 2s` a heartbeat that stops pinging is late ~2 s and down ~4 s after its last ping;
// one never pinged counts from when Agent OS first saw it; a /start with no end is down after grace and
// its run closed as timeout. Every transition is recorded once in state_changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskState } from '../../src-main/common/models';
import { withDatabase } from '../helpers/db';
import { ANY_PORT } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { callApi, request, startTestServer, taskStatus, type TestServer } from '../helpers/http';

const TASKS = ['mon/beat', 'mon/never', 'mon/hung'] as const;
type Watched = (typeof TASKS)[number];

interface Change {
  from_state: string;
  to_state: string;
  at: string;
}

let box: Sandbox;
let ts: TestServer;
/** When each task was first seen in each state, by polling status (ms since epoch). */
const firstSeen = new Map<Watched, Map<TaskState, number>>(TASKS.map((t) => [t, new Map()]));
let lastPingAt = 0;
let startedAt = 0;
let firstSeenAt = 0;
let changesAtEnd: Map<Watched, Change[]>;
let changesAfterQuiet: Map<Watched, Change[]>;

const changes = (): Map<Watched, Change[]> =>
  withDatabase(
    box.home,
    (db) => new Map(TASKS.map((t) => [t, db.prepare('SELECT from_state, to_state, at FROM state_changes WHERE task_id = ? ORDER BY id').all(t) as Change[]])),
  );
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'mon', {
    manifest: `name: mon
tasks:
  beat:
    heartbeat: { period: 2s, grace: 2s }
  never:
    heartbeat: { period: 2s, grace: 2s }
  hung:
    heartbeat: { period: 1h, grace: 2s }
`,
  });
  writeConfig(box.home, [dir], ANY_PORT);
  ts = await startTestServer(box.home);
  firstSeenAt = withDatabase(box.home, (db) =>
    Date.parse((db.prepare("SELECT first_seen_at FROM tasks WHERE id = 'mon/never'").get() as { first_seen_at: string }).first_seen_at),
  );
  const pathOf = async (task: Watched): Promise<string> => new URL((await taskStatus(ts.url, ts.token, task)).ping_url ?? '').pathname;
  const beat = await pathOf('mon/beat');
  const hung = await pathOf('mon/hung');

  // A few healthy pings, then silence.
  for (let i = 0; i < 3; i++) {
    expect((await request(ts.url, beat)).status).toBe(200);
    lastPingAt = Date.now();
    if (i < 2) await sleep(200);
  }
  expect((await request(ts.url, `${hung}/start`)).status).toBe(200);
  startedAt = Date.parse((await callApi(ts.url, ts.token, 'runs.list', { task: 'mon/hung' }))[0]?.started_at ?? '');

  // Poll the status until every task has been seen down (or 15 s passed), noting first sightings.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && TASKS.some((t) => !firstSeen.get(t)?.has('down'))) {
    const tasks = await callApi(ts.url, ts.token, 'tasks.list', { project: 'mon' });
    const at = Date.now();
    for (const task of tasks) {
      const seen = firstSeen.get(task.id as Watched);
      if (seen && !seen.has(task.state)) seen.set(task.state, at);
    }
    await sleep(50);
  }
  changesAtEnd = changes();
  // Two more monitor ticks and then some: nothing may be recorded again.
  await sleep(2500);
  changesAfterQuiet = changes();
}, 60_000);

afterAll(async () => {
  await ts?.close();
  box?.cleanup();
});

/** Seconds from `from` to when `task` was first seen in `state`. */
const secondsTo = (task: Watched, state: TaskState, from: number): number => ((firstSeen.get(task)?.get(state) ?? Number.NaN) - from) / 1000;

describe('heartbeat monitor timing (period 2s, grace 2s)', () => {
  it('reports a heartbeat that stops pinging late about 2 s and down about 4 s after its last ping', () => {
    expect(firstSeen.get('mon/beat')?.has('ok')).toBe(true);
    expect(secondsTo('mon/beat', 'late', lastPingAt)).toBeGreaterThanOrEqual(1.5);
    expect(secondsTo('mon/beat', 'late', lastPingAt)).toBeLessThanOrEqual(3.5);
    expect(secondsTo('mon/beat', 'down', lastPingAt)).toBeGreaterThanOrEqual(3.5);
    expect(secondsTo('mon/beat', 'down', lastPingAt)).toBeLessThanOrEqual(5.5);
  });

  it('counts a never-pinged heartbeat from when Agent OS first saw it', () => {
    expect(secondsTo('mon/never', 'late', firstSeenAt)).toBeGreaterThanOrEqual(1.5);
    expect(secondsTo('mon/never', 'late', firstSeenAt)).toBeLessThanOrEqual(3.5);
    expect(secondsTo('mon/never', 'down', firstSeenAt)).toBeGreaterThanOrEqual(3.5);
    expect(secondsTo('mon/never', 'down', firstSeenAt)).toBeLessThanOrEqual(5.5);
  });

  it('reports a /start with no end down once grace has passed and closes its run as timeout', async () => {
    expect(firstSeen.get('mon/hung')?.has('running')).toBe(true);
    expect(secondsTo('mon/hung', 'down', startedAt)).toBeGreaterThanOrEqual(1.5);
    expect(secondsTo('mon/hung', 'down', startedAt)).toBeLessThanOrEqual(3.5);
    expect(firstSeen.get('mon/hung')?.has('late')).toBe(false);
    const runs = await callApi(ts.url, ts.token, 'runs.list', { task: 'mon/hung' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'timeout' });
    expect(runs[0]?.error).toMatch(/grace|timeout/);
    const closedAfter = (Date.parse(runs[0]?.finished_at ?? '') - startedAt) / 1000;
    expect(closedAfter).toBeGreaterThanOrEqual(1.5);
    expect(closedAfter).toBeLessThanOrEqual(3.5);
  });

  it('records each transition once in state_changes, at the time it happened', () => {
    const transitions = (task: Watched): string[] => (changesAtEnd.get(task) ?? []).map((c) => `${c.from_state}->${c.to_state}`);
    expect(transitions('mon/beat')).toEqual(['new->up', 'up->late', 'late->down']);
    expect(transitions('mon/never')).toEqual(['new->late', 'late->down']);
    expect(transitions('mon/hung').filter((t) => t.endsWith('->down'))).toHaveLength(1);
    expect(changesAfterQuiet).toEqual(changesAtEnd);
    // The recorded time of each move matches when the status first showed it (within one poll and tick).
    for (const task of TASKS) {
      for (const change of changesAtEnd.get(task) ?? []) {
        const state = change.to_state === 'up' ? 'ok' : (change.to_state as TaskState);
        const observed = firstSeen.get(task)?.get(state);
        if (observed === undefined || change.to_state === 'up') continue;
        expect(Math.abs(observed - Date.parse(change.at)), `${task} ${change.to_state}`).toBeLessThan(500);
      }
    }
  });
});
