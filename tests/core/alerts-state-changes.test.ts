// Alerts fire on state changes, not on every failed run (SPEC §7): one failure notice per channel, one
// recovery notice, reminders at the configured interval while still failing, and manifest alerts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertWithDeliveries } from '../../src-main/common/alerts';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { manifest } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';
import { channelOf, jsonEvents, notifyConfig, writeToggleProject } from '../helpers/listener';

const bed = useAlertBed();
const { listen } = bed;
const engine = (): Promise<Core> => bed.engine();

const alertsOf = (core: Core, kind: string, subject: string): AlertWithDeliveries[] =>
  core.handlers['alerts.list']({ limit: 1000 }).filter((a) => a.kind === kind && a.subject === subject);

describe('alerts on task state changes', () => {
  it('sends one failure notice per channel for three failures in a row and one recovery notice when it next succeeds', async () => {
    const json = await listen();
    const discord = await listen();
    const project = writeToggleProject(bed.box.root, 'shop');
    writeConfig(
      bed.box.home,
      [project.dir],
      notifyConfig([
        { kind: 'json', url: json.url('/hooks/json-abc') },
        { kind: 'discord', url: discord.url('/api/webhooks/1/tok') },
      ]),
    );
    const core = await engine();
    const raised: number[] = [];
    const resolved: number[] = [];
    core.events.on('alert.raised', ({ alert }) => raised.push(alert.id));
    core.events.on('alert.resolved', ({ alert }) => resolved.push(alert.id));

    for (let i = 0; i < 3; i++) expect((await runTask(core, project.task)).run.status).toBe('failed');
    await json.waitForRequests(1, 'the failure notice on the JSON channel');
    await discord.waitForRequests(1, 'the failure notice on the Discord channel');

    project.failing(false);
    expect((await runTask(core, project.task)).run.status).toBe('success');
    // The recovery is queued after the failure notices, so once it arrived any duplicate would have too.
    await json.waitForRequests(1, 'the recovery notice on the JSON channel', (r) => (r.json as { event?: string }).event === 'resolved');
    await discord.waitForRequests(2, 'the recovery notice on the Discord channel');
    const [alert] = alertsOf(core, 'failed', project.task);
    if (!alert) throw new Error('no failed alert for shop/nightly');
    await waitFor('every delivery of the alert to be sent', () => alertsOf(core, 'failed', project.task)[0]?.deliveries.every((d) => d.status === 'sent'));

    expect(jsonEvents(json, 'failed', 'opened')).toHaveLength(1);
    expect(jsonEvents(json, 'failed', 'resolved')).toHaveLength(1);
    expect(json.requests).toHaveLength(2);
    expect(discord.requests).toHaveLength(2);
    const [opened, recovered] = discord.requests.map((r) => (r.json as { content: string }).content);
    expect(opened).toContain('shop/nightly');
    expect(opened).not.toMatch(/recover/i);
    expect(recovered).toMatch(/recover/i);

    expect(alertsOf(core, 'failed', project.task)).toHaveLength(1);
    const stored = alertsOf(core, 'failed', project.task)[0];
    expect(stored?.state).toBe('resolved');
    const byChannel = (channel: string): string[] => (stored?.deliveries ?? []).filter((d) => d.channel === channel).map((d) => d.event);
    expect(byChannel(channelOf(core, json))).toEqual(['opened', 'resolved']);
    expect(byChannel(channelOf(core, discord))).toEqual(['opened', 'resolved']);
    expect(raised).toEqual([alert.id]);
    expect(resolved).toEqual([alert.id]);
  });

  it('reminds each channel once per reminder interval while the task is still failing, and stops once it recovers', async () => {
    const json = await listen();
    const discord = await listen();
    const project = writeToggleProject(bed.box.root, 'shop');
    // 0.0005 h = 1.8 s between reminders.
    const intervalMs = 0.0005 * 3_600_000;
    writeConfig(
      bed.box.home,
      [project.dir],
      notifyConfig(
        [
          { kind: 'json', url: json.url('/hooks/json-abc') },
          { kind: 'discord', url: discord.url('/api/webhooks/1/tok') },
        ],
        { reminder_hours: 0.0005 },
      ),
    );
    const core = await engine();

    expect((await runTask(core, project.task)).run.status).toBe('failed');
    await json.waitForRequests(2, 'two reminders on the JSON channel', (r) => (r.json as { event?: string }).event === 'reminder');
    await discord.waitForRequests(2, 'two reminders on the Discord channel', (r) => /still failing/i.test((r.json as { content?: string }).content ?? ''));

    project.failing(false);
    expect((await runTask(core, project.task)).run.status).toBe('success');
    await json.waitForRequests(1, 'the recovery notice', (r) => (r.json as { event?: string }).event === 'resolved');
    await waitFor('every delivery to be sent', () => alertsOf(core, 'failed', project.task)[0]?.deliveries.every((d) => d.status === 'sent'));

    const alert = alertsOf(core, 'failed', project.task)[0];
    if (!alert?.resolved_at) throw new Error('the failed alert was not resolved');
    const reminders = alert.deliveries.filter((d) => d.event === 'reminder');
    // Each reminder round queues exactly one delivery per channel, at one instant.
    const rounds = [...new Set(reminders.map((d) => d.created_at))].sort();
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    for (const at of rounds) {
      expect(
        reminders
          .filter((d) => d.created_at === at)
          .map((d) => d.channel)
          .sort(),
      ).toEqual([channelOf(core, discord), channelOf(core, json)].sort());
    }
    // Never more than one round per interval, counted from the alert's opening.
    const times = [alert.opened_at, ...rounds].map((t) => Date.parse(t));
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(intervalMs);
    // No reminder after the recovery.
    expect(rounds.every((at) => at <= (alert.resolved_at ?? ''))).toBe(true);
    expect(jsonEvents(json, 'failed', 'reminder')).toHaveLength(rounds.length);
    expect(jsonEvents(json, 'failed', 'opened')).toHaveLength(1);
  });
});

