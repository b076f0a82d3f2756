import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningEngine } from '../../core/engine-lock';
import type { TokenSource } from './api-token';

/** Where a running server announces itself, so CLI commands go through it (one engine per home). */
export interface ServerInfo {
  pid: number;
  url: string;
  /** Who runs it, for messages: "agent-os serve" or "the Agent OS app". */
  host?: string;
  /** Where its API token comes from, so a client with the other one can say what to set. */
  token_source?: TokenSource;
}

const FILE = 'server.json';

export function writeServerInfo(home: string, info: ServerInfo): void {
  writeFileSync(join(home, FILE), JSON.stringify(info), { mode: 0o600 });
}

export function removeServerInfo(home: string): void {
  try {
    const info = JSON.parse(readFileSync(join(home, FILE), 'utf8')) as ServerInfo;
    if (info.pid === process.pid) rmSync(join(home, FILE));
  } catch {
    // gone already
  }
}

/**
 * The running server for this home, or null when none is alive. Alive means its engine holds the home's
 * lock, not that its pid exists: after a reboot or a container restart that pid is someone else's.
 */
export function readServerInfo(home: string, nativeBinding?: string): ServerInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(home, FILE), 'utf8')) as ServerInfo;
    return typeof info.url === 'string' && runningEngine(home, nativeBinding) !== null ? info : null;
  } catch {
    return null;
  }
}
