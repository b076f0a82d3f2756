import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** One line of a file, or the size of a line too long to keep (its bytes were read and dropped). */
export type BoundedLine = { text: string } | { droppedBytes: number };

/** Thrown for a path that exists but is not a regular file (a FIFO, a device, a symlink). */
export class NotRegularFileError extends Error {}

/**
 * The lines of a regular file, read in fixed chunks so that memory stays under `maxLineBytes` plus one
 * chunk whatever the file holds: readline would build a 600 MB line whole and die (issue 22). A line
 * longer than the cap is yielded as `droppedBytes`. A missing file has no lines. Only a regular file is
 * read: a FIFO or a symlink to a device is refused with NotRegularFileError (O_NOFOLLOW and O_NONBLOCK,
 * so opening cannot block, then fstat).
 */
export async function* boundedLines(path: string, maxLineBytes: number): AsyncGenerator<BoundedLine> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ELOOP') throw new NotRegularFileError(`${path} is a symlink`);
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) throw new NotRegularFileError(`${path} is not a regular file`);
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let parts: Buffer[] = [];
    let held = 0;
    let dropping = 0;
    const take = (piece: Buffer): void => {
      if (dropping > 0 || held + piece.length > maxLineBytes) {
        dropping += held + piece.length;
        parts = [];
        held = 0;
      } else if (piece.length > 0) {
        parts.push(Buffer.from(piece));
        held += piece.length;
      }
    };
    const endLine = (): BoundedLine => {
      const line: BoundedLine = dropping > 0 ? { droppedBytes: dropping } : { text: Buffer.concat(parts, held).toString('utf8') };
      parts = [];
      held = 0;
      dropping = 0;
      return line;
    };
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      let start = 0;
      for (let at = chunk.indexOf(NEWLINE, 0); at !== -1 && at < bytesRead; at = chunk.indexOf(NEWLINE, start)) {
        take(chunk.subarray(start, at));
        yield endLine();
        start = at + 1;
      }
      take(chunk.subarray(start, bytesRead));
    }
    if (held > 0 || dropping > 0) yield endLine();
  } finally {
    await handle.close();
  }
}
