// Alert tests that need real HTTP pings: a served engine on the test's clock over the alert bed's sandbox, a
// JSON webhook listener, and the few reads those tests make (task state, last run, notices per task).
import { afterEach, expect } from 'vitest';
import type { Run, TaskState } from '../../src-main/common/models';
import type { AlertBed } from './alert-bed';
import type { TestClock } from './engine';
import { writeConfig } from './fixtures';
import { request, startTestServer, taskStatus, type TestServer } from './http';
import { jsonBody, notifyConfig, type Listener } from './listener';

/** What a served alert test works with. */
export interface AlertServer {
  /** Starts the served engine on `clock` for the project folders, with a JSON webhook to `hook` and extra config lines. */
  serve(projects: readonly string[], hook: Listener, clock: TestClock, extra?: Record<string, string | number>): Promise<TestServer>;
  /** Sends a real ping (`/ping/<key>` plus `suffix`, e.g. "/start") for a heartbeat task. */
  ping(task: string, suffix?: string): Promise<void>;
  stateOf(task: string): Promise<TaskState>;
  lastRun(task: string): Run | undefined;
}

/** Registers the server's teardown (before the bed removes the sandbox); call once at the top of a test file. */
export function useAlertServer(bed: AlertBed): AlertServer {
  let ts: TestServer | null = null;
  afterEach(async () => {
    await ts?.close();
    ts = null;
  });
  const server = (): TestServer => {
    if (!ts) throw new Error('serve() first');
    return ts;
  };
  return {
    async serve(projects, hook, clock, extra = {}) {
      writeConfig(bed.box.home, projects, `server:\n  port: 0\n${notifyConfig([{ kind: 'json', url: hook.url('/hooks/alerts') }], extra)}`);
      ts = await startTestServer(bed.box.home, { clock });
      return ts;
    },
    async ping(task, suffix = '') {
      const s = server();
      const path = new URL((await taskStatus(s.url, s.token, task)).ping_url ?? '').pathname;
      expect((await request(s.url, `${path}${suffix}`)).status).toBe(200);
    },
    stateOf: async (task) => (await taskStatus(server().url, server().token, task)).state,
    lastRun: (task) => server().core.handlers['runs.list']({ task, limit: 1 })[0],
  };
}

/** Notices a JSON-webhook listener received about one subject, as "kind/event". */
export function noticesOf(hook: Listener, subject: string): string[] {
  return hook.requests
    .map(jsonBody)
    .filter((b) => b.alert.subject === subject)
    .map((b) => `${b.alert.kind}/${b.event}`);
}
