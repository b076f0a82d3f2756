// Acceptance (issue 10) through the CLI, with no server running: `agent-os run trading/volatility_check
// --wait` returns once its own run ends, and the run it triggers in cortana goes on in a detached worker to
// its end with the upstream result; a refused trigger shows in `projects --json`; a status report shows in
// `status --json`. Real CLI processes on a temp home.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, listRuns, runCli, type ProjectRow, type ResultRow, type StatusDoc } from '../helpers/cli';
import { ANY_PORT, startServe } from '../helpers/engine';
import { createSandbox, waitFor, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { COPY_TRIGGER_SCRIPT, SPIKE_TRIGGER, writeSignal, writeTradingAndCortana } from '../helpers/workflows';

/** `status --json` with the projects' health (SPEC §3 `status`; an extra field of §10). */
interface StatusWithHealth {
  projects: Array<StatusDoc['projects'][number] & { health?: { state: string; message: string | null; error: string | null } | null }>;
}

let box: Sandbox;
let release = '';

beforeAll(() => {
  box = createSandbox('agent-os-cli-workflows-');
  release = join(box.root, 'release');
  const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER });
  // The triggered task holds on until the test releases it, so it is still going when the CLI returns.
  writeFileSync(join(cortana, 'copy-trigger.sh'), `while [ ! -f ${release} ]; do sleep 0.05; done\n${COPY_TRIGGER_SCRIPT}`);
  writeSignal(trading, { spike: true, vix: 41.2 });
  writeConfig(box.home, [trading, cortana, writeShop(box.root)]);
});

/** `shop`, whose status command reports degraded. */
function writeShop(root: string): string {
  const shop = writeProject(root, 'shop', {
    manifest: 'name: shop\ntasks:\n  web:\n    command: ["true"]\nstatus:\n  command: ["sh", "status.sh"]\n  every: 1d\n',
  });
  writeFileSync(join(shop, 'status.sh'), `echo checking\necho '${JSON.stringify({ state: 'degraded', message: 'slow checkout' })}'\n`);
  return shop;
}

const shopHealth = async (home: string): Promise<unknown> =>
  (await cliJson<StatusWithHealth>(['status', '--json'], { home })).projects.find((p) => p.name === 'shop')?.health;

afterAll(async () => {
  if (!existsSync(release)) writeFileSync(release, '');
  // The detached worker must be done with the home before it is removed.
  await waitFor('no run of the home still going', async () => (await listRuns(box.home)).every((r) => r.finished_at !== null), { timeoutMs: 20_000 }).catch(
    () => undefined,
  );
  box.cleanup();
});

describe('agent-os run with a trigger, without a server', () => {
  it('returns when trading/volatility_check ends, and the triggered cortana/query_memories still runs to its end in a detached worker', async () => {
    const result = await runCli(['run', 'trading/volatility_check', '--wait'], { home: box.home, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('checked volatility');

    // The CLI has exited while the triggered run is still held: it was handed on, not waited for or dropped.
    const [pending] = await listRuns(box.home, ['--task', 'cortana/query_memories']);
    expect(pending).toMatchObject({ task: 'cortana/query_memories', trigger: 'trigger', finished_at: null });
    expect(['queued', 'running']).toContain(pending?.status);

    writeFileSync(release, '');
    const done = await waitFor('the triggered run to finish', async () => {
      const [latest] = await listRuns(box.home, ['--task', 'cortana/query_memories']);
      return latest?.finished_at ? latest : undefined;
    });
    expect(done).toMatchObject({ id: pending?.id, status: 'success', trigger: 'trigger', exit_code: 0 });

    const upstream = await cliJson<ResultRow[]>(['results', 'trading/volatility_check', '--json'], { home: box.home });
    const downstream = await cliJson<ResultRow[]>(['results', 'cortana/query_memories', '--json'], { home: box.home });
    expect(upstream.map((r) => r.data)).toEqual([{ spike: true, vix: 41.2 }]);
    expect(downstream.map((r) => r.data)).toEqual([{ received: { spike: true, vix: 41.2 } }]);
  });
});

describe('agent-os projects --json with a refused trigger', () => {
  it('lists the declaring project as invalid with an error naming the target and saying to add triggerable_by', async () => {
    const other = createSandbox('agent-os-cli-refused-');
    try {
      const { trading, cortana } = writeTradingAndCortana(other.root, { triggers: SPIKE_TRIGGER, queryMemories: '' });
      writeConfig(other.home, [trading, cortana]);

      const projects = await cliJson<ProjectRow[]>(['projects', '--json'], { home: other.home });

      const declaring = projects.find((p) => p.name === 'trading');
      expect(declaring?.state).toBe('invalid');
      expect(declaring?.errors.map((e) => e.message).join('\n')).toMatch(/cortana\/query_memories.*triggerable_by: \[trading\]/);
      expect(projects.find((p) => p.name === 'cortana')?.state).toBe('ok');
    } finally {
      other.cleanup();
    }
  });
});

describe('agent-os status --json with a status command', () => {
  it("shows the project's reported health after `agent-os run shop/_status --wait`", async () => {
    const result = await runCli(['run', 'shop/_status', '--wait'], { home: box.home });
    expect(result.code, result.stderr).toBe(0);

    expect(await shopHealth(box.home)).toMatchObject({ state: 'degraded', message: 'slow checkout', error: null });
  });

  it('runs shop/_status the same way while `agent-os serve` runs (the CLI then goes through the HTTP API)', async () => {
    const other = createSandbox('agent-os-cli-status-serve-');
    writeConfig(other.home, [writeShop(other.root)], ANY_PORT);
    const serve = await startServe(other.home);
    try {
      const result = await runCli(['run', 'shop/_status', '--wait'], { home: other.home });
      expect(result.code, result.stderr).toBe(0);

      expect(await shopHealth(other.home)).toMatchObject({ state: 'degraded', message: 'slow checkout', error: null });
    } finally {
      await serve.stop();
      other.cleanup();
    }
  });
});
