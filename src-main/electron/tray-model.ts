import type { StatusReport, TaskState, TaskStatus } from '../common/models';

/** The tray icon variants (template images in assets/tray). */
export type TrayIcon = 'ok' | 'running' | 'late' | 'failing';

/** What the tray shows: icon, a count where the OS allows one, and a tooltip. */
export interface TrayLook {
  icon: TrayIcon;
  /** Number of failing + down tasks (0 hides the badge). */
  count: number;
  tooltip: string;
}

const count = (tasks: readonly TaskStatus[], ...states: TaskState[]): number => tasks.filter((t) => states.includes(t.state)).length;

/** The worst state wins: failing > down/late > running > ok (SPEC §9). */
export function trayLook(status: StatusReport): TrayLook {
  const tasks = status.projects.flatMap((p) => p.tasks);
  const failing = count(tasks, 'failing', 'down');
  const late = count(tasks, 'late');
  const running = count(tasks, 'running');
  const invalid = status.projects.filter((p) => p.state === 'invalid').length;
  const icon: TrayIcon = failing > 0 ? 'failing' : late > 0 || invalid > 0 ? 'late' : running > 0 ? 'running' : 'ok';
  const parts = [
    failing ? `${failing} failing` : '',
    late ? `${late} late` : '',
    invalid ? `${invalid} invalid manifest${invalid > 1 ? 's' : ''}` : '',
    running ? `${running} running` : '',
    `${count(tasks, 'ok')} ok`,
  ].filter(Boolean);
  return { icon, count: failing, tooltip: `Agent OS: ${parts.join(', ')}${status.paused_all ? ' (all paused)' : ''}` };
}

/** A menu entry, described without Electron types so it can be tested in plain Node. */
export type MenuModel =
  | { type: 'separator' }
  | { type: 'item'; label: string; action: MenuAction; enabled?: boolean }
  | { type: 'submenu'; label: string; items: MenuModel[] }
  | { type: 'checkbox'; label: string; checked: boolean; action: MenuAction };

/** What a menu entry does; the shell maps each to a core call or an app action. */
export type MenuAction =
  | { kind: 'open-run'; runId: number }
  | { kind: 'run-task'; task: string }
  | { kind: 'pause-all' }
  | { kind: 'resume-all' }
  | { kind: 'open-dashboard' }
  | { kind: 'toggle-login-item' }
  | { kind: 'quit' };

const MAX_FAILING_ITEMS = 10;

/** The right-click menu: failing tasks, Run now ▸ per task, pause/resume all, dashboard, login item, quit. */
export function trayMenu(status: StatusReport, launchAtLogin: boolean): MenuModel[] {
  const tasks = status.projects.flatMap((p) => p.tasks);
  const failing = tasks.filter((t) => t.state === 'failing' || t.state === 'down');
  const menu: MenuModel[] = [];
  if (failing.length > 0) {
    for (const t of failing.slice(0, MAX_FAILING_ITEMS)) {
      menu.push(
        t.last_run
          ? { type: 'item', label: `✘ ${t.id}`, action: { kind: 'open-run', runId: t.last_run.id } }
          : { type: 'item', label: `✘ ${t.id}`, action: { kind: 'open-dashboard' } },
      );
    }
    if (failing.length > MAX_FAILING_ITEMS)
      menu.push({ type: 'item', label: `…and ${failing.length - MAX_FAILING_ITEMS} more`, action: { kind: 'open-dashboard' } });
    menu.push({ type: 'separator' });
  }
  const runnable = status.projects
    .map((p) => ({
      label: p.name,
      items: p.tasks
        .filter((t) => t.kind === 'command')
        .map((t): MenuModel => ({ type: 'item', label: t.id.slice(p.name.length + 1), action: { kind: 'run-task', task: t.id } })),
    }))
    .filter((p) => p.items.length > 0);
  menu.push({ type: 'submenu', label: 'Run now', items: runnable.map((p): MenuModel => ({ type: 'submenu', label: p.label, items: p.items })) });
  menu.push(
    status.paused_all
      ? { type: 'item', label: 'Resume all', action: { kind: 'resume-all' } }
      : { type: 'item', label: 'Pause all', action: { kind: 'pause-all' } },
  );
  menu.push({ type: 'separator' });
  menu.push({ type: 'item', label: 'Open dashboard in browser', action: { kind: 'open-dashboard' } });
  menu.push({ type: 'checkbox', label: 'Launch at login', checked: launchAtLogin, action: { kind: 'toggle-login-item' } });
  menu.push({ type: 'separator' });
  menu.push({ type: 'item', label: 'Quit Agent OS', action: { kind: 'quit' } });
  return menu;
}
