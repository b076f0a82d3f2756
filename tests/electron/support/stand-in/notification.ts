// Native notifications. Electron holds a main-process Notification only weakly (electron/electron#16922):
// one the shell does not keep loses its click and action events once collected, so the stand-in collects
// garbage before every click and reports a notification that is gone.
import { EventEmitter } from 'node:events';
import type { NotificationSnapshot } from './wire';
import { emit } from './events';
import { collectGarbage, electronEvent, requireReady, world } from './world';

const shown: Array<{ record: NotificationSnapshot; ref: WeakRef<Notification> }> = [];

export class Notification extends EventEmitter implements Pick<Electron.Notification, 'show' | 'close' | 'title' | 'body' | 'silent' | 'actions'> {
  title: string;
  body: string;
  silent: boolean;
  actions: Electron.NotificationAction[];

  static isSupported(): boolean {
    return true;
  }

  constructor(options: Electron.NotificationConstructorOptions = {}) {
    super();
    requireReady('Notification');
    this.title = options.title ?? '';
    this.body = options.body ?? '';
    this.silent = options.silent ?? false;
    this.actions = options.actions ?? [];
  }

  show(): void {
    const record: NotificationSnapshot = {
      id: shown.length + 1,
      title: this.title,
      body: this.body,
      silent: this.silent,
      // Linux notification servers show no action buttons through Electron (darwin and win32 only).
      actions: world.platform === 'darwin' ? this.actions.map((a) => a.text ?? '') : [],
      shown: true,
      at: Date.now(),
    };
    shown.push({ record, ref: new WeakRef(this) });
    emit(this, 'notification', 'show', electronEvent());
  }

  close(): void {
    emit(this, 'notification', 'close', electronEvent({ reason: 'userCanceled' as const }));
  }
}

export function notificationSnapshots(): NotificationSnapshot[] {
  return shown.map((n) => ({ ...n.record, actions: [...n.record.actions] }));
}

function live(id: number): Notification {
  const entry = shown[id - 1];
  if (!entry) throw new Error(`no notification ${id}; ${shown.length} were shown`);
  collectGarbage();
  const notification = entry.ref.deref();
  if (!notification)
    throw new Error(
      `notification ${id} ("${entry.record.title}") was garbage-collected before the user clicked it, so its click and action ` +
        'events are lost (Electron holds Notification objects weakly: electron/electron#16922); keep a reference until it is closed',
    );
  return notification;
}

/** The user clicks the notification's body. */
export function clickNotification(id: number): void {
  emit(live(id), 'notification', 'click', electronEvent());
}

/** The user clicks action button `index` (macOS). */
export function notificationAction(id: number, index: number): void {
  const notification = live(id);
  const record = shown[id - 1]?.record;
  if (!record || index >= record.actions.length)
    throw new Error(`notification ${id} shows ${record?.actions.length ?? 0} action button(s) on ${world.platform}; there is no button ${index}`);
  emit(notification, 'notification', 'action', electronEvent({ actionIndex: index, selectionIndex: -1 }), index, -1);
}
