import { app, shell } from 'electron';
import type { StatusReport } from '../common/models';
import type { EngineHost } from '../headless/engine-link/engine-host';
import { TrayIcon } from './tray-icon';
import type { MenuAction, MenuOptions } from './tray-menu';
import type { EngineState } from './tray-model';

/** What the menubar drives besides the engine. */
export interface MenubarActions {
  /** Shows the tray window, at a run when given (of a remote engine when `engine` names one). */
  openWindow(runId?: number, engine?: string): void;
  retryEngine(): void;
  /** Tells the user something went wrong with what they clicked. */
  report(title: string, message: string): void;
}

/** The menubar icon kept in step with the engine, and what its menu entries do. */
export class Menubar {
  readonly icon: TrayIcon;
  private host: EngineHost | null = null;
  private engineError: string | null = null;
  private refreshing = false;
  private again = false;

  constructor(
    assetsDir: string,
    private readonly actions: MenubarActions,
  ) {
    this.icon = new TrayIcon(assetsDir, (action) => this.act(action));
  }

  /** The engine to show, or why there is none. */
  attach(host: EngineHost | null, error: string | null): void {
    this.host = host;
    this.engineError = error;
    if (host) {
      for (const name of ['run.started', 'run.finished', 'task.state', 'project.changed', 'remote.changed'] as const) host.on(name, () => this.refresh());
      host.onChange(() => this.refresh());
    }
    this.refresh();
  }

  /** Redraws from the engine's status; changes arriving meanwhile coalesce into one more redraw. */
  refresh(): void {
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = true;
    void this.draw().finally(() => {
      this.refreshing = false;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
  }

  private async draw(): Promise<void> {
    const host = this.host;
    let status: StatusReport | null = null;
    if (host?.connected()) status = await host.call('status.get', undefined).catch(() => null);
    const engine: EngineState = {
      error: this.engineError,
      unreachable: host !== null && status === null,
      notice: host?.notice ?? null,
      dashboard: host?.url != null,
    };
    this.icon.update(status, engine, this.menuOptions());
  }

  private menuOptions(): MenuOptions {
    const linux = process.platform === 'linux';
    return { launchAtLogin: linux ? null : app.getLoginItemSettings().openAtLogin, openWindowItem: linux };
  }

  private act(action: MenuAction): void {
    const host = this.host;
    switch (action.kind) {
      case 'open-window':
        return this.actions.openWindow();
      case 'open-run':
        return this.actions.openWindow(action.runId, action.engine);
      case 'retry-engine':
        return this.actions.retryEngine();
      case 'toggle-login-item':
        app.setLoginItemSettings({ openAtLogin: !app.getLoginItemSettings().openAtLogin });
        return this.refresh();
      case 'quit':
        return app.quit();
      case 'none':
        return;
    }
    if (!host) return;
    switch (action.kind) {
      case 'run-task': {
        // A remote engine's task runs there: the command goes through this engine to it.
        const started = action.engine
          ? host.call('remotes.call', { engine: action.engine, command: 'runs.start', arg: { task: action.task } })
          : host.call('runs.start', { task: action.task });
        return void started.catch((error: Error) => this.actions.report(`Could not run ${action.task}`, error.message));
      }
      case 'pause-all':
      case 'resume-all':
        return void host
          .call(action.kind === 'pause-all' ? 'engine.pauseAll' : 'engine.resumeAll', undefined)
          .catch((error: Error) => this.actions.report('Agent OS', error.message))
          .finally(() => this.refresh());
      case 'open-dashboard':
        if (host.url) void shell.openExternal(`${host.url}/?token=${host.token}`);
        return;
    }
  }
}
