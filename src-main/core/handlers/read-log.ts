import { closeSync, openSync, readSync, statSync } from 'node:fs';

const MAX_CHUNK = 512 * 1024;

/** Reads a log file from a byte offset (at most 512 KB per call). A missing file reads as empty. */
export function readLogFrom(path: string | null, offset: number): { text: string; offset: number } {
  if (!path) return { text: '', offset };
  let fd: number;
  try {
    const size = statSync(path).size;
    if (size <= offset) return { text: '', offset };
    fd = openSync(path, 'r');
  } catch {
    return { text: '', offset };
  }
  try {
    const buf = Buffer.alloc(MAX_CHUNK);
    const n = readSync(fd, buf, 0, MAX_CHUNK, offset);
    const end = completeUtf8Length(buf, n);
    return { text: buf.subarray(0, end).toString('utf8'), offset: offset + end };
  } finally {
    closeSync(fd);
  }
}

/** The length of buf[0:n] without a trailing, incomplete UTF-8 sequence (the writer may be mid-character). */
export function completeUtf8Length(buf: Buffer, n: number): number {
  for (let back = 1; back <= Math.min(4, n); back++) {
    const byte = buf[n - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
