// Acceptance: `agent-os serve` fires a 6-field (seconds) cron schedule on time (SPEC §3 `schedule`, §9 serve).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { ANY_PORT, manifest, startServe, storedRuns, type ServeProcess } from '../helpers/engine';

let box: Sandbox;
let serve: ServeProcess | null = null;

beforeEach(() => {
  box = createSandbox();
});

afterEach(async () => {
  await serve?.stop();
  serve = null;
  box.cleanup();
});

describe('agent-os serve with a seconds cron', () => {
  it('records at least 3 scheduled runs of a */1 * * * * * task within 6 seconds', async () => {
    const dir = writeProject(box.root, 'ticks', { manifest: manifest('ticks', { tick: ['command: ["true"]', 'schedule: "*/1 * * * * *"'] }) });
    writeConfig(box.home, [dir], ANY_PORT);
    serve = await startServe(box.home);

    const done = await waitFor(
      '3 successful scheduled runs',
      () => {
        const ok = storedRuns(box.home, 'ticks/tick').filter((r) => r.status === 'success');
        return ok.length >= 3 && ok;
      },
      { timeoutMs: 6000 },
    );

    expect(done.every((r) => r.trigger === 'schedule')).toBe(true);
    // One run per second: each is for its own whole second.
    const seconds = done.map((r) => Date.parse(r.scheduled_for ?? ''));
    expect(new Set(seconds).size).toBe(seconds.length);
    expect(seconds.every((t) => t % 1000 === 0)).toBe(true);
    expect(serve.stderr()).toBe('');
  });
});
