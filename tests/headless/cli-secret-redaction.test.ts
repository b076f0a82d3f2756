// Acceptance: a project's secrets and known key shapes never reach any file of the Agent OS home —
// not the run log, the database (with its -wal and -shm), nor the app log (SPEC §1, §4).
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, listRuns, runCli, type CliResult } from '../helpers/cli';
import { dbPath } from '../helpers/db';
import { createSandbox, filesContaining, filesUnder, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const SERVICE_TOKEN = 'tok_9f8e7d6c5b4a3f2e1d0c8b7a';
const RANDOM_LOOKING = 'Zq8vN3mK7pL2wX9rT4yB6cH1';
const OPENAI_FROM_ENV = 'sk-proj-EnvKey0123456789abcdefXYZ';
const PRINTED_SHAPES = ['sk-proj-AbCdEf0123456789GhIjKlMn', 'sk-ant-api03-ZyXwVu9876543210TsRqPo-abc'];
const SECRETS = [SERVICE_TOKEN, RANDOM_LOOKING, OPENAI_FROM_ENV, ...PRINTED_SHAPES];

// Writes the first half of a secret, pauses (so the halves reach Agent OS as two pipe chunks), then the
// rest. With SPLIT_STDERR set, a line goes to stderr while the first half is still waiting for the rest.
const SPLIT_SCRIPT = `half=$(( \${#SERVICE_TOKEN} / 2 ))
printf 'split across chunks: %s' "$(printf '%s' "$SERVICE_TOKEN" | cut -c1-$half)"
if [ -n "$SPLIT_STDERR" ]; then echo 'progress on stderr' >&2; fi
sleep 0.5
printf '%s end\\n' "$(printf '%s' "$SERVICE_TOKEN" | cut -c$((half + 1))-)"
`;

// Prints every secret to stdout and stderr and reports them through AGENT_OS_OUTPUT as result data, a
// result key, a metric name and a cost's model.
const LEAK_SCRIPT = `echo "stdout token: $SERVICE_TOKEN"
echo "stderr token: $SERVICE_TOKEN" >&2
echo "random-looking value: $RANDOM_LOOKING"
echo "stderr openai key: $OPENAI_API_KEY" >&2
echo "shapes: ${PRINTED_SHAPES.join(' and ')}"
echo "stderr shape: ${PRINTED_SHAPES[1]}" >&2
echo "{\\"type\\":\\"result\\",\\"key\\":\\"$RANDOM_LOOKING\\",\\"token\\":\\"$SERVICE_TOKEN\\",\\"shape\\":\\"${PRINTED_SHAPES[0]}\\"}" >> "$AGENT_OS_OUTPUT"
echo "{\\"type\\":\\"result\\",\\"note\\":\\"$OPENAI_API_KEY\\"}" >> "$AGENT_OS_OUTPUT"
echo "{\\"type\\":\\"metric\\",\\"name\\":\\"$SERVICE_TOKEN\\",\\"value\\":1}" >> "$AGENT_OS_OUTPUT"
echo "{\\"type\\":\\"cost\\",\\"usd\\":0.01,\\"provider\\":\\"openai\\",\\"model\\":\\"$SERVICE_TOKEN\\"}" >> "$AGENT_OS_OUTPUT"
`;

let box: Sandbox;
const outputs: CliResult[] = [];
let homeFilesWhileOpen: string[] = [];
let leaksWhileOpen: Array<[string, string[]]> = [];

beforeAll(async () => {
  box = createSandbox();
  const dir = writeProject(box.root, 'vault', {
    manifest: `name: vault
tasks:
  leak:
    command: ["sh", "leak.sh"]
  split:
    command: ["sh", "split.sh"]
  interleave:
    command: ["sh", "split.sh"]
    env: { SPLIT_STDERR: "yes" }
  crash:
    # The last line becomes the run's error summary in the database.
    command: 'echo "fatal: could not log in with $SERVICE_TOKEN" >&2; exit 1'
`,
    env: { SERVICE_TOKEN, RANDOM_LOOKING, OPENAI_API_KEY: OPENAI_FROM_ENV },
  });
  writeFileSync(join(dir, 'leak.sh'), LEAK_SCRIPT);
  writeFileSync(join(dir, 'split.sh'), SPLIT_SCRIPT);
  writeConfig(box.home, [dir]);
  await cliJson(['status', '--json'], { home: box.home });
  // Holding a connection open keeps the -wal and -shm files (and what the CLI wrote into them) on disk.
  const reader = new Database(dbPath(box.home));
  reader.prepare('SELECT COUNT(*) FROM runs').get();
  try {
    outputs.push(await runCli(['run', 'vault/leak', '--wait'], { home: box.home }));
    outputs.push(await runCli(['run', 'vault/crash', '--wait'], { home: box.home }));
    outputs.push(await runCli(['run', 'vault/split', '--wait'], { home: box.home }));
    for (const command of [
      ['runs', '--json'],
      ['status', '--json'],
      ['results', 'vault/leak', '--json'],
      ['logs', '1'],
      ['logs', '2'],
      ['logs', '3'],
    ]) {
      outputs.push(await runCli(command, { home: box.home }));
    }
    homeFilesWhileOpen = filesUnder(box.home);
    leaksWhileOpen = SECRETS.map((s) => [s, filesContaining(box.home, s)]);
  } finally {
    reader.close();
  }
}, 60_000);

afterAll(() => box.cleanup());

describe('secret redaction', () => {
  it('ran the tasks: the leaky and the split ones succeed, the crashing one fails', async () => {
    expect(outputs[0]?.code, outputs[0]?.stderr).toBe(0);
    expect(outputs[1]?.code).toBe(1);
    const runs = await listRuns(box.home);
    expect(runs.map((r) => [r.task, r.status])).toEqual([
      ['vault/split', 'success'],
      ['vault/crash', 'failed'],
      ['vault/leak', 'success'],
    ]);
  });

  it('searched the database, its -wal and -shm, the run logs and the app log', () => {
    const names = homeFilesWhileOpen.map((f) => f.slice(box.home.length + 1));
    expect(names).toEqual(
      expect.arrayContaining(['agent-os.db', 'agent-os.db-wal', 'agent-os.db-shm', 'logs/app.log', 'logs/runs/1.log', 'logs/runs/2.log', 'logs/runs/3.log']),
    );
  });

  it('writes no secret into any file under the home while the database is open', () => {
    expect(leaksWhileOpen).toEqual(SECRETS.map((s) => [s, []]));
  });

  it('writes no secret into any file under the home after every process has closed it', () => {
    expect(SECRETS.map((s) => [s, filesContaining(box.home, s)])).toEqual(SECRETS.map((s) => [s, []]));
  });

  it('redacts every secret printed to stdout or stderr in the run log', async () => {
    const log = await runCli(['logs', '1'], { home: box.home });
    expect(log.stdout).toContain('stdout token: [REDACTED]');
    expect(log.stdout).toContain('stderr token: [REDACTED]');
    expect(log.stdout).toContain('stderr openai key: [REDACTED]');
    expect(log.stdout).toContain('random-looking value: [REDACTED]');
    expect(log.stdout).toContain('shapes: [REDACTED] and [REDACTED]');
    expect(log.stdout).toContain('stderr shape: [REDACTED]');
  });

  it('redacts a secret that arrives split across two stdout chunks', async () => {
    const log = await runCli(['logs', '3'], { home: box.home });
    expect(log.stdout).toContain('split across chunks: [REDACTED] end');
  });

  it('redacts a secret split across two stdout chunks even when stderr prints in between', async () => {
    const result = await runCli(['run', 'vault/interleave', '--wait'], { home: box.home });
    expect(result.code, result.stderr).toBe(0);
    const firstHalf = SERVICE_TOKEN.slice(0, Math.floor(SERVICE_TOKEN.length / 2));
    const [latest] = await listRuns(box.home, ['--task', 'vault/interleave']);
    const log = await runCli(['logs', String(latest?.id)], { home: box.home });
    expect(log.stdout).toContain('progress on stderr');
    expect(log.stdout).toContain('[REDACTED]');
    // Half a secret is half of it leaked: neither half may reach the log.
    expect(filesContaining(box.home, firstHalf)).toEqual([]);
  });

  it('prints no secret on any CLI output either', () => {
    for (const out of outputs) for (const secret of SECRETS) expect(out.stdout + out.stderr).not.toContain(secret);
  });

  it('keeps the redacted result, still readable, instead of dropping it', async () => {
    const results = await cliJson<Array<{ key: string | null; data: Record<string, unknown> }>>(['results', 'vault/leak', '--json'], { home: box.home });
    expect(results).toHaveLength(2);
    expect(results.find((r) => r.key !== null)?.data).toEqual({ token: '[REDACTED]', shape: '[REDACTED]' });
  });
});
