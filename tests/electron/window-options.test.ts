import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, trayWindowOptions } from '../../src-main/electron/window-options';

describe('tray window options', () => {
  const options = trayWindowOptions('/app/preload.cjs');

  it('meets the security checklist: isolation, sandbox, no Node, no webview, web security on', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });

  it('is a frameless tray window, hidden until the tray asks', () => {
    expect(options).toMatchObject({ width: 420, height: 640, show: false, frame: false, skipTaskbar: true, resizable: false });
  });

  it('sends a CSP that allows only the app itself', () => {
    expect(APP_CSP).toContain("default-src 'self'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|\*/);
  });
});

describe('the desktop shell stays thin', () => {
  const root = join(__dirname, '..', '..');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === 'node_modules' ? [] : files(join(dir, e.name))) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
    );

  it('is the only place that imports electron', () => {
    const importers = ['src-main', 'src-renderer', 'plugins']
      .flatMap((d) => files(join(root, d)))
      .filter((f) => /from ['"]electron['"]|require\(['"]electron['"]\)|import\(['"]electron['"]\)/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(root.length + 1));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !f.startsWith('src-main/electron/'))).toEqual([]);
  });

  it('keeps each shell file small', () => {
    for (const file of files(join(root, 'src-main', 'electron'))) {
      expect(readFileSync(file, 'utf8').split('\n').length, file).toBeLessThan(160);
    }
  });
});
