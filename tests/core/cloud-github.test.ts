// GitHub Actions as a source (SPEC §6): with Agent OS's own read-only token, the runs of a project's scheduled
// workflows come from GitHub's REST API (a real local server speaking its wire format) as `external` runs; a
// failed conclusion alerts like any failed run; Run now dispatches a workflow that has workflow_dispatch; every
// failure of the API is a note on the task, never a crash; the token is kept out of every file and answer.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { startFakeGithub, type FakeGithub } from '../helpers/fake-github';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { createClock, manifest } from '../helpers/engine';
import type { Clock } from '../../src-main/core/clock';
import { expectTokenKeptOut, runsOf, taskOf } from '../helpers/cloud';
import { jsonEvents, notifyConfig, startListener, type Listener } from '../helpers/listener';

const FIXTURES = fileURLToPath(new URL('../fixtures/cloud/', import.meta.url));
const TOKEN = 'github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWX';
const REPO = 'acme/shop';
const ETL = 'shop/github-nightly-etl';

let box: Sandbox;
let github: FakeGithub;
let listener: Listener;
let core: Core | null = null;
let shop = '';

/** The shop project: a git checkout of acme/shop with the nightly ETL workflow (scheduled, dispatchable). */
function writeShop(): string {
  const dir = writeProject(box.root, 'shop', { manifest: manifest('shop', { hello: ['command: ["true"]'] }) });
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  copyFileSync(join(FIXTURES, 'nightly-etl.yml'), join(dir, '.github', 'workflows', 'nightly-etl.yml'));
  copyFileSync(join(FIXTURES, 'monthly-invoices.yaml'), join(dir, '.github', 'workflows', 'monthly-invoices.yaml'));
  execFileSync('git', ['init', '-q', dir]);
  execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', `git@github.com:${REPO}.git`]);
  return dir;
}

async function start(githubLines = '', clock?: Clock): Promise<Core> {
  const notify = notifyConfig([{ kind: 'json', url: listener.url('/hook') }], { retry_base: '1s' });
  writeConfig(box.home, [shop], `github:\n  api_url: ${JSON.stringify(github.apiUrl)}\n  poll: 1s\n${githubLines}${notify}`);
  core = createCore({ home: box.home, adminKeys: { github: TOKEN }, ...(clock ? { clock } : {}) });
  await core.start({ engine: true });
  return core;
}

beforeEach(async () => {
  box = createSandbox('agent-os-github-');
  github = await startFakeGithub(TOKEN);
  listener = await startListener();
  shop = writeShop();
});

afterEach(async () => {
  await core?.stop();
  core = null;
  await github.close();
  await listener.close();
  box.cleanup();
});

