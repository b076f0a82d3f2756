// Issue 22 §3: `agent-os logs` prints a task's terminal control sequences as text, so a task cannot set the
// user's clipboard (OSC 52), clear the screen or retitle the terminal through it; `--raw` keeps the bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;
let runId = 0;
// OSC 52 (clipboard), CSI 2J + CSI H (clear screen, home), OSC 0 (window title), a C1 CSI, a BEL, some UTF-8.
const PRINTF = String.raw`printf 'before\033]52;c;ZXZpbA==\007\033[2J\033[H\033]0;owned\007\302\2335mæøå after\n'`;

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'p', { manifest: `name: p\ntasks:\n  noisy:\n    command: ${JSON.stringify(PRINTF)}\n` });
  writeConfig(box.home, [dir]);
  const run = await runCli(['run', 'p/noisy', '--wait'], { home: box.home });
  expect(run.code).toBe(0);
  const runs = await runCli(['runs', '--json'], { home: box.home });
  runId = (JSON.parse(runs.stdout) as Array<{ id: number }>)[0]!.id;
});

afterAll(() => box.cleanup());

describe('agent-os logs on a terminal', () => {
  it('shows escape sequences as text instead of sending them to the terminal', async () => {
    const { stdout, code } = await runCli(['logs', String(runId)], { home: box.home });
    expect(code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(stdout).toBe('before^[]52;c;ZXZpbA==^G^[[2J^[[H^[]0;owned^G<U+009B>5mæøå after\n');
  });

  it('does the same while following a run', async () => {
    const { stdout } = await runCli(['logs', String(runId), '--follow'], { home: box.home });
    expect(stdout).toBe('before^[]52;c;ZXZpbA==^G^[[2J^[[H^[]0;owned^G<U+009B>5mæøå after\n');
  });

  it('prints the bytes as they are with --raw', async () => {
    const { stdout } = await runCli(['logs', String(runId), '--raw'], { home: box.home });
    expect(stdout).toBe('before\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u001b[H\u001b]0;owned\u0007\u009b5mæøå after\n');
  });
});
