import { describe, expect, it } from 'vitest';
import type { ProjectStatus, StatusReport, TaskState, TaskStatus } from '../../src-main/common/models';
import { trayMenu, type MenuModel, type MenuOptions } from '../../src-main/electron/tray-menu';
import { ENGINE_OK, trayLook } from '../../src-main/electron/tray-model';

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
const mac = (launchAtLogin = false): MenuOptions => ({ launchAtLogin, openWindowItem: false });

describe('tray look', () => {
  it('shows ok with no count when every task is healthy', () => {
    const look = trayLook(status([task('a/x', 'ok'), task('a/y', 'never')]));
    expect(look).toEqual({ icon: 'ok', count: 0, tooltip: 'Agent OS: 1 ok, 1 not run yet' });
    expect(trayLook(status([])).tooltip).toBe('Agent OS: no tasks yet');
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
    const menu = trayMenu(status([task('a/x', 'failing', 'command', 41), task('a/y', 'ok')]), mac());
    expect(menu[0]).toEqual({ type: 'item', label: '✘ a/x', action: { kind: 'open-run', runId: 41 } });
    expect(menu[1]).toEqual({ type: 'separator' });
  });

  it('offers Run now per command task, grouped by project, and leaves out external tasks', () => {
    const menu = trayMenu(status([task('a/x', 'ok'), task('a/beat', 'ok', 'heartbeat'), task('b/y', 'ok')]), mac());
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
    expect(labels(trayMenu(status([task('a/x', 'ok')]), mac(true)))).toEqual([
      'Run now',
      'Pause all',
      '---',
      'Open dashboard in browser',
      'Launch at login',
      '---',
      'Quit Agent OS',
    ]);
    const paused = trayMenu(status([task('a/x', 'ok')], { paused_all: true }), mac());
    expect(labels(paused)).toContain('Resume all');
    expect(paused.find((m) => m.type === 'checkbox')).toMatchObject({ checked: false });
  });

  it('caps the failing list and points to the dashboard for the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => task(`p/t${i}`, 'failing', 'command', i + 1));
    const menu = trayMenu(status(many), mac());
    expect(menu.filter((m) => m.type === 'item' && m.label.startsWith('✘'))).toHaveLength(10);
    expect(labels(menu)).toContain('…and 3 more');
  });

  it('leaves out launch at login where the OS has none and offers Open Agent OS where a click may not open it (Linux)', () => {
    const linux = labels(trayMenu(status([task('a/x', 'ok')]), { launchAtLogin: null, openWindowItem: true }));
    expect(linux[0]).toBe('Open Agent OS');
    expect(linux).not.toContain('Launch at login');
  });

  it('says when there is nothing to run instead of an empty submenu', () => {
    const menu = trayMenu(status([task('a/beat', 'ok', 'heartbeat')]), mac());
    expect(menu.find((m) => m.type !== 'separator' && m.label.startsWith('Run now'))).toMatchObject({ type: 'item', enabled: false });
  });
});

describe('tray and engine', () => {
  const notice = {
    label: 'Port 7317 taken: using 50123',
    text: 'Port 7317 is in use by another program, so the dashboard is on http://127.0.0.1:50123 for now.',
  };

  it('shows an engine that failed to start as failing, with the reason, Try again and Quit only', () => {
    const engine = { ...ENGINE_OK, error: 'another Agent OS engine (pid 42) runs for /h but serves no API' };
    expect(trayLook(null, engine)).toEqual({ icon: 'failing', count: 0, tooltip: `Agent OS: ${engine.error}` });
    expect(labels(trayMenu(null, mac(), engine))).toEqual([`⚠ ${engine.error}`, 'Try again', '---', 'Quit Agent OS']);
  });

  it('shows an unreachable engine as its own state above the tasks', () => {
    const engine = { ...ENGINE_OK, unreachable: true };
    expect(trayLook(status([task('a/x', 'failing')]), engine)).toMatchObject({ icon: 'late', tooltip: expect.stringMatching(/not answering/) });
    expect(labels(trayMenu(status([task('a/x', 'ok')]), mac(), engine))[0]).toBe('⚠ The engine is not answering; retrying');
  });

  it('puts a notice (port taken, attached) in the tooltip and as a disabled line in the menu', () => {
    const engine = { ...ENGINE_OK, notice };
    expect(trayLook(status([task('a/x', 'ok')]), engine).tooltip).toBe(`Agent OS: 1 ok\n${notice.text}`);
    expect(trayMenu(status([task('a/x', 'ok')]), mac(), engine)[0]).toEqual({ type: 'item', label: notice.label, enabled: false, action: { kind: 'none' } });
  });

  it('disables Open dashboard when there is no dashboard', () => {
    const menu = trayMenu(status([task('a/x', 'ok')]), mac(), { ...ENGINE_OK, dashboard: false });
    expect(menu.find((m) => m.type === 'item' && m.label === 'Open dashboard in browser')).toMatchObject({ enabled: false });
  });
});

