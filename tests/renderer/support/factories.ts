// Realistic API data, shaped exactly like src-main/common/models.ts (what status.get, runs.list… return).
import type { AlertWithDeliveries, Digest } from '../../../src-main/common/alerts';
import type { HandlerResult } from '../../../src-main/common/api';
import type { LogChunk, ProjectStatus, Run, StatusReport, TaskStatus, UpcomingRun } from '../../../src-main/common/models';

const MINUTE = 60_000;
const iso = (msAgo: number): string => new Date(Date.now() - msAgo).toISOString();

/** A finished run of `task` (default: a success that ended a few minutes ago). */
export function makeRun(id: number, task: string, over: Partial<Run> = {}): Run {
  const status = over.status ?? 'success';
  const terminal = !['queued', 'waiting', 'running'].includes(status);
  return {
    id,
    task,
    project: task.split('/')[0] ?? '',
    status,
    trigger: 'schedule',
    attempt: 0,
    retry_of: null,
    scheduled_for: iso(10 * MINUTE),
    queued_at: iso(10 * MINUTE),
    started_at: iso(10 * MINUTE),
    finished_at: terminal ? iso(9 * MINUTE) : null,
    duration_ms: terminal ? 1_204 : null,
    exit_code: status === 'success' ? 0 : status === 'failed' ? 23 : null,
    signal: null,
    error: status === 'failed' ? 'exited with code 23: rsync: failed to connect to nas.local: Connection refused (111)' : null,
    pid: terminal ? null : 4242,
    triggered_by: null,
    ...over,
  };
}

/** A command task row of status.get. */
export function makeTask(id: string, over: Partial<TaskStatus> = {}): TaskStatus {
  return {
    id,
    kind: 'command',
    state: 'ok',
    paused: false,
    schedule: 'every 15m',
    last_run: null,
    next_run: new Date(Date.now() + 12 * MINUTE).toISOString(),
    ...over,
  };
}

/** A valid project holding the given tasks. */
export function makeProject(name: string, tasks: TaskStatus[], over: Partial<ProjectStatus> = {}): ProjectStatus {
  return { name, path: `/Users/erik/code/${name}`, state: 'ok', errors: [], tasks, ...over };
}

export function makeStatus(projects: ProjectStatus[], over: Partial<StatusReport> = {}): StatusReport {
  return { projects, config_errors: [], paused_all: false, ...over };
}

/**
 * The bundled examples as status.get reports them after backups/snapshot failed once and the rest succeeded:
 * one failing command task, a heartbeat, and healthy command tasks in three projects.
 */
export function examplesStatus(): StatusReport {
  return makeStatus([
    makeProject('backups', [
      makeTask('backups/snapshot', {
        state: 'failing',
        schedule: '0 2 * * *',
        last_run: makeRun(3, 'backups/snapshot', { status: 'failed', trigger: 'manual' }),
      }),
      makeTask('backups/prune', { schedule: 'every 1h', last_run: makeRun(2, 'backups/prune') }),
    ]),
    makeProject('newsletter', [
      makeTask('newsletter/fetch-feeds', { last_run: makeRun(1, 'newsletter/fetch-feeds') }),
      makeTask('newsletter/send-digest', { state: 'never', schedule: '0 8 * * *' }),
    ]),
    makeProject('trading', [
      makeTask('trading/market-data', { kind: 'heartbeat', state: 'ok', schedule: 'every 6h', ping_url: 'http://127.0.0.1:7317/ping/6f1c0d2e9a' }),
      makeTask('trading/volatility-check', { schedule: 'every 30m' }),
    ]),
  ]);
}

/** The same projects with every task healthy. */
export function healthyStatus(): StatusReport {
  const status = examplesStatus();
  return {
    ...status,
    projects: status.projects.map((p) => ({
      ...p,
      tasks: p.tasks.map((t) => ({
        ...t,
        state: 'ok' as const,
        last_run: t.last_run ? { ...t.last_run, status: 'success' as const, error: null, exit_code: 0 } : null,
      })),
    })),
  };
}

/** config.yml after defaults, as settings.get returns it. */
export function makeSettings(over: Partial<HandlerResult<'settings.get'>> = {}): HandlerResult<'settings.get'> {
  return {
    roots: [],
    projects: [],
    scan_depth: 3,
    resources: {},
    notify: { webhooks: [], reminder_hours: 0, timeout: '10s', retry_base: '10s', retry_max: '15m', max_attempts: 6, flapping: { changes: 4, window: '1h' } },
    budgets: {},
    server: { host: '127.0.0.1', port: 7317, allowed_hosts: [], trust_proxy: false },
    quiet_hours: null,
    retention: { runs_days: 90, log_max_bytes: '2MB' },
    kill_grace: '5s',
    launchd: {},
    cron: { dirs: [] },
    costs: {
      openai: { base_url: 'https://api.openai.com/v1', projects: {} },
      anthropic: { base_url: 'https://api.anthropic.com/v1', workspaces: {} },
      window_days: 7,
      retry_base: '2s',
    },
    github: { api_url: 'https://api.github.com', poll: '5m', repos: {} },
    railway: { api_url: 'https://backboard.railway.com/graphql/v2', poll: '5m', services: {} },
    remotes: [],
    mcp: { allow_run: [] },
    ...over,
  };
}

/** One upcoming fire time. */
export function makeUpcoming(task: string, at: Date, over: Partial<UpcomingRun> = {}): UpcomingRun {
  return { task, kind: 'command', at: at.toISOString(), paused: false, ...over };
}

/** A log the fake core grows; runs.tail answers from a byte offset like the real one (ASCII here). */
export class GrowingLog {
  private text = '';
  constructor(private readonly run: () => Run) {}
  append(line: string): void {
    this.text += line;
  }
  tail(offset: number): LogChunk {
    const status = this.run().status;
    return { text: this.text.slice(offset), offset: this.text.length, done: !['queued', 'waiting', 'running'].includes(status), status, live_tail: null };
  }
}

/** An alert as alerts.list returns it (default: an open failure of `subject`, nothing folded). */
export function makeAlert(id: number, subject: string, over: Partial<AlertWithDeliveries> = {}): AlertWithDeliveries {
  return {
    id,
    kind: 'failed',
    subject,
    state: 'open',
    critical: true,
    title: `${subject} failed`,
    detail: 'exited with code 2',
    run_id: null,
    muted_by: null,
    opened_at: iso(5 * MINUTE),
    acknowledged_at: null,
    snoozed_until: null,
    resolved_at: null,
    deliveries: [],
    folded_into: null,
    folded: [],
    ...over,
  };
}

/** A digest as digest.preview returns it: shop/db still failing, nothing else. */
export function makeDigest(over: Partial<Digest> = {}): Digest {
  return {
    day: '2026-11-20',
    generated_at: iso(0),
    failures: [],
    recoveries: [],
    still_failing: [{ task: 'shop/db', state: 'failing', since: iso(60 * MINUTE), error: 'exited with code 2: db: connection refused' }],
    missed: [],
    spend: [{ project: null, yesterday_usd: 0, month_usd: 0, daily_budget_usd: null, monthly_budget_usd: null }],
    messages: [],
    upcoming: [],
    text: 'Agent OS digest for 2026-11-20: 0 failures, 0 recoveries, 1 still failing\n\nStill failing (1):\n  • shop/db (failing)',
    ...over,
  };
}