describe('GitHub Actions runs read with a token', () => {
  it('records every run as an external run (all pages, via Link), with status, times and a log linking to GitHub', async () => {
    // 34 older successful nightly runs, then the latest, which failed: 35 runs, two pages of 30.
    for (let i = 35; i >= 2; i--) github.addRun(REPO, 'nightly-etl.yml', { name: 'Nightly ETL', minutesAgo: i * 1440 });
    const failed = github.addRun(REPO, 'nightly-etl.yml', { name: 'Nightly ETL', minutesAgo: 60, conclusion: 'failure' });
    const c = await start();
    await waitFor('35 runs from GitHub', () => runsOf(c, ETL).length === 35, { timeoutMs: 15_000 });
    const runs = runsOf(c, ETL);
    expect(runs.every((r) => r.trigger === 'external')).toBe(true);
    expect(runs.filter((r) => r.status === 'success')).toHaveLength(34);
    expect(runs[0]).toMatchObject({
      status: 'failed',
      started_at: new Date(Date.parse(failed.run_started_at)).toISOString().replace('.000Z', 'Z'),
      error: `GitHub Actions run #35 (schedule) failed (conclusion: failure): https://github.com/${REPO}/actions/runs/${failed.id}`,
    });
    const pages = github.requests.filter((r) => r.path.endsWith('/nightly-etl.yml/runs')).map((r) => r.query.get('page') ?? '1');
    expect(pages.slice(0, 2)).toEqual(['1', '2']);
    expect(github.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    });
    const log = c.handlers['runs.get']({ id: runs[0]!.id }).log;
    expect(log).toContain(`logs and jobs: https://github.com/${REPO}/actions/runs/${failed.id}`);
    expect(log).toContain('event: schedule; branch: main');

    // The task is failing, and the failure alerted once, like any failed run.
    expect(taskOf(c, ETL)).toMatchObject({ state: 'failing', cloud: { observed: true, runnable: true } });
    await waitFor('the failure alert', () => jsonEvents(listener, 'failed', 'opened').length === 1, { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 2500)); // two more looks: no second alert, no duplicate run
    expect(jsonEvents(listener, 'failed', 'opened')).toHaveLength(1);
    expect(runsOf(c, ETL)).toHaveLength(35);
  });

  it('asks only for what is new (If-None-Match, 304), follows a run from in progress to its end, and recovers', async () => {
    github.addRun(REPO, 'nightly-etl.yml', { minutesAgo: 1500, conclusion: 'failure' });
    const c = await start();
    await waitFor('the failed run', () => taskOf(c, ETL)?.state === 'failing', { timeoutMs: 10_000 });
    await waitFor('a conditional look answered 304', () => github.requests.some((r) => r.status === 304 && r.headers['if-none-match']), { timeoutMs: 10_000 });

    const running = github.addRun(REPO, 'nightly-etl.yml', { minutesAgo: 2, status: 'in_progress', conclusion: null });
    await waitFor('the run in progress', () => runsOf(c, ETL)[0]?.status === 'running', { timeoutMs: 10_000 });
    expect(taskOf(c, ETL)?.state).toBe('running');
    github.updateRun(running.id, { status: 'completed', conclusion: 'success' });
    await waitFor('the run to end', () => runsOf(c, ETL)[0]?.status === 'success', { timeoutMs: 10_000 });
    expect(runsOf(c, ETL).map((r) => r.status)).toEqual(['success', 'failed']);
    await waitFor('the recovery', () => taskOf(c, ETL)?.state === 'ok', { timeoutMs: 5000 });
    await waitFor('the recovery alert', () => jsonEvents(listener, 'failed', 'resolved').length === 1, { timeoutMs: 10_000 });
  });

  it('shows a scheduled workflow late, then down, when GitHub shows no run for its time, and ok once one comes', async () => {
    const clock = createClock();
    clock.advance(Date.parse('2026-12-06T01:00:00Z') - Date.now()); // Sunday 01:00 UTC; the ETL runs at 02:30
    const c = await start('', clock);
    await waitFor('a first look', () => github.requests.some((r) => r.path.endsWith('/nightly-etl.yml/runs')), { timeoutMs: 10_000 });
    expect(taskOf(c, ETL)?.state).toBe('never');
    clock.advance(100 * 60_000); // 02:40: due, within GitHub's hour of grace
    await waitFor('late', () => taskOf(c, ETL)?.state === 'late', { timeoutMs: 5000 });
    clock.advance(60 * 60_000); // 03:40: past grace
    await waitFor('down', () => taskOf(c, ETL)?.state === 'down', { timeoutMs: 5000 });
    await waitFor('the down alert', () => jsonEvents(listener, 'down', 'opened').length === 1, { timeoutMs: 10_000 });
    github.addRun(REPO, 'nightly-etl.yml', { minutesAgo: 1 });
    await waitFor('ok once the run is seen', () => taskOf(c, ETL)?.state === 'ok', { timeoutMs: 10_000 });
  });

  for (const answer of [204, 200] as const) {
    it(`Run now dispatches the workflow on the default branch and observes the run it started (dispatch answered ${answer})`, async () => {
      github.dispatchAnswer = answer;
      const c = await start();
      await waitFor('a first look', () => github.requests.some((r) => r.path.endsWith('/runs')), { timeoutMs: 10_000 });
      const run = c.handlers['runs.start']({ task: ETL });
      expect(run).toMatchObject({ task: ETL, trigger: 'manual', status: 'running' });
      await waitFor('the dispatch', () => github.dispatches.length === 1, { timeoutMs: 5000 });
      const dispatch = github.dispatches[0]!;
      expect(dispatch).toMatchObject({ repo: REPO, workflow: 'nightly-etl.yml', body: { ref: 'main', return_run_details: true } });
      // GitHub queues it, then it completes: both looks land on the run Run now made, not on a new one.
      await waitFor('a look at the queued run', () => github.requests.filter((r) => r.path.endsWith('/nightly-etl.yml/runs')).length >= 3, {
        timeoutMs: 10_000,
      });
      github.updateRun(dispatch.runId, { status: 'completed', conclusion: 'success' });
      const done = await waitFor('the manual run to end', () => runsOf(c, ETL).find((r) => r.id === run.id && r.status === 'success'), { timeoutMs: 10_000 });
      expect(done.trigger).toBe('manual');
      expect(runsOf(c, ETL)).toHaveLength(1);
      expect(c.handlers['runs.get']({ id: run.id }).log).toContain(`https://github.com/${REPO}/actions/runs/${dispatch.runId}`);
    });
  }

  it('refuses Run now without workflow_dispatch, and ends a refused dispatch as failed with GitHub’s words', async () => {
    const c = await start();
    expect(() => c.handlers['runs.start']({ task: 'shop/github-monthly-invoices' })).toThrow(/no workflow_dispatch trigger/);
    github.hide(REPO);
    const run = c.handlers['runs.start']({ task: ETL });
    const ended = await waitFor('the refused dispatch', () => runsOf(c, ETL).find((r) => r.id === run.id && r.status === 'failed'), { timeoutMs: 5000 });
    expect(ended.error).toMatch(/^could not dispatch: GitHub answers 404 for the repository of acme\/shop: the token cannot see this repository/);
  });
});

