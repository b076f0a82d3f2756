import { closeSync, fstatSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where app.log starts over: a 24/7 engine must not grow it without end (issue 22). */
export const APP_LOG_MAX_BYTES = 10 * 1024 * 1024;
/** How many rotated files are kept: app.log.1 (newest) … app.log.3. */
export const APP_LOG_KEEP = 3;

/**
 * The app log file as a pino destination: synchronous appends (the CLI is short-lived and must not lose its
 * last lines), rotated by size (app.log → app.log.1 → …), and a full disk drops the line instead of
 * throwing out of whatever was logging. Several processes of one home (serve, a CLI) may share the file:
 * the one that finds it over the cap rotates it, the others notice the new file and follow.
 */
export class AppLogFile {
  private fd = -1;

  constructor(
    private readonly file: string,
    private readonly maxBytes = APP_LOG_MAX_BYTES,
    private readonly keep = APP_LOG_KEEP,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  write(line: string): boolean {
    try {
      this.rotateIfFull();
      if (this.fd < 0) this.fd = openSync(this.file, 'a', 0o600);
      writeSync(this.fd, line);
    } catch {
      // A full disk or a vanished folder: the line is lost, the engine is not.
    }
    return true;
  }

  /** For pino's flush on exit: writes are synchronous, nothing is buffered. */
  flushSync(): void {}

  end(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private rotateIfFull(): void {
    if (this.fd < 0) return;
    const mine = fstatSync(this.fd);
    let current: { ino: number; size: number } | null = null;
    try {
      current = statSync(this.file);
    } catch {
      current = null;
    }
    // Another process rotated (or someone removed) the file: follow to the new one.
    if (!current || current.ino !== mine.ino) {
      this.end();
      return;
    }
    if (mine.size < this.maxBytes) return;
    this.end();
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    renameSync(this.file, `${this.file}.1`);
  }
}
