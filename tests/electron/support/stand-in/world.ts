// The stand-in's one shared state inside the shell's process: which OS it plays, whether the app is ready,
// and the channel to the test. Every fake reads it; nothing else is global.
import type { StandInConfig, StandInMessage, StandInPlatform } from './wire';

function readConfig(): StandInConfig {
  const raw = process.env.AGENT_OS_STAND_IN;
  if (!raw) throw new Error('electron stand-in: AGENT_OS_STAND_IN is not set; start the shell through tests/electron/support/shell-process.ts');
  return JSON.parse(raw) as StandInConfig;
}

const config = readConfig();

/** Shared state of the simulated Electron runtime. */
export const world = {
  config,
  platform: config.platform as StandInPlatform,
  ready: false,
  /** Things the process must finish before it exits (second-instance delivery, last messages). */
  pending: new Set<Promise<unknown>>(),
};

/** Sends a message to the test; resolves once it is on the channel. */
export function tell(message: StandInMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Electron refuses these before the ready event: "Cannot create Tray before app is ready" and so on. */
export function requireReady(what: string): void {
  if (!world.ready) throw new Error(`${what} cannot be used before the app is ready (await app.whenReady())`);
}

/**
 * Forces a full garbage collection (the shell runs with --expose-gc). Electron keeps only weak references
 * to some main-process objects (Notification: electron/electron#16922; Tray), so a shell that drops its
 * last reference loses their events; collecting before every user action makes that deterministic here.
 */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('electron stand-in: run the shell with --expose-gc');
  gc();
}

/** Electron's Event: preventDefault and defaultPrevented, plus the event's own fields. */
export function electronEvent<T extends object>(fields: T = {} as T): T & { preventDefault(): void; readonly defaultPrevented: boolean } {
  let prevented = false;
  // defineProperty, not Object.assign: assign would copy the getter's value once instead of the getter.
  return Object.defineProperties(fields, {
    preventDefault: { value: () => (prevented = true) },
    defaultPrevented: { get: () => prevented, enumerable: true },
  }) as T & { preventDefault(): void; readonly defaultPrevented: boolean };
}

/** A KeyboardEvent as Electron passes to tray clicks (no modifier held). */
export function plainKeyboardEvent(): Electron.KeyboardEvent {
  return { altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, triggeredByAccelerator: false };
}

/**
 * A stand-in object where Electron's declarations expect the full type (a NativeImage, a Menu, a window):
 * it implements the members the shell uses, which tsconfig.shell-stand-in.json checks; nothing else.
 */
export function asElectron<T>(fake: object): T {
  return fake as unknown as T;
}

/** The stand-in object behind an Electron-typed value the shell hands back (an image, a menu). */
export function fromElectron<C>(value: unknown, kind: abstract new (...args: never[]) => C): C {
  if (!(value instanceof kind)) throw new TypeError(`expected a ${kind.name} made by Electron, got ${String(value)}`);
  return value;
}
