import { InvalidArgumentError } from 'commander';
import { fileURLToPath } from 'node:url';
import { createCore, resolveHome, type Core } from '../../core';

/**
 * Opens the engine in this process for one CLI command. (When a server for the same home is running,
 * commands will go through it instead: that comes with the HTTP API.)
 */
export async function withCore<T>(fn: (core: Core) => Promise<T> | T): Promise<T> {
  const core = createCore({ home: resolveHome() });
  try {
    await core.start();
    return await fn(core);
  } finally {
    await core.stop();
  }
}

/** The CLI bundle's own path, for starting detached run workers. */
export function cliEntry(): string {
  return fileURLToPath(import.meta.url);
}

/** Parses a positive integer CLI argument or explains what was expected. */
export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number.`);
    return n;
  };
}
