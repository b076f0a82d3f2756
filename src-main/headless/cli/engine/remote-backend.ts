import { UserError } from '../../../core/errors';
import { loadConfig } from '../../../core/config/load-config';
import type { HomePaths } from '../../../core/home';
import { EngineClient } from '../../../core/remotes/engine-client';
import { defaultTokenEnv } from '../../../core/remotes/remote-engines';
import type { Backend } from '../cli-context';

/** The engine of config `remotes` named `name` (`--remote NAME`), over its HTTP API with its token. */
export function remoteBackend(paths: HomePaths, name: string): Backend {
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
