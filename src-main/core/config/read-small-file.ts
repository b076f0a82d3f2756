import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { formatSize } from '../size';

/** The largest manifest, config or workflow file read (SPEC §12 "Limits"): a bigger one is an error. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A file's text, or the one sentence saying why it was not read. */
export type SmallFile = { text: string; problem?: undefined; code?: undefined } | { text?: undefined; problem: string; code: string };

/**
 * Reads a regular file of at most `limit` bytes. The file is opened non-blocking, so a FIFO in its place
 * does not wait for a writer, and checked with fstat on the open handle before a byte is read, so a
 * symlink to /dev/zero or a huge file is refused instead of filling memory (issue 22).
 */
export function readSmallFile(path: string, limit = MAX_FILE_BYTES): SmallFile {
  const name = basename(path);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { code, problem: `${name} cannot be read (${code}); check the file exists and is readable` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      return { code: 'ENOTREG', problem: `${name} is not a regular file (a FIFO, a device or a link to one); replace it with a plain file` };
    }
    if (stat.size > limit) {
      return { code: 'EFBIG', problem: `${name} is ${formatSize(stat.size)}; the limit is ${formatSize(limit).replace('.0 ', ' ')}; make it smaller` };
    }
    // One byte more than the limit, in case the file grew since fstat.
    const buffer = Buffer.alloc(Math.min(limit + 1, stat.size + 64 * 1024));
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length >= buffer.length) break;
    }
    if (length > limit) return { code: 'EFBIG', problem: `${name} is over ${formatSize(limit).replace('.0 ', ' ')}, the limit; make it smaller` };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { code, problem: `${name} cannot be read (${code}); check the file exists and is readable` };
  } finally {
    closeSync(fd);
  }
}
