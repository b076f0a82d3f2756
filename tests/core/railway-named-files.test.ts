// Issue 23, Railway: config-as-code files named per service (`railway.cron.json`, `railway-cron.toml`),
// which Railway reads when a service's settings point at them, are read beside railway.json, in the project
// folder and in its service folders, each as its own task with an id unique per file. Fixtures:
// tests/fixtures/cloud/named (each says which public repository it comes from).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanRailway } from '../../src-main/core/cloud/railway-config';
import { isRailwayFile } from '../../src-main/core/cloud/cloud-folders';
import { scheduleText } from '../../src-main/core/cloud/cloud-job';
import { startEngine } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const NAMED = fileURLToPath(new URL('../fixtures/cloud/named/', import.meta.url));
const CLOUD = fileURLToPath(new URL('../fixtures/cloud/', import.meta.url));
let box: Sandbox;

beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

describe('Railway config files named per service', () => {
  it('reads railway.cron.json and railway-cron.toml beside railway.toml, each as its own task', () => {
    const dir = join(box.root, 'podcast');
    mkdirSync(join(dir, 'services', 'refresh'), { recursive: true });
    copyFileSync(join(CLOUD, 'railway.toml'), join(dir, 'railway.toml'));
    copyFileSync(join(NAMED, 'railway.cron.json'), join(dir, 'railway.cron.json'));
    copyFileSync(join(NAMED, 'railway-cron.toml'), join(dir, 'services', 'refresh', 'railway-cron.toml'));
    const scan = scanRailway(dir);
    expect(scan.errors).toEqual([]);
    expect(scan.jobs.map((j) => [j.name, j.file, j.schedules[0]?.cron, j.command])).toEqual([
      ['railway', 'railway.toml', '*/15 * * * *', 'python3 sync_orders.py'],
      ['railway-cron', 'railway.cron.json', '0 7 * * *', 'npm run brief'],
      ['railway-refresh-cron', join('services', 'refresh', 'railway-cron.toml'), '0 * * * *', 'python main.py --mode refresh'],
    ]);
  });

  it('keeps two files of one name in two formats apart (ids unique per file)', () => {
    const dir = join(box.root, 'both');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(NAMED, 'railway.cron.json'), join(dir, 'railway.cron.json'));
    copyFileSync(join(NAMED, 'railway-cron.toml'), join(dir, 'railway.cron.toml'));
    expect(scanRailway(dir).jobs.map((j) => [j.name, j.file])).toEqual([
      ['railway-cron', 'railway.cron.json'],
      ['railway-cron-toml', 'railway.cron.toml'],
    ]);
  });

  it('watches those names (a new railway.cron.json is picked up live) and no look-alikes', () => {
    for (const name of ['railway.json', 'railway.toml', 'railway.cron.json', 'railway-cron.toml', 'railway_worker.json'])
      expect(isRailwayFile(name), name).toBe(true);
    for (const name of ['railway.json.bak', 'notrailway.json', 'railway.', 'railway.cron.yaml']) expect(isRailwayFile(name), name).toBe(false);
  });

  it('reads environments.<name>.deploy.cronSchedule as a schedule labelled with its environment; a bad one is an error with its path', () => {
    const dir = join(box.root, 'scraper');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(NAMED, 'railway.scraper.json'), join(dir, 'railway.scraper.json'));
    const scan = scanRailway(dir);
    expect(scan.jobs.map((j) => [j.name, j.schedules])).toEqual([
      [
        'railway-scraper',
        [
          { cron: '0 6 * * *', timezone: 'UTC' },
          { cron: '30 */2 * * *', timezone: 'UTC', environment: 'staging' },
        ],
      ],
    ]);
    expect(scheduleText(scan.jobs[0]?.schedules ?? [])).toBe('0 6 * * * (UTC); 30 */2 * * * (UTC, staging)');
    expect(scan.errors).toEqual([
      {
        file: join(dir, 'railway.scraper.json'),
        path: 'environments.pr-preview.deploy.cronSchedule',
        message: 'expected a cron expression of 5 fields such as "0 */6 * * *" (Railway runs it in UTC), found "every day"',
      },
    ]);
  });

  it("with railway.environment, keeps only that environment's schedule: its override, else the file's own", () => {
    const dir = join(box.root, 'scraper');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(NAMED, 'railway.scraper.json'), join(dir, 'railway.scraper.json'));
    expect(scanRailway(dir, { environment: 'staging' }).jobs[0]?.schedules).toEqual([{ cron: '30 */2 * * *', timezone: 'UTC', environment: 'staging' }]);
    // production overrides nothing of the schedule: the file's own runs there.
    expect(scanRailway(dir, { environment: 'production' }).jobs[0]?.schedules).toEqual([{ cron: '0 6 * * *', timezone: 'UTC' }]);
  });
});

describe('Railway config files the manifest names (railway.config_files)', () => {
  it("reads a file of any name Railway's service settings point at, and says so when it is missing or outside the folder", () => {
    const dir = join(box.root, 'podcast');
    mkdirSync(join(dir, 'deploy'), { recursive: true });
    copyFileSync(join(NAMED, 'railway.cron.json'), join(dir, 'deploy', 'nightly-brief.json'));
    const scan = scanRailway(dir, { configFiles: ['deploy/nightly-brief.json', 'deploy/gone.toml', '../elsewhere/railway.json'] });
    expect(scan.jobs.map((j) => [j.name, j.file, j.schedules[0]?.cron])).toEqual([
      ['railway-deploy-nightly-brief', join('deploy', 'nightly-brief.json'), '0 7 * * *'],
    ]);
    expect(scan.errors.map((e) => [e.file, e.path, e.message])).toEqual([
      [join(dir, 'agent-os.yml'), 'railway.config_files', 'expected a file inside the project folder, found "../elsewhere/railway.json"'],
      [join(dir, 'agent-os.yml'), 'railway.config_files', `${join('deploy', 'gone.toml')} does not exist; fix the path or remove it from railway.config_files`],
    ]);
  });

  it('does not read a file twice when the manifest names one found by its name already', () => {
    const dir = join(box.root, 'once');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(NAMED, 'railway.cron.json'), join(dir, 'railway.cron.json'));
    expect(scanRailway(dir, { configFiles: ['railway.cron.json'] }).jobs.map((j) => j.name)).toEqual(['railway-cron']);
  });

  it("takes both from the manifest: the engine lists the named file's task with the chosen environment's schedule", async () => {
    const dir = writeProject(box.root, 'scraper', {
      manifest: 'name: scraper\nrailway:\n  config_files: [deploy/scraper.json]\n  environment: staging\ntasks: {}\n',
    });
    mkdirSync(join(dir, 'deploy'), { recursive: true });
    copyFileSync(join(NAMED, 'railway.scraper.json'), join(dir, 'deploy', 'scraper.json'));
    writeConfig(box.home, [dir]);
    const core = await startEngine(box.home);
    try {
      const tasks = core.handlers['tasks.list']({ project: 'scraper' });
      expect(tasks.map((t) => [t.id, t.kind, t.cloud?.crons])).toEqual([['scraper/railway-deploy-scraper', 'railway', ['30 */2 * * *']]]);
    } finally {
      await core.stop();
    }
  });
});
