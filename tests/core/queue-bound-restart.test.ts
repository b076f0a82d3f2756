// Issue 22 §2: `overlap: queue` was unbounded and its whole queue was recorded `interrupted` at a stop. It
// holds at most `queue_max` (default 3) runs waiting their turn, later fires are recorded `skipped` with the
// reason, and the queue survives a restart: the next engine runs it in order.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { coreRuns, manifest, overlappingPairs, startEngine, useEngineSandbox } from '../helpers/engine';
import { waitFor, writeConfig, writeProject } from '../helpers/fixtures';

const t = useEngineSandbox();

/** A project whose task `gate` runs until a file `go` exists in its folder. */
function gated(lines: readonly string[]): string {
  const script = 'while [ ! -f go ]; do sleep 0.05; done';
  const dir = writeProject(t.box.root, 'p', {
    manifest: manifest('p', { gate: [`command: ${JSON.stringify(['sh', '-c', script])}`, 'overlap: queue', ...lines] }),
  });
  writeConfig(t.box.home, [dir]);
  return dir;
}

const runs = (core: Core): Run[] => coreRuns(core, 'p/gate');
const running = (core: Core): Promise<Run> => waitFor('a run of p/gate to be running', () => runs(core).find((r) => r.status === 'running'));

describe('overlap: queue', () => {
  it('holds at most queue_max (default 3) runs waiting and records later fires skipped with the reason', async () => {
    const dir = gated([]);
    t.core = await startEngine(t.box.home);
    const core = t.core;
    const first = core.handlers['runs.start']({ task: 'p/gate' });
    await running(core);
    const later = [1, 2, 3, 4, 5].map(() => core.handlers['runs.start']({ task: 'p/gate' }));
    expect(later.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'skipped', 'skipped']);
    expect(later[3]?.error).toBe(`skipped: queue full (queue_max 3); run #${first.id} of this task is still running`);
    writeFileSync(join(dir, 'go'), '');
    await waitFor('the queue to drain', () => runs(core).filter((r) => r.status === 'success').length === 4);
    expect(overlappingPairs(runs(core).filter((r) => r.status === 'success'))).toEqual([]);
  });

  it('takes queue_max from the manifest', async () => {
    gated(['queue_max: 1']);
    t.core = await startEngine(t.box.home);
    const core = t.core;
    core.handlers['runs.start']({ task: 'p/gate' });
    await running(core);
    const later = [1, 2].map(() => core.handlers['runs.start']({ task: 'p/gate' }));
    expect(later.map((r) => r.status)).toEqual(['queued', 'skipped']);
    expect(later[1]?.error).toMatch(/^skipped: queue full \(queue_max 1\)/);
  });

  it('keeps the queued runs across a restart and runs them in order afterwards', async () => {
    const dir = gated([]);
    let core = await startEngine(t.box.home);
    t.core = core;
    const first = core.handlers['runs.start']({ task: 'p/gate' });
    await running(core);
    const queued = [1, 2].map(() => core.handlers['runs.start']({ task: 'p/gate' }));
    await core.stop();
    t.core = null;
    // The run that was going is interrupted by the stop; the two waiting their turn are still queued.
    core = await startEngine(t.box.home);
    t.core = core;
    expect(runs(core).find((r) => r.id === first.id)?.status).toBe('interrupted');
    expect(existsSync(join(dir, 'go'))).toBe(false);
    const second = await running(core);
    expect(second.id).toBe(queued[0]?.id);
    expect(runs(core).find((r) => r.id === queued[1]?.id)?.status).toBe('queued');
    writeFileSync(join(dir, 'go'), '');
    const done = await waitFor('both queued runs to succeed', () => {
      const ok = runs(core).filter((r) => queued.some((q) => q.id === r.id) && r.status === 'success');
      return ok.length === 2 && ok;
    });
    const [a, b] = done;
    expect(a?.id).toBe(queued[0]?.id);
    expect(Date.parse(b?.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(a?.finished_at ?? ''));
  });
});
