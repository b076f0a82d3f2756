import type { StatusReport, TaskState, TaskStatus } from '../common/models';

/** Every task the menubar watches: this engine's, then each remote engine's (config `remotes`). */
function allTasks(status: StatusReport): TaskStatus[] {
  return [...status.projects, ...(status.remotes ?? []).flatMap((r) => r.projects)].flatMap((p) => p.tasks);
}

/** The remote engines that do not answer now ("server unreachable" is a state of its own). */
export function away(status: StatusReport): string[] {
  return (status.remotes ?? []).filter((r) => r.state === 'unreachable').map((r) => r.name);
}

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
  const tasks = allTasks(status);
  const failing = count(tasks, 'failing', 'down');
  const late = count(tasks, 'late');
  const running = count(tasks, 'running');
  const invalid = status.projects.filter((p) => p.state === 'invalid').length;
  const unreachable = away(status);
  const channelsDown = status.channels_down ?? [];
  // An engine-wide notice (the disk holding the home is full: no run starts) outranks every task.
  const notices = status.notices ?? [];
  const icon: TrayIcon =
    failing > 0 || notices.length > 0
      ? 'failing'
      : late > 0 || invalid > 0 || unreachable.length > 0 || channelsDown.length > 0
        ? 'late'
        : running > 0
          ? 'running'
          : 'ok';
  const ok = count(tasks, 'ok');
  const never = count(tasks, 'never');
  const parts = [
    ...notices.map(noticeHead),
    failing ? `${failing} failing` : '',
    late ? `${late} late` : '',
    invalid ? `${invalid} invalid manifest${invalid > 1 ? 's' : ''}` : '',
    ...unreachable.map((name) => `server ${name} unreachable`),
    ...channelsDown.map((c) => `channel ${c.label} not answering`),
    running ? `${running} running` : '',
    ok ? `${ok} ok` : '',
    never ? `${never} not run yet` : '',
  ].filter(Boolean);
  const summary = parts.length > 0 ? parts.join(', ') : 'no tasks yet';
  const notice = engine.notice ? `\n${engine.notice.text}` : '';
  return { icon, count: failing, tooltip: `Agent OS: ${summary}${status.paused_all ? ' (all paused)' : ''}${notice}` };
}

/** The head of an engine notice, for a tooltip or a menu line: up to its first ": " ("The disk holding … is full (since …)"). */
export function noticeHead(text: string): string {
  const head = text.split(': ')[0] ?? text;
  return head.charAt(0).toUpperCase() + head.slice(1);
}
