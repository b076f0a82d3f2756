import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminKeys } from '../core/costs/builtin-project';
import { adminKeysFromEnv } from '../core/costs/builtin-project';

const FILE = 'admin-keys.enc';

/**
 * Provider admin keys, the GitHub and Railway tokens and remote engines' tokens on the desktop live encrypted by the OS
 * keychain (safeStorage), never in the database or config. Keys found in the environment at start-up are taken into the keychain-encrypted
 * file, so later starts (from the Dock or at login, without that environment) still have them.
 */
export function loadAdminKeys(home: string, env: NodeJS.ProcessEnv): AdminKeys {
  const file = join(home, FILE);
  let stored: AdminKeys = {};
  if (existsSync(file) && safeStorage.isEncryptionAvailable()) {
    try {
      stored = JSON.parse(safeStorage.decryptString(readFileSync(file))) as AdminKeys;
    } catch {
      stored = {}; // another machine's or user's file: start over from the environment
    }
  }
  const fromEnv = adminKeysFromEnv(env);
  const keys: AdminKeys = {
    openai: fromEnv.openai ?? stored.openai,
    anthropic: fromEnv.anthropic ?? stored.anthropic,
    github: fromEnv.github ?? stored.github,
    railway: fromEnv.railway ?? stored.railway,
    remotes: { ...stored.remotes, ...fromEnv.remotes },
    channels: { ...stored.channels, ...fromEnv.channels },
  };
  const fresh =
    fromEnv.openai ||
    fromEnv.anthropic ||
    fromEnv.github ||
    fromEnv.railway ||
    Object.keys(fromEnv.remotes ?? {}).length > 0 ||
    Object.keys(fromEnv.channels ?? {}).length > 0;
  if (fresh && safeStorage.isEncryptionAvailable()) {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    writeFileSync(file, safeStorage.encryptString(JSON.stringify(keys)), { mode: 0o600 });
  }
  return keys;
}
