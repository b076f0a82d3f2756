import { describe, expect, it } from 'vitest';
import type { ProjectStatus, StatusReport, TaskState, TaskStatus } from '../../src-main/common/models';
import { trayLook, trayMenu, type MenuModel } from '../../src-main/electron/tray-model';

function task(id: string, state: TaskState, kind: TaskStatus['kind'] = 'command', lastRunId: number | null = null): TaskStatus {
  const [project = ''] = id.split('/');
  return {
    id,
    kind,
    state,
    paused: state === 'paused',
    schedule: null,
    next_run: null,
    last_run:
      lastRunId === null
        ? null
        : {
            id: lastRunId,
            task: id,
            project,
            status: state === 'ok' ? 'success' : 'failed',
            trigger: 'schedule',
            attempt: 0,
            retry_of: null,
            scheduled_for: null,
            queued_at: '2026-11-21T10:00:00.000Z',
            started_at: '2026-11-21T10:00:00.000Z',
            finished_at: '2026-11-21T10:00:01.000Z',
            duration_ms: 1000,
            exit_code: 1,
            signal: null,
            error: 'exited with code 1',
            pid: null,
            triggered_by: null,
          },
  };
}

function status(tasks: TaskStatus[], extra: Partial<StatusReport> = {}, invalid: string[] = []): StatusReport {
  const byProject = new Map<string, TaskStatus[]>();
  for (const t of tasks) byProject.set(t.id.split('/')[0] ?? '', [...(byProject.get(t.id.split('/')[0] ?? '') ?? []), t]);
  const projects: ProjectStatus[] = [...byProject].map(([name, ts]) => ({ name, path: `/p/${name}`, state: 'ok', errors: [], tasks: ts }));
  for (const name of invalid) projects.push({ name, path: `/p/${name}`, state: 'invalid', errors: [{ path: 'tasks', message: 'bad' }], tasks: [] });
  return { projects, config_errors: [], paused_all: false, ...extra };
}

const labels = (items: MenuModel[]): string[] => items.map((m) => (m.type === 'separator' ? '---' : m.label));

describe('tray look', () => {
  it('shows ok with no count when every task is healthy', () => {
    const look = trayLook(status([task('a/x', 'ok'), task('a/y', 'never')]));
    expect(look).toEqual({ icon: 'ok', count: 0, tooltip: 'Agent OS: 1 ok' });
  });

  it('lets the worst state win: failing over late over running', () => {
    expect(trayLook(status([task('a/x', 'running'), task('a/y', 'ok')])).icon).toBe('running');
    expect(trayLook(status([task('a/x', 'running'), task('a/y', 'late')])).icon).toBe('late');
    expect(trayLook(status([task('a/x', 'late'), task('a/y', 'failing')])).icon).toBe('failing');
    expect(trayLook(status([task('a/x', 'late'), task('a/y', 'down', 'heartbeat')])).icon).toBe('failing');
  });

  it('counts failing and down tasks for the badge and summarises them in the tooltip', () => {
    const look = trayLook(status([task('a/x', 'failing'), task('b/y', 'down', 'heartbeat'), task('b/z', 'late'), task('c/w', 'ok')]));
    expect(look.count).toBe(2);
    expect(look.tooltip).toBe('Agent OS: 2 failing, 1 late, 1 ok');
  });

  it('treats an invalid manifest as late and says so', () => {
    const look = trayLook(status([task('a/x', 'ok')], {}, ['broken']));
    expect(look.icon).toBe('late');
    expect(look.tooltip).toContain('1 invalid manifest');
  });

  it('says when everything is paused', () => {
    expect(trayLook(status([task('a/x', 'ok')], { paused_all: true })).tooltip).toMatch(/\(all paused\)$/);
  });
});

describe('tray menu', () => {
  it('lists failing tasks first, each opening its last run', () => {
    const menu = trayMenu(status([task('a/x', 'failing', 'command', 41), task('a/y', 'ok')]), false);
    expect(menu[0]).toEqual({ type: 'item', label: '✘ a/x', action: { kind: 'open-run', runId: 41 } });
    expect(menu[1]).toEqual({ type: 'separator' });
  });

  it('offers Run now per command task, grouped by project, and leaves out external tasks', () => {
    const menu = trayMenu(status([task('a/x', 'ok'), task('a/beat', 'ok', 'heartbeat'), task('b/y', 'ok')]), false);
    const runNow = menu.find((m) => m.type === 'submenu' && m.label === 'Run now');
    expect(runNow).toEqual({
      type: 'submenu',
      label: 'Run now',
      items: [
        { type: 'submenu', label: 'a', items: [{ type: 'item', label: 'x', action: { kind: 'run-task', task: 'a/x' } }] },
        { type: 'submenu', label: 'b', items: [{ type: 'item', label: 'y', action: { kind: 'run-task', task: 'b/y' } }] },
      ],
    });
  });

  it('has pause all (or resume all when paused), the dashboard, launch at login and quit', () => {
    expect(labels(trayMenu(status([task('a/x', 'ok')]), true))).toEqual([
      'Run now',
      'Pause all',
      '---',
      'Open dashboard in browser',
      'Launch at login',
      '---',
      'Quit Agent OS',
    ]);
    const paused = trayMenu(status([task('a/x', 'ok')], { paused_all: true }), false);
    expect(labels(paused)).toContain('Resume all');
    expect(paused.find((m) => m.type === 'checkbox')).toMatchObject({ checked: false });
  });

  it('caps the failing list and points to the dashboard for the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => task(`p/t${i}`, 'failing', 'command', i + 1));
    const menu = trayMenu(status(many), false);
    expect(menu.filter((m) => m.type === 'item' && m.label.startsWith('✘'))).toHaveLength(10);
    expect(labels(menu)).toContain('…and 3 more');
  });
});
