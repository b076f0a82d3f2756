import { join } from 'node:path';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** The app log at <home>/logs/app.log. Never given secret values: callers log names and ids only. */
export function createAppLog(logsDir: string, level = process.env.AGENT_OS_LOG_LEVEL ?? 'info'): Logger {
  // Synchronous writes: the CLI is short-lived and must not lose its last lines on exit.
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: join(logsDir, 'app.log'), sync: true, mkdir: true }));
}

/** A logger that drops everything, for embedding and tests that do not care. */
export function silentLog(): Logger {
  return pino({ level: 'silent' });
}
