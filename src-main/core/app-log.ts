import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { AppLogFile } from './app-log-file';

export type { Logger } from 'pino';

/** The app log at <home>/logs/app.log. Never given secret values: callers log names and ids only. */
export function createAppLog(logsDir: string, level = process.env.AGENT_OS_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { pid: process.pid } }, new AppLogFile(join(logsDir, 'app.log')));
}

/** A logger that drops everything, for embedding and tests that do not care. */
export function silentLog(): Logger {
  return pino({ level: 'silent' });
}
