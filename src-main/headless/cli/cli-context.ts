import { InvalidArgumentError } from 'commander';
import { fileURLToPath } from 'node:url';
import type { HandlerArg, HandlerName, HandlerResult } from '../../common/api';
import type { Run } from '../../common/models';
import { createCore, resolveHome, UserError, type Core } from '../../core';
import { ensureHome, type HomePaths } from '../../core/home';
import type { PingInput } from '../../core/monitor/heartbeat-monitor';
import { resolveApiToken } from '../server/api-token';
import { readServerInfo } from '../server/server-info';
import { EngineClient } from '../../core/remotes/engine-client';
import { defaultTokenEnv } from '../../core/remotes/remote-engines';
import { loadConfig } from '../../core/config/load-config';

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
 * Runs a CLI command against the server for this home when one is running (one engine: resources,
 * overlap and live updates apply to CLI-started runs too), else against an engine in this process.
 */
export async function withBackend<T>(fn: (backend: Backend) => Promise<T> | T, remote?: string): Promise<T> {
  const home = resolveHome();
  if (remote !== undefined) return fn(remoteBackend(ensureHome(home), remote));
  const server = readServerInfo(home);
  if (server) {
    const paths = ensureHome(home);
    const token = resolveApiToken(paths);
    // A hosted serve takes its token from a platform secret: a shell without it sends the file's.
    const hint =
      server.token_source === 'env' && token.source === 'file'
        ? `the running server (pid ${server.pid}) takes its token from AGENT_OS_TOKEN; set the same AGENT_OS_TOKEN in this shell`
        : undefined;
    const client = new EngineClient(server.url, token.value, { who: `the Agent OS server at ${server.url}`, tokenHint: hint });
    return fn({
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
    });
  }
  const core = createCore({ home });
  // Runs that triggers start outlive this command: a detached worker supervises them.
  core.detachFollowUps(cliEntry());
  try {
    await core.start();
    return await fn(localBackend(core));
  } finally {
    await core.stop();
  }
}

function localBackend(core: Core): Backend {
  return {
    mode: 'local',
    paths: core.paths,
    call: async <K extends HandlerName>(name: K, arg: HandlerArg<K>) => {
      const handler = core.handlers[name] as (a: HandlerArg<K>) => HandlerResult<K> | Promise<HandlerResult<K>>;
      return handler(arg);
    },
    startInBackground: async (task) => core.startDetached(task, cliEntry()),
    ping: async (taskId, input) => {
      await core.ping(core.pingKeyOf(taskId), input);
    },
  };
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

/** The engine of config `remotes` named `name` (`--remote NAME`), over its HTTP API with its token. */
function remoteBackend(paths: HomePaths, name: string): Backend {
  const { config } = loadConfig(paths.config);
  const remote = config.remotes.find((r) => r.name === name);
  if (!remote)
    throw new UserError(
      `no remote "${name}" in ${paths.config}; it lists ${config.remotes.map((r) => r.name).join(', ') || 'no remotes'} (add one under \`remotes:\`)`,
      'not_found',
    );
  const tokenEnv = remote.token_env ?? defaultTokenEnv(name);
  const token = process.env[tokenEnv];
  if (!token) throw new UserError(`remote "${name}" needs its API token in ${tokenEnv}; set it in this shell`, 'conflict');
  const url = remote.url.replace(/\/+$/, '');
  const client = new EngineClient(url, token, { who: `remote "${name}" (${url})`, tokenHint: `check ${tokenEnv}` });
  return {
    mode: 'remote',
    paths,
    call: (command, arg) => client.call(command, arg),
    startInBackground: (task) => client.call('runs.start', { task }),
    ping: () => Promise.reject(new UserError('pings go to the engine that owns the task: use its ping URL', 'invalid')),
  };
}

/** The `--remote <name>` option of the commands that can talk to a remote engine. */
export const REMOTE_OPTION = ['--remote <name>', 'talk to the remote engine of that name (config.yml `remotes`) instead of this machine'] as const;
