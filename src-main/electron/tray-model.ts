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

/** How the app stands with its engine, beside the engine's own status. */
export interface EngineState {
  /** Why there is no engine (it could not start or be reached at all), or null. */
  error: string | null;
  /** The engine this app attached to does not answer right now. */
  unreachable: boolean;
  /** Something the user should know: attached to another process, port taken. */
  notice: { label: string; text: string } | null;
  /** Whether there is a dashboard to open in a browser. */
  dashboard: boolean;
}

/** An engine in this app, reachable, nothing to report. */
export const ENGINE_OK: EngineState = { error: null, unreachable: false, notice: null, dashboard: true };

const count = (tasks: readonly TaskStatus[], ...states: TaskState[]): number => tasks.filter((t) => states.includes(t.state)).length;

/** The worst state wins: failing > down/late > running > ok (SPEC §9); an engine problem outranks all. */
export function trayLook(status: StatusReport | null, engine: EngineState = ENGINE_OK): TrayLook {
  if (engine.error) return { icon: 'failing', count: 0, tooltip: `Agent OS: ${engine.error}` };
  if (engine.unreachable || !status)
    return { icon: 'late', count: 0, tooltip: `Agent OS: the engine is not answering; retrying. ${engine.notice?.text ?? ''}`.trim() };
  const tasks = status.projects.flatMap((p) => p.tasks);
  const failing = count(tasks, 'failing', 'down');
  const late = count(tasks, 'late');
  const running = count(tasks, 'running');
  const invalid = status.projects.filter((p) => p.state === 'invalid').length;
  const icon: TrayIcon = failing > 0 ? 'failing' : late > 0 || invalid > 0 ? 'late' : running > 0 ? 'running' : 'ok';
  const ok = count(tasks, 'ok');
  const never = count(tasks, 'never');
  const parts = [
    failing ? `${failing} failing` : '',
    late ? `${late} late` : '',
    invalid ? `${invalid} invalid manifest${invalid > 1 ? 's' : ''}` : '',
    running ? `${running} running` : '',
    ok ? `${ok} ok` : '',
    never ? `${never} not run yet` : '',
  ].filter(Boolean);
  const summary = parts.length > 0 ? parts.join(', ') : 'no tasks yet';
  const notice = engine.notice ? `\n${engine.notice.text}` : '';
  return { icon, count: failing, tooltip: `Agent OS: ${summary}${status.paused_all ? ' (all paused)' : ''}${notice}` };
}

/** A menu entry, described without Electron types so it can be tested in plain Node. */
export type MenuModel =
  | { type: 'separator' }
  | { type: 'item'; label: string; action: MenuAction; enabled?: boolean }
  | { type: 'submenu'; label: string; items: MenuModel[] }
  | { type: 'checkbox'; label: string; checked: boolean; action: MenuAction };

/** What a menu entry does; the shell maps each to a core call or an app action. */
export type MenuAction =
  | { kind: 'open-window' }
  | { kind: 'open-run'; runId: number }
  | { kind: 'run-task'; task: string }
  | { kind: 'pause-all' }
  | { kind: 'resume-all' }
  | { kind: 'open-dashboard' }
  | { kind: 'toggle-login-item' }
  | { kind: 'retry-engine' }
  | { kind: 'none' }
  | { kind: 'quit' };

/** What the menu offers beside the status. */
export interface MenuOptions {
  /** Launch at login, or null where the OS has no such setting for the app (Linux). */
  launchAtLogin: boolean | null;
  /** An "Open Agent OS" entry: where a click on the icon may not reach the app (Linux indicators). */
  openWindowItem: boolean;
}

const MAX_FAILING_ITEMS = 10;
const QUIT: MenuModel = { type: 'item', label: 'Quit Agent OS', action: { kind: 'quit' } };
const note = (label: string): MenuModel => ({ type: 'item', label, enabled: false, action: { kind: 'none' } });

/** The right-click menu: failing tasks, Run now ▸ per task, pause/resume all, dashboard, login item, quit. */
export function trayMenu(status: StatusReport | null, options: MenuOptions, engine: EngineState = ENGINE_OK): MenuModel[] {
  if (engine.error || !status) {
    return [
      note(engine.error ? `⚠ ${engine.error}` : '⚠ The engine is not answering; retrying'),
      ...(engine.error ? [{ type: 'item', label: 'Try again', action: { kind: 'retry-engine' } } satisfies MenuModel] : []),
      { type: 'separator' },
      QUIT,
    ];
  }
  const menu: MenuModel[] = [];
  if (options.openWindowItem) menu.push({ type: 'item', label: 'Open Agent OS', action: { kind: 'open-window' } }, { type: 'separator' });
  if (engine.unreachable) menu.push(note('⚠ The engine is not answering; retrying'));
  if (engine.notice) menu.push(note(engine.notice.label));
  if (engine.unreachable || engine.notice) menu.push({ type: 'separator' });
  const tasks = status.projects.flatMap((p) => p.tasks);
  const failing = tasks.filter((t) => t.state === 'failing' || t.state === 'down');
  if (failing.length > 0) {
    for (const t of failing.slice(0, MAX_FAILING_ITEMS)) {
      menu.push(
        t.last_run
          ? { type: 'item', label: `✘ ${t.id}`, action: { kind: 'open-run', runId: t.last_run.id } }
          : { type: 'item', label: `✘ ${t.id}`, action: { kind: 'open-window' } },
      );
    }
    if (failing.length > MAX_FAILING_ITEMS)
      menu.push({ type: 'item', label: `…and ${failing.length - MAX_FAILING_ITEMS} more`, action: { kind: 'open-window' } });
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
  menu.push(
    runnable.length > 0
      ? { type: 'submenu', label: 'Run now', items: runnable.map((p): MenuModel => ({ type: 'submenu', label: p.label, items: p.items })) }
      : note('Run now: no tasks to run'),
  );
  menu.push(
    status.paused_all
      ? { type: 'item', label: 'Resume all', action: { kind: 'resume-all' } }
      : { type: 'item', label: 'Pause all', action: { kind: 'pause-all' } },
  );
  menu.push({ type: 'separator' });
  menu.push({ type: 'item', label: 'Open dashboard in browser', enabled: engine.dashboard, action: { kind: 'open-dashboard' } });
  if (options.launchAtLogin !== null)
    menu.push({ type: 'checkbox', label: 'Launch at login', checked: options.launchAtLogin, action: { kind: 'toggle-login-item' } });
  menu.push({ type: 'separator' }, QUIT);
  return menu;
}
