import type { Logger } from '../app-log';
import type { BuiltinExecutor } from '../costs/builtin-project';
import type { Store } from '../db/store';
import type { DiskWatch } from '../disk-full';
import type { EventBus } from '../event-bus';
import type { CappedLog } from './capped-log';
import type { RunningProcess } from './spawn-process';

/** What executing one run needs from the engine. */
export interface ExecuteContext {
  store: Store;
  events: EventBus;
  log: Logger;
  now: () => Date;
  runLogsDir: string;
  hostEnv: NodeJS.ProcessEnv;
  /** The user's login-shell PATH, for tasks' PATH (resolved off the firing path; null when unknown). */
  loginPath?: () => Promise<string | null>;
  logMaxBytes: number;
  killGraceMs: number;
  /** Registers the live process so it can be cancelled. */
  onProcess?: (runId: number, process: RunningProcess, log: CappedLog) => void;
  /** In-process executors of the built-in project's tasks, by task id. */
  builtins?: ReadonlyMap<string, BuiltinExecutor>;
  /** Secrets the built-in tasks hold (admin keys), redacted from their logs. */
  builtinSecrets?: () => string[];
  /** The disk holding the home: a run does not start while it is full, and a finished run waits for space. */
  disk?: Pick<DiskWatch, 'assertSpace' | 'report' | 'durably'>;
}
