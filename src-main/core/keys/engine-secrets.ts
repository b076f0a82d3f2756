import type { AdminKeys } from '../costs/builtin-project';

/** A channel's or remote's secret by its variable name: the desktop keychain first, then the environment. */
export function secretLookup(adminKeys: AdminKeys, env: NodeJS.ProcessEnv): (envName: string) => string | undefined {
  return (envName) => adminKeys.channels?.[envName] ?? adminKeys.remotes?.[envName] ?? env[envName] ?? undefined;
}

/**
 * The secrets the engine itself holds (provider keys, remote tokens, the configured channels' secrets):
 * redacted from every run's output and every message, like a project's own.
 */
export function engineSecrets(adminKeys: AdminKeys, channelSecrets: readonly (string | undefined)[]): string[] {
  return [adminKeys.openai, adminKeys.anthropic, adminKeys.github, adminKeys.railway, ...Object.values(adminKeys.remotes ?? {}), ...channelSecrets].filter(
    (k): k is string => Boolean(k),
  );
}
