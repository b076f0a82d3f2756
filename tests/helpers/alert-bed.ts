// The shared set-up of the alert tests: a fresh sandbox per test, real webhook listeners and engines,
// all closed after each test whatever happened in it.
import { afterEach, beforeEach } from 'vitest';
import type { Core } from '../../src-main/core';
import type { Clock } from '../../src-main/core/clock';
import { startEngine } from './engine';
import { createSandbox, type Sandbox } from './fixtures';
import { startListener, type Listener, type ListenerOptions } from './listener';

/** What an alert test works with. */
export interface AlertBed {
  /** This test's sandbox (home and project root). */
  readonly box: Sandbox;
  /** A real HTTP listener, closed after the test. */
  listen(options?: ListenerOptions): Promise<Listener>;
  /** An engine (engine: true) on the sandbox's home, stopped after the test; `clock` injects a clock. */
  engine(clock?: Clock): Promise<Core>;
}

/** Registers the hooks and returns the bed; call once at the top of a test file. */
export function useAlertBed(): AlertBed {
  let box: Sandbox | null = null;
  const cores: Core[] = [];
  const listeners: Listener[] = [];
  beforeEach(() => {
    box = createSandbox();
  });
  afterEach(async () => {
    // core.stop() is idempotent: a test may already have stopped an engine itself.
    for (const core of cores.splice(0)) await core.stop();
    for (const l of listeners.splice(0)) await l.close();
    box?.cleanup();
    box = null;
  });
  const sandbox = (): Sandbox => {
    if (!box) throw new Error('the alert bed is only there inside a test');
    return box;
  };
  return {
    get box() {
      return sandbox();
    },
    async listen(options: ListenerOptions = {}) {
      const l = await startListener(options);
      listeners.push(l);
      return l;
    },
    async engine(clock?: Clock) {
      const core = await startEngine(sandbox().home, clock);
      cores.push(core);
      return core;
    },
  };
}
