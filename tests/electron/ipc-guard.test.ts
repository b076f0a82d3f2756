import { describe, expect, it } from 'vitest';
import { ARG_SCHEMAS } from '../../src-main/core/handlers/arg-schemas';
import { checkIpcCall, IPC_PREFIX } from '../../src-main/electron/ipc-guard';

const APP = 'app://agent-os/index.html';

describe('IPC guard', () => {
  it('accepts a valid call from the app frame and passes the parsed argument on', () => {
    expect(checkIpcCall(APP, `${IPC_PREFIX}runs.start`, { task: 'backups/snapshot' })).toEqual({
      ok: true,
      name: 'runs.start',
      arg: { task: 'backups/snapshot' },
    });
  });

  it('applies schema defaults to what it passes on', () => {
    expect(checkIpcCall(APP, `${IPC_PREFIX}runs.tail`, { id: 3 })).toEqual({ ok: true, name: 'runs.tail', arg: { id: 3, offset: 0 } });
  });

  it('refuses a payload that fails the schema, naming the field', () => {
    const check = checkIpcCall(APP, `${IPC_PREFIX}runs.get`, { id: 'x' });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error).toMatch(/^invalid request for runs\.get: id: /);
    const extra = checkIpcCall(APP, `${IPC_PREFIX}runs.start`, { task: 'a/b', shell: 'rm -rf /' });
    expect(extra.ok).toBe(false);
  });

  it('refuses frames that are not the app: web pages, files, a missing url', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://127.0.0.1:7317/', undefined]) {
      const check = checkIpcCall(url, `${IPC_PREFIX}status.get`, undefined);
      expect(check.ok, String(url)).toBe(false);
      expect(!check.ok && check.error).toMatch(/unknown frame/);
    }
  });

  it('refuses unknown commands and foreign channels', () => {
    expect(checkIpcCall(APP, `${IPC_PREFIX}core.eval`, {})).toEqual({ ok: false, error: 'refused: no command "core.eval"' });
    expect(checkIpcCall(APP, 'other:status.get', {}).ok).toBe(false);
    expect(checkIpcCall(APP, `${IPC_PREFIX}__proto__`, {}).ok).toBe(false);
  });

  it('knows every command of the API contract', () => {
    for (const name of Object.keys(ARG_SCHEMAS)) {
      const check = checkIpcCall(APP, `${IPC_PREFIX}${name}`, {});
      expect(check.ok || (!check.ok && check.error.startsWith(`invalid request for ${name}`)), name).toBe(true);
    }
  });
});
