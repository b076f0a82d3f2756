import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The salt file's name inside the Agent OS home. */
export const SALT_FILE = 'keys.salt';

const SALT_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The local random salt of the key audit (256 bits, hex), created on first use with mode 0600. Keyed
 * fingerprints mean nobody holding a fingerprint can test guesses of a key against it without this file.
 */
export function loadSalt(home: string): Buffer {
  const file = join(home, SALT_FILE);
  const existing = readSalt(file);
  if (existing) return existing;
  // Written to a private temp name, then hard-linked into place: the link either appears complete or
  // fails with EEXIST, so two processes starting at once never read a half-written salt.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  const salt = readSalt(file);
  if (!salt) throw new Error(`${file} does not hold a salt (64 hex characters); delete it and run the audit again`);
  return salt;
}

function readSalt(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!SALT_PATTERN.test(text)) throw new Error(`${file} does not hold a salt (64 hex characters); delete it and run the audit again`);
  // A salt restored from a backup or copied around may have lost its mode.
  chmodSync(file, 0o600);
  return Buffer.from(text, 'hex');
}

/** The keyed fingerprint of a secret value: HMAC-SHA256 under the local salt. The value itself is never kept. */
export function fingerprint(salt: Buffer, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex');
}
