// Where the launchd/cron fixtures live, and the environment that puts the fake tools first on PATH.
import { fileURLToPath } from 'node:url';

const at = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

export const FIXTURE_BIN = at('bin');
export const LAUNCH_AGENTS = at('launchd/LaunchAgents');
export const LAUNCHD_FIXTURES = at('launchd');
export const CRON_FIXTURES = at('cron');

/** PATH holds the fakes and the basics their shell scripts use (cat, grep, sleep), nothing else of ours. */
export function fakeToolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: `${FIXTURE_BIN}:/usr/bin:/bin`, HOME: process.env.HOME ?? '/tmp', USER: 'erik', ...extra };
}
