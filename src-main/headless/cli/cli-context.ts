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

/** What CLI commands talk to: the running server for this home, or an engine in this process. */
export interface Backend {
  mode: 'server' | 'local';
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
export async function withBackend<T>(fn: (backend: Backend) => Promise<T> | T): Promise<T> {
  const home = resolveHome();
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
