import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Run } from '../../common/models';
import type { Backend } from './cli-context';

const POLL_MS = 150;

/** Prints a run's log as it grows until the run (not its retries) ends; resolves with the ended run. */
export async function followLog(
  backend: Backend,
  runId: number,
  sink: NodeJS.WritableStream,
  /** Applied to the text before it is printed (e.g. neutralising terminal escapes); bytes as they are without. */
  filter?: (text: string) => string,
): Promise<Run> {
  // Chunks may split a UTF-8 character: decode as a stream before filtering.
  const decoder = new StringDecoder('utf8');
  const out = filter ? { write: (chunk: Buffer | string) => sink.write(filter(typeof chunk === 'string' ? chunk : decoder.write(chunk))) } : sink;
  if (backend.mode === 'remote') return followRemoteLog(backend, runId, out);
  let offset = 0;
  const pump = (path: string | null): void => {
    if (!path) return;
    let fd: number;
    try {
      if (statSync(path).size <= offset) return;
      fd = openSync(path, 'r');
    } catch {
      return;
    }
    try {
      const buf = Buffer.alloc(64 * 1024);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, offset);
        if (n <= 0) break;
        offset += n;
        out.write(buf.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
  };
  for (;;) {
    const { run } = await backend.call('runs.get', { id: runId, log: false });
    const active = run.status === 'queued' || run.status === 'waiting' || run.status === 'running';
    pump(`${backend.paths.runLogs}/${runId}.log`);
    if (!active) return run;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The same for a run on a remote engine, whose log files are not on this machine: read through `runs.tail`. */
async function followRemoteLog(backend: Backend, runId: number, out: Pick<NodeJS.WritableStream, 'write'>): Promise<Run> {
  let offset = 0;
  for (;;) {
    const chunk = await backend.call('runs.tail', { id: runId, offset });
    if (chunk.text) out.write(chunk.text);
    offset = chunk.offset;
    if (chunk.done) return (await backend.call('runs.get', { id: runId, log: false })).run;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
