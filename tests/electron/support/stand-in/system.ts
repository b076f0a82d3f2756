// shell, powerMonitor and safeStorage: what the shell asks of the OS besides windows and the tray.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { requireReady, world } from './world';

/** URLs handed to the user's browser. */
export const opened: string[] = [];

export const shell = {
  async openExternal(url: string, _options?: Electron.OpenExternalOptions): Promise<void> {
    new URL(url); // Electron rejects what is not a URL
    opened.push(url);
  },
} satisfies Pick<Electron.Shell, 'openExternal'>;

/** Sleep, wake and screen lock, emitted by the test as the OS would. */
export const powerMonitor = Object.assign(new EventEmitter(), {
  getSystemIdleState: (_idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' => 'active',
}) satisfies Pick<Electron.PowerMonitor, 'getSystemIdleState'>;

// The OS keychain's key for this user, here derived from the user-data folder: ciphertext from another
// "machine" (another folder) does not decrypt, as with a keychain item that is not there.
function key(): Buffer {
  return createHash('sha256').update(`agent-os-stand-in-keychain:${world.config.userData}`).digest();
}

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    // On Linux the answer is only known once the app is ready (the secret service is asked then).
    return world.platform !== 'linux' || world.ready;
  },
  encryptString(plainText: string): Buffer {
    requireReady('safeStorage');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key(), iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
  },
  decryptString(encrypted: Buffer): string {
    requireReady('safeStorage');
    try {
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('not safeStorage ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', key(), encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },
} satisfies Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;
