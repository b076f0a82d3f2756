// Types of desktop-stage.mjs for the tests that import it (tests/headless/packaged-files.test.ts).

/** A package-lock.json `packages` entry, as far as staging reads it. */
export interface LockEntry {
  version?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The packages the desktop main process loads from node_modules (the rest is bundled into main.cjs). */
export const MAIN_PROCESS_PACKAGES: readonly string[];

/** Lock paths of the production tree of `names`, resolved the way Node resolves them. */
export function productionClosure(lockPackages: Record<string, LockEntry>, names: readonly string[]): string[];

/** Writes the staged desktop app into `out` and returns the lock paths of the packages copied. */
export function stageDesktopApp(options: { root: string; out: string; binding: string }): string[];
