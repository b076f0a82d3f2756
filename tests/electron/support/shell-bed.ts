// Per test: a sandbox with a home and a project, and the shells a test starts there, killed and removed after.
import { afterEach, beforeEach } from 'vitest';
import { readServerInfo, type ServerInfo } from '../../../src-main/headless/server/server-info';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../../helpers/fixtures';
import { manifest } from '../../helpers/engine';
import { startShell, type ShellOptions, type ShellProcess, type ShellSnapshot } from './shell-process';

/** The project every shell test starts with: a task that fails until a file exists, one that echoes, one that sleeps. */
export const DEMO_TASKS = {
  flaky: ['command: ["sh", "-c", "echo checking; test -f ok"]'],
  hello: ['command: ["echo", "hello from demo"]'],
  slow: ['command: ["sleep", "60"]'],
};

export interface ShellBed {
  box: Sandbox;
  /** The demo project's folder. */
  project: string;
  /** Starts a shell on the bed's home (darwin unless said otherwise). */
  start(options?: Partial<ShellOptions>): Promise<ShellProcess>;
  /** The server the home's engine announced (server.json), once there is one. */
  server(): Promise<ServerInfo>;
}

export function useShellBed(config = 'server:\n  port: 0\n', tasks: Record<string, readonly string[]> = DEMO_TASKS): ShellBed {
  const shells: ShellProcess[] = [];
  const bed = {} as ShellBed;
  beforeEach(() => {
    bed.box = createSandbox('agent-os-shell-');
    bed.project = writeProject(bed.box.root, 'demo', { manifest: manifest('demo', tasks) });
    writeConfig(bed.box.home, [bed.project], config);
  });
  afterEach(async () => {
    await Promise.all(shells.splice(0).map((s) => s.kill()));
    bed.box.cleanup();
  });
  bed.start = async (options = {}) => {
    const shell = await startShell({ home: bed.box.home, ...options });
    shells.push(shell);
    return shell;
  };
  bed.server = async () => {
    for (let waited = 0; waited < 15_000; waited += 50) {
      const info = readServerInfo(bed.box.home);
      if (info) return info;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no server.json in ${bed.box.home} after 15 s`);
  };
  return bed;
}

/** Waits until the tray shows the engine's tasks (the engine is up and the first status drawn). */
export function trayReady(shell: ShellProcess): Promise<ShellSnapshot> {
  return shell.waitFor('the tray to show the engine', (s) => (s.tray && /not run yet|ok|failing/.test(s.tray.tooltip) ? s : null));
}

/** The labels of a menu, separators as '---'. */
export function labels(items: ReadonlyArray<{ label: string; type: string }>): string[] {
  return items.map((i) => (i.type === 'separator' ? '---' : i.label));
}