describe('the menubar with remote engines', () => {
  const remoteStatus = (): StatusReport => {
    const local = { name: 'laptop', path: '/l', state: 'ok' as const, errors: [], tasks: [task('laptop/notes', 'ok')] };
    const shop = {
      name: 'shop',
      path: '/srv/shop',
      state: 'ok' as const,
      errors: [],
      tasks: [task('shop/sync', 'ok'), task('shop/broken', 'failing', 'command', 8)],
    };
    return {
      projects: [local],
      config_errors: [],
      paused_all: false,
      remotes: [
        {
          name: 'prod',
          url: 'https://prod.example.com',
          state: 'connected',
          since: '2026-12-06T01:00:00.000Z',
          error: null,
          paused_all: false,
          projects: [shop],
        },
        {
          name: 'staging',
          url: 'https://staging.example.com',
          state: 'unreachable',
          since: '2026-12-06T01:00:00.000Z',
          error: 'no answer',
          paused_all: false,
          projects: [shop],
        },
      ],
    };
  };

  it("counts a remote's failing tasks, and names a server that does not answer", () => {
    const look = trayLook(remoteStatus());
    expect(look.icon).toBe('failing');
    expect(look.count).toBe(2); // shop/broken on prod and on staging (its last known state)
    expect(look.tooltip).toBe('Agent OS: 2 failing, server staging unreachable, 3 ok');
    const onlyAway = remoteStatus();
    onlyAway.remotes = onlyAway.remotes!.slice(1).map((r) => ({ ...r, projects: [] }));
    expect(trayLook(onlyAway)).toMatchObject({ icon: 'late', tooltip: 'Agent OS: server staging unreachable, 1 ok' });
  });

  it('lists remote failures with their engine, the unreachable server, and Run now ▸ on <engine> for reachable ones', () => {
    const menu = trayMenu(remoteStatus(), mac());
    const labels = menu.map((m) => ('label' in m ? m.label : '---'));
    expect(labels.slice(0, 4)).toEqual(['⚠ Server staging unreachable', '✘ prod: shop/broken', '✘ staging: shop/broken', '---']);
    expect(menu.find((m) => 'label' in m && m.label === '✘ prod: shop/broken')).toMatchObject({ action: { kind: 'open-run', runId: 8, engine: 'prod' } });
    const runNow = menu.find((m): m is Extract<MenuModel, { type: 'submenu' }> => m.type === 'submenu' && m.label === 'Run now');
    expect(runNow?.items.map((i) => ('label' in i ? i.label : '---'))).toEqual(['laptop', 'on prod']);
    const onProd = runNow?.items[1] as Extract<MenuModel, { type: 'submenu' }>;
    const shopItems = (onProd.items[0] as Extract<MenuModel, { type: 'submenu' }>).items;
    expect(shopItems.map((i) => ('action' in i ? i.action : null))).toEqual([
      { kind: 'run-task', task: 'shop/sync', engine: 'prod' },
      { kind: 'run-task', task: 'shop/broken', engine: 'prod' },
    ]);
  });
});
