import type { StatusReport } from '../common/models';
import { away, ENGINE_OK, type EngineState, noticeHead } from './tray-model';

/** A menu entry, described without Electron types so it can be tested in plain Node. */
export type MenuModel =
  | { type: 'separator' }
  | { type: 'item'; label: string; action: MenuAction; enabled?: boolean }
  | { type: 'submenu'; label: string; items: MenuModel[] }
  | { type: 'checkbox'; label: string; checked: boolean; action: MenuAction };

/** What a menu entry does; the shell maps each to a core call or an app action. */
export type MenuAction =
  | { kind: 'open-window' }
  | { kind: 'open-run'; runId: number; engine?: string }
  | { kind: 'run-task'; task: string; engine?: string }
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
  // Engine-wide notices first: while the disk holding the home is full, no run starts.
  for (const text of status.notices ?? []) menu.push({ type: 'item', label: `⚠ ${noticeHead(text)}`, action: { kind: 'open-window' } });
  if ((status.notices ?? []).length > 0) menu.push({ type: 'separator' });
  for (const name of away(status)) menu.push(note(`⚠ Server ${name} unreachable`));
  // A channel that does not answer: what it misses is kept; Settings shows its last error.
  for (const c of status.channels_down ?? [])
    menu.push({ type: 'item', label: `⚠ Channel ${c.label} not answering · ${c.waiting} kept`, action: { kind: 'open-window' } });
  if ((status.channels_down ?? []).length > 0) menu.push({ type: 'separator' });
  // Failing tasks of every engine; a remote's are named with it, and open in the window through it.
  const failing = [
    ...status.projects.flatMap((p) => p.tasks).map((task) => ({ task, engine: undefined as string | undefined })),
    ...(status.remotes ?? []).flatMap((r) => r.projects.flatMap((p) => p.tasks).map((task) => ({ task, engine: r.name as string | undefined }))),
  ].filter(({ task: t }) => t.state === 'failing' || t.state === 'down');
  if (failing.length > 0) {
    for (const { task: t, engine } of failing.slice(0, MAX_FAILING_ITEMS)) {
      const label = `✘ ${engine ? `${engine}: ` : ''}${t.id}`;
      menu.push(
        t.last_run
          ? { type: 'item', label, action: { kind: 'open-run', runId: t.last_run.id, ...(engine ? { engine } : {}) } }
          : { type: 'item', label, action: { kind: 'open-window' } },
      );
    }
    if (failing.length > MAX_FAILING_ITEMS)
      menu.push({ type: 'item', label: `…and ${failing.length - MAX_FAILING_ITEMS} more`, action: { kind: 'open-window' } });
    menu.push({ type: 'separator' });
  }
  const runnable = runNowGroups(status.projects);
  // A reachable remote's tasks under "on <name>", sent to that engine.
  for (const remote of status.remotes ?? []) {
    const groups = remote.state === 'connected' ? runNowGroups(remote.projects, remote.name) : [];
    if (groups.length > 0) runnable.push({ type: 'submenu', label: `on ${remote.name}`, items: groups });
  }
  menu.push(runnable.length > 0 ? { type: 'submenu', label: 'Run now', items: runnable } : note('Run now: no tasks to run'));
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

/** Run now ▸ project ▸ task, for the tasks Run now can start. */
function runNowGroups(projects: StatusReport['projects'], engine?: string): MenuModel[] {
  return projects
    .map((p): MenuModel => ({
      type: 'submenu',
      label: p.name,
      items: p.tasks
        .filter((t) => t.kind === 'command' || t.cloud?.runnable === true)
        .map((t): MenuModel => ({
          type: 'item',
          label: t.id.slice(p.name.length + 1),
          action: { kind: 'run-task', task: t.id, ...(engine ? { engine } : {}) },
        })),
    }))
    .filter((g) => g.type === 'submenu' && g.items.length > 0);
}
