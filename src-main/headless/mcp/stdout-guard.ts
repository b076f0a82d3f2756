import { Writable } from 'node:stream';

/**
 * Makes stdout the MCP protocol's alone: returns a stream that writes to the real stdout, and sends every
 * other write to process.stdout (console.log, a dependency's warning) to stderr instead. One stray line on
 * stdout would be read by the client as a broken protocol message.
 */
export function takeStdout(): Writable {
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (chunk: unknown, done: (error?: Error | null) => void) => boolean;
  const toStderr = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  // Replaced on the instance: console keeps a reference to this stream object and calls its write.
  stdout.write = ((...args: unknown[]) => toStderr(...args)) as typeof stdout.write;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      write(chunk, (error) => done(error ?? null));
    },
  });
}
