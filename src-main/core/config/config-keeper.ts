import { statSync } from 'node:fs';
import { configDurations, type ConfigDurations } from './config-durations';
import { loadConfig, type LoadedConfig } from './load-config';

/** When a file last changed (0 when it is missing). */
function fileStamp(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * config.yml as the engine uses it: the last configuration that could be read. A file broken while the
 * engine runs does not drop every project (and their pings) for the defaults; broken at start, nothing runs
 * rather than the examples (issue 22). Also tells whether the file itself changed between two reads, so a
 * config reload (not every project edit) asks the login shell again.
 */
export class ConfigKeeper {
  private lastGood: LoadedConfig | null = null;
  private loaded: LoadedConfig;
  private ms: ConfigDurations;
  private stamp: number | null = null;
  private changed = false;

  constructor(private readonly file: string) {
    this.loaded = this.load();
    this.ms = configDurations(this.loaded.config);
  }

  /** The current configuration's durations in milliseconds, parsed once per read. */
  get durations(): ConfigDurations {
    return this.ms;
  }

  /** What the engine goes by now: the file's configuration, or the last good one with the errors of the file. */
  get current(): LoadedConfig {
    return this.loaded;
  }

  /** Whether some read so far could be used (broken from the start: no project runs, not even the examples). */
  get hasGood(): boolean {
    return this.lastGood !== null;
  }

  /** Whether the file changed between the last two read() calls (the first read() compares with nothing). */
  get fileChanged(): boolean {
    return this.changed;
  }

  /** Reads config.yml again. */
  read(): LoadedConfig {
    this.loaded = this.load();
    this.ms = configDurations(this.loaded.config);
    const stamp = fileStamp(this.file);
    this.changed = this.stamp !== null && stamp !== this.stamp;
    this.stamp = stamp;
    return this.loaded;
  }

  private load(): LoadedConfig {
    const next = loadConfig(this.file);
    if (!next.broken) return (this.lastGood = next);
    const what = this.lastGood
      ? 'config.yml cannot be used as it is, so the engine keeps its last good configuration; fix the errors above'
      : 'config.yml cannot be used as it is, so no project runs (not even the examples); fix the errors above';
    const errors = [...next.errors, { file: this.file, path: '', message: what }];
    return this.lastGood ? { config: this.lastGood.config, errors, broken: true } : { ...next, errors };
  }
}
