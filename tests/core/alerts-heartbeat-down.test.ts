// Issue 25 §1: a heartbeat down for want of a ping said "is down" and linked to its last good ping. It says
// how long it has been silent against what was expected: "no ping for 2m 10s, expected every 1m (grace 30s)".
import { describe, expect, it } from 'vitest';
import { useAlertBed } from '../helpers/alert-bed';
import { useAlertServer } from '../helpers/alert-server';
import { createClock, manifest } from '../helpers/engine';
import { waitFor, writeProject } from '../helpers/fixtures';
import { jsonBody } from '../helpers/listener';

const bed = useAlertBed();
const alerts = useAlertServer(bed);

describe('a heartbeat that stops pinging', () => {
  it('is down with how long it has been silent, what was expected and the grace, and no link to its last good ping', async () => {
    const hook = await bed.listen();
    const clock = createClock();
    const dir = writeProject(bed.box.root, 'nas', {
      manifest: manifest('nas', { backup: ['heartbeat: { period: 1m, grace: 30s }'], nightly: ['heartbeat: { schedule: "0 3 * * *", grace: 1h }'] }),
    });
    const server = await alerts.serve([dir], hook, clock);
    await alerts.ping('nas/backup');
    await waitFor('nas/backup to be up', async () => (await alerts.stateOf('nas/backup')) === 'ok');

    clock.advance(130_000);
    const [notice] = await hook.waitForRequests(1, 'the down notice of nas/backup', (r) => jsonBody(r).alert.subject === 'nas/backup');
    const body = jsonBody(notice as NonNullable<typeof notice>);
    expect(body.headline).toBe('nas/backup is down: no ping for 2m 10s, expected every 1m (grace 30s)');
    expect(body.alert).toMatchObject({ kind: 'down', run_id: null, detail: 'no ping for 2m 10s, expected every 1m (grace 30s)' });

    // A heartbeat on a schedule that never pinged names its schedule.
    clock.advance(26 * 3_600_000);
    const [nightly] = await hook.waitForRequests(1, 'the down notice of nas/nightly', (r) => jsonBody(r).alert.subject === 'nas/nightly');
    expect(jsonBody(nightly as NonNullable<typeof nightly>).headline).toBe('nas/nightly is down: no ping yet, expected on "0 3 * * *" (grace 1h)');
    expect(server.core.handlers['alerts.list']({}).find((a) => a.subject === 'nas/nightly')?.run_id).toBeNull();
  });
});
