import { Notification } from 'electron';
import type { AlertMessage, NotificationChannel } from '../common/alerts';
import { noticeForMessage, type DesktopNotice } from './notification-model';

/** What a notification click or its Rerun action asks the shell to do. */
export interface NotificationActions {
  /** `engine`: the remote engine the notice came from, or null for this one. */
  openRun(runId: number | null, engine: string | null): void;
  rerun(task: string, engine: string | null): void;
}

// Electron holds main-process notifications weakly (electron/electron#16922): one nothing references loses
// its click and action events once collected. Each is kept until clicked or closed; past this many (more
// than Notification Center keeps per app) the oldest is let go.
const KEEP = 50;

/** Native notifications: a click opens the run in the tray window, "Rerun" (macOS) reruns the task. */
export class DesktopNotifier {
  private readonly live = new Set<Notification>();

  constructor(private readonly actions: NotificationActions) {}

  show(notice: DesktopNotice): void {
    if (!Notification.isSupported()) throw new Error('native notifications are not supported on this system');
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      actions: notice.rerunTask ? [{ type: 'button', text: 'Rerun' }] : [],
      silent: notice.silent,
    });
    const release = (): boolean => this.live.delete(notification);
    notification.on('click', () => {
      release();
      this.actions.openRun(notice.runId, notice.engine ?? null);
    });
    notification.on('action', () => {
      release();
      if (notice.rerunTask) this.actions.rerun(notice.rerunTask, notice.engine ?? null);
    });
    notification.on('close', release);
    this.live.add(notification);
    if (this.live.size > KEEP) this.live.delete(this.live.values().next().value as Notification);
    notification.show();
  }

  /** The engine's desktop channel (when the engine runs in this app). */
  channel(): NotificationChannel {
    return {
      id: 'desktop',
      kind: 'desktop',
      name: 'desktop',
      target: 'this computer',
      send: async (message: AlertMessage) => this.show(noticeForMessage(message)),
    };
  }
}