describe('alerts on manifest validity', () => {
  const good = manifest('lab', { hello: ['command: ["true"]'] });

  it('raises one invalid_manifest alert for a broken agent-os.yml and resolves it when the file is fixed', async () => {
    const json = await listen();
    const dir = writeProject(bed.box.root, 'lab', { manifest: 'name: lab\ntasks:\n  hello:\n    command: 42\n' });
    writeConfig(bed.box.home, [dir], notifyConfig([{ kind: 'json', url: json.url('/hooks/json-abc') }]));
    const core = await engine();

    await json.waitForRequests(1, 'the invalid manifest notice', (r) => (r.json as { event?: string }).event === 'opened');
    const [first] = alertsOf(core, 'invalid_manifest', 'lab');
    expect(first?.state).toBe('open');
    expect(first?.detail).toContain('agent-os.yml');

    // Still invalid, differently: the same condition, so no second alert.
    writeFileSync(join(dir, 'agent-os.yml'), 'name: lab\ntasks:\n  hello:\n    command: ["true"]\n    timeout: soon\n');
    await waitFor('the changed manifest to be read', () =>
      core.handlers['projects.list']()
        .find((p) => p.name === 'lab')
        ?.errors.some((e) => e.path.includes('timeout')),
    );

    writeFileSync(join(dir, 'agent-os.yml'), good);
    await waitFor('the alert to resolve', () => alertsOf(core, 'invalid_manifest', 'lab').every((a) => a.state === 'resolved'));
    await json.waitForRequests(1, 'the resolved notice', (r) => (r.json as { event?: string }).event === 'resolved');

    const alerts = alertsOf(core, 'invalid_manifest', 'lab');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.id).toBe(first?.id);
    expect(jsonEvents(json, 'invalid_manifest', 'opened')).toHaveLength(1);
    expect(jsonEvents(json, 'invalid_manifest', 'resolved')).toHaveLength(1);
  });
});
