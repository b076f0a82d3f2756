import { Notification } from 'electron';
import type { AlertMessage, NotificationChannel } from '../common/alerts';

/** What a notification click or its Rerun action asks the shell to do. */
export interface NotificationActions {
  openRun(runId: number | null): void;
  rerun(task: string): void;
}

/** The desktop alert channel: a native notification; click opens the run, "Rerun" (macOS) reruns it. */
export function desktopChannel(actions: NotificationActions): NotificationChannel {
  return {
    id: 'desktop',
    kind: 'desktop',
    target: 'this computer',
    async send(message: AlertMessage) {
      if (!Notification.isSupported()) throw new Error('native notifications are not supported on this system');
      const rerunnable = message.event !== 'resolved' && message.task !== null && message.alert.kind === 'failed';
      const notification = new Notification({
        title: message.headline,
        body: (message.alert.detail ?? '').slice(0, 240),
        actions: rerunnable ? [{ type: 'button', text: 'Rerun' }] : [],
        silent: message.event === 'resolved',
      });
      notification.on('click', () => actions.openRun(message.alert.run_id));
      notification.on('action', () => {
        if (message.task) actions.rerun(message.task);
      });
      notification.show();
    },
  };
}
