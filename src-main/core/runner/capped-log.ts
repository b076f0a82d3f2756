import { closeSync, openSync, writeSync } from 'node:fs';
import { formatSize } from '../size';

/**
 * A run's log file with a size cap: the first half of the cap is written as it comes, the last half is
 * kept in memory (a bounded ring) and written at the end after a line that marks what was cut.
 */
export class CappedLog {
  private fd = -1;
  /** Output written before the file was opened (see `openLater`). */
  private early: string[] = [];
  private readonly headCap: number;
  private readonly tailCap: number;
  private written = 0;
  private total = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private closed = false;

  /**
   * With `openLater`, the file is created by open() (or close()), not here: a run's process can start
   * first, and what it prints meanwhile is kept until then.
   */
  constructor(
    private readonly file: string,
    maxBytes: number,
    options: { openLater?: boolean } = {},
  ) {
    if (!options.openLater) this.open();
    this.headCap = Math.floor(maxBytes / 2);
    this.tailCap = maxBytes - this.headCap;
  }

  /** Creates the file and writes what came before. */
  open(): void {
    if (this.fd >= 0 || this.closed) return;
    this.fd = openSync(this.file, 'w', 0o600);
    for (const text of this.early.splice(0)) this.write(text);
  }

  write(text: string): void {
    if (this.closed || text.length === 0) return;
    if (this.fd < 0) {
      this.early.push(text);
      return;
    }
    let buf = Buffer.from(text, 'utf8');
    this.total += buf.length;
    if (this.written < this.headCap) {
      const room = this.headCap - this.written;
      const head = buf.subarray(0, room);
      this.put(head);
      this.written += head.length;
      buf = buf.subarray(head.length);
    }
    if (buf.length === 0) return;
    this.tail.push(Buffer.from(buf));
    this.tailBytes += buf.length;
    while (this.tailBytes > this.tailCap && this.tail.length > 0) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
      }
    }
  }

  /** The most recent output (the in-memory tail), for live views while the run goes on. */
  recentTail(): string {
    return Buffer.concat(this.tail).toString('utf8');
  }

  /** True once output went past the head: the newest output is then only in recentTail() until close. */
  get spilled(): boolean {
    return this.tailBytes > 0;
  }

  /** Bytes the task printed in total (before the cap). */
  get totalBytes(): number {
    return this.total;
  }

  close(): void {
    if (this.closed) return;
    this.open();
    this.closed = true;
    const cut = this.total - this.written - this.tailBytes;
    if (cut > 0) this.put(`\n\n[agent-os: ${formatSize(cut)} of output cut here; the log keeps its first and last ${formatSize(this.tailCap)}]\n\n`);
    if (this.tailBytes > 0) this.put(Buffer.concat(this.tail));
    this.tail = [];
    closeSync(this.fd);
  }

  /** A write that a full disk does not turn into a crash: the bytes are lost from the log, the run goes on. */
  private put(data: string | Buffer): void {
    try {
      writeSync(this.fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
  }
}
