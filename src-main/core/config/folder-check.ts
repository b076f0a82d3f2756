import { statSync } from 'node:fs';
import { UserError } from '../errors';
import { resolveConfiguredPath } from './load-config';

/** The folder lists a settings change may carry. */
export interface FolderLists {
  roots?: readonly string[];
  projects?: readonly string[];
}

/**
 * Refuses a settings change that adds a folder which does not exist (or is not a folder), with the reason:
 * the dashboard would otherwise accept it and show nothing. Folders already listed are left alone, so one
 * that vanished can still be removed.
 */
export function refuseMissingFolders(change: FolderLists, current: Required<FolderLists>, configDir: string): void {
  for (const key of ['projects', 'roots'] as const) {
    for (const entry of change[key] ?? []) {
      if (current[key].includes(entry)) continue;
      const dir = resolveConfiguredPath(entry, configDir);
      const what = key === 'projects' ? 'project folder' : 'root folder';
      let isDir = false;
      try {
        isDir = statSync(dir).isDirectory();
      } catch {
        throw new UserError(`${what} ${dir} does not exist; check the path (it must be a folder on this machine) and add it again`, 'invalid');
      }
      if (!isDir) throw new UserError(`${what} ${dir} is a file, not a folder; give the folder that holds agent-os.yml`, 'invalid');
    }
  }
}
