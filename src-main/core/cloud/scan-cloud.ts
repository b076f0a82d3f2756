import { scanGithubWorkflows } from './github-workflows';
import { scanRailway, type RailwayScanOptions } from './railway-config';
import type { CloudScan } from './cloud-job';

/** Every cloud schedule a project folder declares (GitHub Actions, Railway), and the files it could not read. */
export function scanCloud(dir: string, railwayOptions: RailwayScanOptions = {}): CloudScan {
  const github = scanGithubWorkflows(dir);
  const railway = scanRailway(dir, railwayOptions);
  return { jobs: [...github.jobs, ...railway.jobs], errors: [...github.errors, ...railway.errors], files: (github.files ?? 0) + (railway.files ?? 0) };
}
