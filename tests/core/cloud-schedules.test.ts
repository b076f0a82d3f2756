// Cloud schedules found in the projects themselves (SPEC §6): GitHub Actions workflows with on.schedule and
// Railway cron services become tasks of their folder's project, without a manifest line, watched like
// heartbeats on their UTC crons once Agent OS can see their runs.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import type { TaskStatus } from '../../src-main/common/models';
import { cliJson, type ProjectRow } from '../helpers/cli';
import { createClock, manifest, startEngine, useEngineSandbox } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';

const FIXTURES = fileURLToPath(new URL('../fixtures/cloud/', import.meta.url));
// Sunday 6 December 2026, 01:00 UTC.
const SUNDAY_1AM = Date.parse('2026-12-06T01:00:00.000Z');

/** Copies fixture files into a project folder: [fixture name, path inside the folder]. */
function place(dir: string, files: ReadonlyArray<[string, string]>): void {
  for (const [fixture, target] of files) {
    mkdirSync(join(dir, target, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), join(dir, target));
  }
}

const WORKFLOWS = '.github/workflows';

function task(core: Core, id: string): TaskStatus | undefined {
  return core.handlers['status.get']()
    .projects.flatMap((p) => p.tasks)
    .find((t) => t.id === id);
}

/** A clock that starts at `at` and runs on from there. */
function clockAt(at: number) {
  const clock = createClock();
  clock.advance(at - Date.now());
  return clock;
}

