// Pure constants every side runs (see time-text.ts for the rule of this folder).
import type { CoreEventName } from '../events';

/** Every core event, in the order hosts subscribe to them (SSE, IPC, an attached host, the dashboard). */
export const FORWARDED_EVENTS = [
  'run.started',
  'run.finished',
  'run.output',
  'task.state',
  'project.changed',
  'alert.raised',
  'alert.resolved',
  'remote.changed',
  'remote.alert',
] as const satisfies readonly CoreEventName[];
// A new event in common/events.ts that is not listed here fails the typecheck: hosts would drop it silently.
const everyEventForwarded: Exclude<CoreEventName, (typeof FORWARDED_EVENTS)[number]> extends never ? true : never = true;
void everyEventForwarded;
