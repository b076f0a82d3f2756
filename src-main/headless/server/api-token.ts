import { UserError } from '../../core/errors';
import { readToken, type HomePaths } from '../../core/home';
import { STRONG_TOKEN_HINT, tokenWeakness } from './token-strength';

/** Where the API token came from: a platform secret in the environment, or the home's `token` file. */
export type TokenSource = 'env' | 'file';

/** The API token and its source. */
export interface ApiToken {
  value: string;
  source: TokenSource;
}

/**
 * The API token of this home: `AGENT_OS_TOKEN` when it is set (so a hosting platform's secret sets it; it is
 * never written to the home, a log or an answer), else the home's `token` file. Servers and clients of the
 * same home resolve it the same way, so `agent-os status` beside a hosted `serve` sends the right one.
 */
export function resolveApiToken(paths: HomePaths, env: NodeJS.ProcessEnv = process.env): ApiToken {
  const fromEnv = env.AGENT_OS_TOKEN;
  if (fromEnv === undefined) return { value: readToken(paths), source: 'file' };
  // A secret pasted with its trailing newline is still the same secret.
  const value = fromEnv.trim();
  if (value === '')
    throw new UserError(
      `AGENT_OS_TOKEN is set but empty; set it to a strong token (${STRONG_TOKEN_HINT.replace(/^use /, '')}) or unset it to use the home's token file`,
    );
  const weakness = tokenWeakness(value);
  if (weakness) throw new UserError(`AGENT_OS_TOKEN is too weak: ${weakness}; ${STRONG_TOKEN_HINT}`);
  return { value, source: 'env' };
}
