import { execFile } from 'node:child_process';

/** "owner/repo" from a git remote URL (https, ssh or scp-like form, any host), or null. */
export function repoFromRemote(url: string): string | null {
  const trimmed = url.trim();
  const match = /^(?:[a-z+]+:\/\/(?:[^@/]+@)?[^/]+(?::\d+)?\/|[^@\s]+@[^:\s]+:)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/i.exec(trimmed);
  return match ? `${match[1]}/${match[2]}` : null;
}

/** The GitHub repository of a folder: its `origin` remote, as git reads it; null when it has none. */
export function folderRepo(dir: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['-C', dir, 'remote', 'get-url', 'origin'], { timeout: 5000 }, (error, stdout) => resolve(error ? null : repoFromRemote(stdout)));
  });
}