describe('when GitHub says no', () => {
  it('says so on the task for a refused token, a private repository, a rate limit, GitHub down and no network, and keeps going', async () => {
    github.addRun(REPO, 'nightly-etl.yml', { minutesAgo: 30 });
    const c = await start();
    await waitFor('the first run', () => runsOf(c, ETL).length === 1, { timeoutMs: 10_000 });

    // Both workflows are looked at each time: both hear the 502.
    github.failNext([
      { status: 502, message: 'Bad Gateway' },
      { status: 502, message: 'Bad Gateway' },
    ]);
    await waitFor('the 502 note', () => /GitHub answered 502 for the runs of nightly-etl\.yml; Agent OS tries again later/.test(taskOf(c, ETL)?.note ?? ''), {
      timeoutMs: 10_000,
    });
    await waitFor('the note to clear once GitHub answers', () => taskOf(c, ETL)?.note === null, { timeoutMs: 10_000 });

    github.failNext([{ status: 403, rateLimitResetIn: 3 }]);
    await waitFor('the rate-limit note', () => /^GitHub's rate limit is reached .*; Agent OS looks again after /.test(taskOf(c, ETL)?.note ?? ''), {
      timeoutMs: 10_000,
    });
    const limitedAt = github.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // within the reset: no calls at all
    expect(github.requests.length).toBe(limitedAt);
    await waitFor('looks to resume after the reset', () => github.requests.length > limitedAt, { timeoutMs: 10_000 });

    github.hide(REPO);
    await waitFor(
      'the 404 note',
      () =>
        /GitHub answers 404 for the runs of nightly-etl\.yml of acme\/shop: the token cannot see this repository \(private\? give the token access to it\)/.test(
          taskOf(c, ETL)?.note ?? '',
        ),
      {
        timeoutMs: 10_000,
      },
    );
    await github.close();
    await waitFor('the offline note', () => /^GitHub could not be reached \(\w+\); check the network or github\.api_url$/.test(taskOf(c, ETL)?.note ?? ''), {
      timeoutMs: 10_000,
    });
    // Through all of it the task kept its last real state and run.
    expect(taskOf(c, ETL)).toMatchObject({ state: 'ok', last_run: { status: 'success', trigger: 'external' } });
    github = await startFakeGithub(TOKEN); // for afterEach
  });

  it('says a wrong token was refused', async () => {
    await github.close();
    github = await startFakeGithub('another-token');
    const c = await start();
    await waitFor('the 401 note', () => taskOf(c, ETL)?.note === 'GitHub refused the token (401 Bad credentials); check AGENT_OS_GITHUB_TOKEN', {
      timeoutMs: 10_000,
    });
  });

  it('names the missing repository setting for a folder without a git remote', async () => {
    execFileSync('git', ['-C', shop, 'remote', 'remove', 'origin']);
    const c = await start();
    await waitFor('the note', () => (taskOf(c, ETL)?.note ?? '').includes('set github.repos.shop: owner/repo in config.yml'), { timeoutMs: 10_000 });
    await c.stop();
    core = null;
    // Named in config.yml, the repository is read without a remote.
    github.addRun(REPO, 'nightly-etl.yml', { minutesAgo: 5 });
    const again = await start(`  repos:\n    shop: ${REPO}\n`);
    await waitFor('the run, read through github.repos', () => runsOf(again, ETL).length === 1, { timeoutMs: 10_000 });
    expect(taskOf(again, ETL)?.note).toBeNull();
  });
});

describe('the GitHub token', () => {
  it('appears in no file under the home and no answer', async () => {
    github.addRun(REPO, 'nightly-etl.yml', { minutesAgo: 90, conclusion: 'failure' });
    const c = await start();
    await waitFor('the run', () => runsOf(c, ETL).length === 1, { timeoutMs: 10_000 });
    await waitFor('the alert', () => jsonEvents(listener, 'failed', 'opened').length === 1, { timeoutMs: 10_000 });
    core = null; // stopped by the check
    await expectTokenKeptOut(c, box.home, ETL, TOKEN, listener);
  });
});