describe('cloud schedules in project folders', () => {
  const t = useEngineSandbox();

  function shop(): string {
    const dir = writeProject(t.box.root, 'shop', { manifest: manifest('shop', { hello: ['command: ["echo", "hello"]'] }) });
    place(dir, [
      ['nightly-etl.yml', `${WORKFLOWS}/nightly-etl.yml`],
      ['monthly-invoices.yaml', `${WORKFLOWS}/monthly-invoices.yaml`],
      ['ci.yml', `${WORKFLOWS}/ci.yml`],
      ['railway.toml', 'railway.toml'],
      ['railway.json', 'services/reports/railway.json'],
    ]);
    return dir;
  }

  it('lists each scheduled workflow and Railway cron as a task of its project, every cron in UTC, with its next run', async () => {
    const dir = shop();
    writeConfig(t.box.home, [dir]);
    const clock = clockAt(SUNDAY_1AM);
    t.core = await startEngine(t.box.home, clock);
    const shopStatus = t.core.handlers['status.get']().projects.find((p) => p.name === 'shop')!;
    expect(shopStatus.errors).toEqual([]);
    expect(shopStatus.tasks.map((x) => [x.id, x.kind])).toEqual([
      ['shop/hello', 'command'],
      ['shop/github-monthly-invoices', 'github_actions'],
      ['shop/github-nightly-etl', 'github_actions'],
      ['shop/railway', 'railway'],
      ['shop/railway-reports', 'railway'],
    ]);
    expect(task(t.core, 'shop/github-nightly-etl')).toMatchObject({
      state: 'never',
      schedule: '30 2 * * *; 0 6 * * 0 (UTC)',
      next_run: '2026-12-06T02:30:00.000Z',
      cloud: {
        provider: 'github_actions',
        file: '.github/workflows/nightly-etl.yml',
        title: 'Nightly ETL',
        crons: ['30 2 * * *', '0 6 * * 0'],
        jobs: ['Load warehouse', 'digest'],
        observed: false,
        runnable: false,
        not_runnable_reason: expect.stringContaining('AGENT_OS_GITHUB_TOKEN'),
      },
      ping_url: expect.stringMatching(/\/ping\/[\w-]{22}$/),
    });
    expect(task(t.core, 'shop/github-monthly-invoices')).toMatchObject({
      next_run: '2027-01-01T07:15:00.000Z',
      cloud: { title: 'Monthly invoices', not_runnable_reason: expect.stringContaining('no workflow_dispatch trigger') },
    });
    expect(task(t.core, 'shop/railway')).toMatchObject({
      schedule: '*/15 * * * * (UTC)',
      next_run: '2026-12-06T01:15:00.000Z',
      cloud: { file: 'railway.toml' },
    });
    const reports = task(t.core, 'shop/railway-reports')!;
    expect(reports).toMatchObject({ next_run: '2026-12-07T08:00:00.000Z', cloud: { file: 'services/reports/railway.json' } });
    // The exact line to add to the job, reporting its exit status to this task's own ping URL.
    expect(reports.ping_hint).toBe(`sh -c 'node jobs/weekly-report.js; curl -fsS -m 10 --retry 5 -o /dev/null ${reports.ping_url}/$?'`);

    // The schedule view: one list of every schedule, whoever runs it.
    const upcoming = t.core.handlers['schedule.upcoming']({ hours: 6 }).filter((u) => u.task.startsWith('shop/github'));
    expect(upcoming.map((u) => [u.task, u.kind, u.at])).toEqual([
      ['shop/github-nightly-etl', 'github_actions', '2026-12-06T02:30:00.000Z'],
      ['shop/github-nightly-etl', 'github_actions', '2026-12-06T06:00:00.000Z'],
    ]);
    await t.core.stop();
    t.core = null;
    const listed = await cliJson<ProjectRow[]>(['projects', '--json'], { home: t.box.home });
    expect(listed.find((p) => p.name === 'shop')?.tasks).toContain('shop/github-nightly-etl');
  });

  it('shows a broken workflow on its project with the file and line, and keeps every other task running', async () => {
    const dir = shop();
    place(dir, [
      ['broken.yml', `${WORKFLOWS}/broken.yml`],
      ['bad-cron.yml', `${WORKFLOWS}/bad-cron.yml`],
    ]);
    const blog = writeProject(t.box.root, 'blog', { manifest: manifest('blog', { build: ['command: ["true"]'] }) });
    writeConfig(t.box.home, [dir, blog]);
    t.core = await startEngine(t.box.home);
    const projects = t.core.handlers['status.get']().projects;
    const shopStatus = projects.find((p) => p.name === 'shop')!;
    expect(shopStatus.state).toBe('ok');
    expect(shopStatus.errors[0]).toEqual({
      file: '.github/workflows/bad-cron.yml',
      path: 'on.schedule.0.cron',
      line: 4,
      message: 'expected a cron expression of 5 fields such as "0 6 * * *" (GitHub runs it in UTC), found "0 4 * *"',
    });
    // Every syntax error of the unreadable file, each with its line.
    const broken = shopStatus.errors.slice(1);
    expect(broken.length).toBeGreaterThan(0);
    for (const e of broken)
      expect(e).toMatchObject({
        file: '.github/workflows/broken.yml',
        path: '',
        line: expect.any(Number),
        message: expect.stringMatching(/^workflow is not valid YAML: .*; fix the syntax$/),
      });
    // The valid cron of the half-broken file still counts; the unreadable file adds no task.
    expect(task(t.core, 'shop/github-bad-cron')?.schedule).toBe('*/20 * * * * (UTC)');
    expect(task(t.core, 'shop/github-broken')).toBeUndefined();
    expect(projects.find((p) => p.name === 'blog')).toMatchObject({ state: 'ok', errors: [] });
    const run = t.core.handlers['runs.start']({ task: 'shop/hello' });
    const done = await t.core.handlers['runs.wait']({ id: run.id });
    expect(done.status).toBe('success');
  });

  it('takes a listed folder without agent-os.yml as a project of its cloud schedules', async () => {
    const dir = join(t.box.root, 'orders-service');
    place(dir, [['railway.toml', 'railway.toml']]);
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    const [project, ...others] = t.core.handlers['projects.list']();
    expect(others).toEqual([]);
    expect(project).toEqual({
      name: 'orders-service',
      path: dir,
      state: 'ok',
      errors: [],
      tasks: ['orders-service/railway'],
      ping_key: expect.stringMatching(/^[\w-]{22}$/),
      notify_url: expect.stringMatching(/\/notify\/[\w-]{22}$/),
    });
  });

  it('takes a listed folder without agent-os.yml whose files hold no schedule as a valid project, not a missing manifest', async () => {
    const dir = join(t.box.root, 'web');
    mkdirSync(join(dir, WORKFLOWS), { recursive: true });
    writeFileSync(join(dir, WORKFLOWS, 'ci.yml'), 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n');
    writeFileSync(join(dir, 'railway.json'), '{"$schema": "https://railway.com/railway.schema.json", "deploy": {"startCommand": "npm start"}}\n');
    const broken = join(t.box.root, 'broken-ci');
    mkdirSync(join(broken, WORKFLOWS), { recursive: true });
    writeFileSync(join(broken, WORKFLOWS, 'nightly.yml'), 'on:\n  schedule:\n    - cron: "61 * * * *"\n');
    writeConfig(t.box.home, [dir, broken]);
    t.core = await startEngine(t.box.home);
    const projects = t.core.handlers['projects.list']();
    expect(projects.find((p) => p.name === 'web')).toMatchObject({ state: 'ok', errors: [], tasks: [] });
    // Every error names its file; none is about the agent-os.yml the folder never had.
    const errors = projects.find((p) => p.name === 'broken-ci')?.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatchObject({ file: join('.github', 'workflows', 'nightly.yml') });
  });

  it('refuses Run now for a task its provider starts, saying why', async () => {
    const dir = shop();
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    expect(() => t.core!.handlers['runs.start']({ task: 'shop/railway' })).toThrow(
      'cannot run shop/railway from Agent OS: Railway starts it on its schedule; to start it from Agent OS, set AGENT_OS_RAILWAY_TOKEN and name its service under railway.services in config.yml',
    );
    expect(() => t.core!.handlers['runs.start']({ task: 'shop/github-monthly-invoices' })).toThrow(/no workflow_dispatch trigger; add `workflow_dispatch:`/);
  });

  it('watches a cloud task from its first ping: no alarm before, then late and down when a run does not come', async () => {
    const dir = shop();
    writeConfig(t.box.home, [dir]);
    const clock = clockAt(SUNDAY_1AM);
    t.core = await startEngine(t.box.home, clock);
    const core = t.core;
    // Never pinged and its runs unseen: schedules passing raise nothing (nobody wired it up yet).
    clock.advance(3 * 3600_000);
    core.handlers['status.get']();
    await new Promise((resolve) => setTimeout(resolve, 1200)); // the monitor checks once a second
    expect(task(core, 'shop/railway')?.state).toBe('never');

    const key = core.pingKeyOf('shop/railway');
    await core.ping(key, { kind: 'exit', exitStatus: 0 });
    expect(task(core, 'shop/railway')).toMatchObject({ state: 'ok', last_run: { status: 'success', trigger: 'heartbeat' } });
    // Every 15 minutes with 30 minutes' grace: 20 minutes later it is late, 50 minutes later down.
    clock.advance(20 * 60_000);
    await waitFor('the railway task to be late', () => task(core, 'shop/railway')?.state === 'late', { timeoutMs: 5000 });
    clock.advance(30 * 60_000);
    await waitFor('the railway task to be down', () => task(core, 'shop/railway')?.state === 'down', { timeoutMs: 5000 });
    // A failed exit status from the job is a failure like any failed run.
    await core.ping(key, { kind: 'exit', exitStatus: 3 });
    expect(task(core, 'shop/railway')).toMatchObject({ state: 'failing', last_run: { status: 'failed', error: 'reported exit status 3' } });
  });

  it('picks up workflows and Railway files added, changed and deleted while the engine runs', async () => {
    const dir = writeProject(t.box.root, 'shop', { manifest: manifest('shop', { hello: ['command: ["true"]'] }) });
    writeConfig(t.box.home, [dir]);
    t.core = await startEngine(t.box.home);
    const core = t.core;
    const ids = (): string[] => core.handlers['projects.list']()[0]?.tasks ?? [];

    place(dir, [['nightly-etl.yml', `${WORKFLOWS}/nightly-etl.yml`]]);
    await waitFor('the new workflow', () => ids().includes('shop/github-nightly-etl'), { timeoutMs: 5000 });
    writeFileSync(join(dir, WORKFLOWS, 'nightly-etl.yml'), 'name: Nightly ETL\non:\n  schedule:\n    - cron: "45 23 * * *"\njobs: {}\n');
    await waitFor('the changed cron', () => task(core, 'shop/github-nightly-etl')?.schedule === '45 23 * * * (UTC)', { timeoutMs: 5000 });
    place(dir, [['railway.json', 'services/reports/railway.json']]);
    await waitFor('the new Railway service', () => ids().includes('shop/railway-reports'), { timeoutMs: 5000 });
    rmSync(join(dir, WORKFLOWS, 'nightly-etl.yml'));
    await waitFor('the deleted workflow to go', () => !ids().includes('shop/github-nightly-etl'), { timeoutMs: 5000 });
    expect(ids()).toEqual(['shop/hello', 'shop/railway-reports']);
  });
});
