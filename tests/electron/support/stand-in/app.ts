// `app`: ready, quit and exit, the single-instance lock (a lock file plus a socket that carries the second
// instance's argv to the first, as Chromium's process singleton does), login items and the macOS dock.
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { allWindows, windowHooks, type WebContents } from './windows';
import { emit } from './events';
import { asElectron, electronEvent, tell, world } from './world';

class Dock implements Pick<Electron.Dock, 'hide' | 'show' | 'isVisible'> {
  private visible = true;
  hidden = false;
  hide(): void {
    this.visible = false;
    this.hidden = true;
  }
  async show(): Promise<void> {
    this.visible = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class App
  extends EventEmitter
  implements
    Pick<
      Electron.App,
      | 'whenReady'
      | 'isReady'
      | 'quit'
      | 'exit'
      | 'requestSingleInstanceLock'
      | 'hasSingleInstanceLock'
      | 'getLoginItemSettings'
      | 'setLoginItemSettings'
      | 'getPath'
      | 'getName'
      | 'getVersion'
    >
{
  readonly dock: Dock | undefined = world.platform === 'darwin' ? new Dock() : undefined;
  loginItem = { openAtLogin: false, calls: 0 };
  secondInstances = 0;
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  private lock: { server: Server; file: string } | null = null;
  private exiting = false;

  constructor() {
    super();
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    windowHooks.created = (contents: WebContents) => emit(this, 'app', 'web-contents-created', electronEvent(), asElectron(contents));
  }

  /** The runtime finished launching (the loader calls this once the main script has run). */
  becomeReady(): void {
    world.ready = true;
    emit(this, 'app', 'will-finish-launching');
    emit(this, 'app', 'ready', electronEvent(), {});
    this.markReady();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  isReady(): boolean {
    return world.ready;
  }

  getName(): string {
    return 'Agent OS';
  }

  getVersion(): string {
    return '0.0.0-stand-in';
  }

  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    if (name === 'userData') return world.config.userData;
    throw new Error(`the stand-in knows only getPath('userData'), not '${name}'`);
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    if (this.lock) return true;
    mkdirSync(world.config.userData, { recursive: true });
    const file = join(world.config.userData, 'SingletonLock');
    const socket = join(world.config.userData, 'SingletonSocket');
    try {
      const holder = Number(readFileSync(file, 'utf8'));
      if (holder !== process.pid && alive(holder)) {
        this.notifyFirstInstance(socket, additionalData);
        return false;
      }
    } catch {
      // no lock file: nobody holds the lock
    }
    writeFileSync(file, String(process.pid));
    rmSync(socket, { force: true });
    const server = createServer((connection) => {
      let text = '';
      connection.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      connection.on('end', () => {
        const message = JSON.parse(text) as { argv: string[]; cwd: string; additionalData: unknown };
        this.secondInstances++;
        emit(this, 'app', 'second-instance', electronEvent(), message.argv, message.cwd, message.additionalData);
      });
    });
    server.listen(socket);
    server.unref();
    this.lock = { server, file };
    return true;
  }

  hasSingleInstanceLock(): boolean {
    return this.lock !== null;
  }

  private notifyFirstInstance(socket: string, additionalData: unknown): void {
    const delivered = new Promise<void>((resolve) => {
      const connection = createConnection(socket, () => connection.end(JSON.stringify({ argv: process.argv, cwd: process.cwd(), additionalData })));
      connection.on('close', () => resolve());
      connection.on('error', () => resolve());
    });
    world.pending.add(delivered);
  }

  getLoginItemSettings(_options?: Electron.LoginItemSettingsOptions): Electron.LoginItemSettings {
    return {
      openAtLogin: this.loginItem.openAtLogin,
      openAsHidden: false,
      wasOpenedAtLogin: false,
      wasOpenedAsHidden: false,
      restoreState: false,
      status: this.loginItem.openAtLogin ? 'enabled' : 'not-registered',
      executableWillLaunchAtLogin: this.loginItem.openAtLogin,
      launchItems: [],
    };
  }

  /** macOS and Windows only: on Linux Electron does nothing. */
  setLoginItemSettings(settings: Electron.Settings): void {
    this.loginItem.calls++;
    if (world.platform === 'linux') return;
    this.loginItem.openAtLogin = settings.openAtLogin ?? this.loginItem.openAtLogin;
  }

  /** before-quit, windows closed, will-quit, quit, exit 0; a listener's preventDefault stops it. */
  quit(): void {
    if (this.exiting) return;
    const beforeQuit = electronEvent();
    emit(this, 'app', 'before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const window of allWindows()) {
      window.close();
      if (!window.isDestroyed()) return; // a window refused to close: the quit is cancelled
    }
    const willQuit = electronEvent();
    emit(this, 'app', 'will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    emit(this, 'app', 'quit', electronEvent(), 0);
    this.exit(0);
  }

  /** Ends the process now: no before-quit or will-quit. */
  exit(exitCode = 0): void {
    if (this.exiting) return;
    this.exiting = true;
    if (this.lock) rmSync(this.lock.file, { force: true });
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000));
    void Promise.race([Promise.allSettled([...world.pending]), timeout])
      .then(() => tell({ type: 'exit', code: exitCode }))
      .finally(() => process.exit(exitCode));
  }
}

export const app = new App();
