import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG_YAML } from './config/default-config';

/** Paths of everything Agent OS keeps in its home directory (SPEC §2). */
export interface HomePaths {
  home: string;
  config: string;
  db: string;
  logs: string;
  runLogs: string;
  token: string;
}

/** The home directory: $AGENT_OS_HOME, else the platform's app-data folder. */
export function resolveHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AGENT_OS_HOME) return env.AGENT_OS_HOME;
  const userHome = env.HOME ?? homedir();
  if (platform === 'darwin') return join(userHome, 'Library', 'Application Support', 'Agent OS');
  if (platform === 'win32') return join(env.APPDATA ?? join(userHome, 'AppData', 'Roaming'), 'Agent OS');
  return join(env.XDG_DATA_HOME || join(userHome, '.local', 'share'), 'agent-os');
}

/** Creates the home layout on first use: folders, commented config.yml and a 0600 API token. */
export function ensureHome(home: string): HomePaths {
  const paths: HomePaths = {
    home,
    config: join(home, 'config.yml'),
    db: join(home, 'agent-os.db'),
    logs: join(home, 'logs'),
    runLogs: join(home, 'logs', 'runs'),
    token: join(home, 'token'),
  };
  mkdirSync(paths.runLogs, { recursive: true, mode: 0o700 });
  if (!existsSync(paths.config)) writeIfAbsent(paths.config, DEFAULT_CONFIG_YAML, 0o644);
  if (!existsSync(paths.token)) writeIfAbsent(paths.token, randomBytes(32).toString('hex') + '\n', 0o600);
  // A token file copied around or restored from a backup may have lost its mode.
  chmodSync(paths.token, 0o600);
  return paths;
}

/** The API token (256-bit, hex). */
export function readToken(paths: HomePaths): string {
  return readFileSync(paths.token, 'utf8').trim();
}

function writeIfAbsent(file: string, content: string, mode: number): void {
  try {
    writeFileSync(file, content, { mode, flag: 'wx' });
  } catch (error) {
    // Another process (the CLI beside a running server) created it first: theirs wins.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
