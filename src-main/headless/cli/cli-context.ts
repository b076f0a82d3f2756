import { InvalidArgumentError } from 'commander';
import { fileURLToPath } from 'node:url';
import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import type { Run } from '../../common/models';
import { UserError } from '../../core/errors';
import { ensureHome, resolveHome, type HomePaths } from '../../core/home';
import type { PingInput } from '../../core/monitor/heartbeat-monitor';
import { EngineClient } from '../../core/remotes/engine-client';
import { resolveApiToken } from '../server/api-token';
import { readServerInfo, type ServerInfo } from '../server/server-info';

/** What CLI commands talk to: the running server for this home, or an engine in this process. */
export interface Backend {
  /** The home's serve (same machine), an engine in this process, or a remote engine (`--remote`). */
  mode: 'server' | 'local' | 'remote';
  paths: HomePaths;
  call<K extends HandlerName>(name: K, arg: HandlerArg<K>): Promise<HandlerResult<K>>;
  /** Starts a run that goes on after this command returns. */
  startInBackground(taskId: string): Promise<Run>;
  /** Sends a heartbeat ping for a task. */
  ping(taskId: string, input: PingInput): Promise<void>;
}

/**
 * The CLI's engine bundle, loaded only when this command needs an engine of its own (no server runs for
 * this home, `--remote`, `serve`): a command a running server answers loads no engine code.
 */
export const loadEngine = () => import('./engine');

/**
 * Runs a CLI command against the server for this home when one is running (one engine: resources,
 * overlap and live updates apply to CLI-started runs too), else against an engine in this process.
 */
export async function withBackend<T>(fn: (backend: Backend) => Promise<T> | T, remote?: string): Promise<T> {
  const home = resolveHome();
  if (remote !== undefined) return fn((await loadEngine()).remoteBackend(ensureHome(home), remote));
  const server = readServerInfo(home);
  if (server) return fn(serverBackend(ensureHome(home), server));
  return (await loadEngine()).withLocalEngine(home, cliEntry(), fn);
}

function serverBackend(paths: HomePaths, server: ServerInfo): Backend {
  const token = resolveApiToken(paths);
  // A hosted serve takes its token from a platform secret: a shell without it sends the file's.
  const hint =
    server.token_source === 'env' && token.source === 'file'
      ? `the running server (pid ${server.pid}) takes its token from AGENT_OS_TOKEN; set the same AGENT_OS_TOKEN in this shell`
      : undefined;
  const client = new EngineClient(server.url, token.value, { who: `the Agent OS server at ${server.url}`, tokenHint: hint });
  return {
    mode: 'server',
    paths,
    call: (name, arg) => client.call(name, arg),
    startInBackground: (task) => client.call('runs.start', { task }),
    ping: async (taskId, input) => {
      const task = (await client.call('tasks.list', {})).find((t) => t.id === taskId);
      const key = task?.ping_url?.split('/ping/')[1];
      if (!key)
        throw new UserError(
          task ? `task ${taskId} is a ${task.kind} task, not a heartbeat; only heartbeat tasks take pings` : `no task "${taskId}"; see \`agent-os status\``,
          task ? 'invalid' : 'not_found',
        );
      await client.ping(key, input);
    },
  };
}

/** The CLI's own script (this bundle, dist/headless/cli.mjs), for starting detached run workers. */
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

/** The `--remote <name>` option of the commands that can talk to a remote engine. */
export const REMOTE_OPTION = ['--remote <name>', 'talk to the remote engine of that name (config.yml `remotes`) instead of this machine'] as const;
