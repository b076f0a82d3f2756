// Acceptance: an invalid manifest lists every mistake at once (path + message), never takes the other
// projects down, and its tasks refuse to run with one clear line (SPEC §3, §10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli, type ProjectRow, type StatusDoc } from '../helpers/cli';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

let box: Sandbox;

beforeAll(() => {
  box = createSandbox();
  const good = writeProject(box.root, 'good', {
    manifest: 'name: good\ntasks:\n  hello:\n    command: ["echo", "hello from good"]\n  nightly:\n    command: ["true"]\n    schedule: "0 3 * * *"\n',
  });
  const broken = writeProject(box.root, 'broken', {
    manifest: `name: broken
colour: red
tasks:
  a:
    command: ["true"]
    timeout: soon
  b:
    command: ["true"]
    schedule: "61 * * * *"
  c:
    timeout: 5m
  d:
    command: ["true"]
    overlap: sometimes
  e:
    command: ["true"]
    retries: many
`,
  });
  const mixed = writeProject(box.root, 'mixed', {
    manifest: `name: mixed
tasks:
  all_wrong:
    timeout: soon
    overlap: sometimes
    schedule: "61 * * * *"
    colour: blue
`,
  });
  const notYaml = writeProject(box.root, 'notyaml', { manifest: 'name: notyaml\ntasks:\n  a:\n    command: ["true"\n  b: [\n' });
  writeConfig(box.home, [good, broken, mixed, notYaml]);
});

afterAll(() => box.cleanup());

const projects = (): Promise<ProjectRow[]> => cliJson<ProjectRow[]>(['projects', '--json'], { home: box.home });
const project = async (name: string): Promise<ProjectRow> => {
  const found = (await projects()).find((p) => p.name === name);
  if (!found) throw new Error(`projects --json does not list ${name}`);
  return found;
};

describe('invalid manifests', () => {
  it('lists every mistake of an invalid manifest at once, each with its path and message', async () => {
    const broken = await project('broken');
    expect(broken.state).toBe('invalid');
    expect(broken.tasks).toEqual([]);
    const byPath = new Map(broken.errors.map((e) => [e.path, e.message]));
    expect([...byPath.keys()].sort()).toEqual(['colour', 'tasks.a.timeout', 'tasks.b.schedule', 'tasks.c', 'tasks.d.overlap', 'tasks.e.retries']);
    expect(byPath.get('colour')).toMatch(/unknown field "colour"/);
    expect(byPath.get('tasks.a.timeout')).toMatch(/duration.*"soon"/);
    expect(byPath.get('tasks.b.schedule')).toMatch(/cron.*"61 \* \* \* \*"/);
    expect(byPath.get('tasks.c')).toMatch(/command/);
    expect(byPath.get('tasks.d.overlap')).toMatch(/skip.*queue.*allow.*"sometimes"/);
    expect(byPath.get('tasks.e.retries')).toMatch(/number.*"many"/);
    for (const error of broken.errors) expect(error.message.length).toBeGreaterThan(10);
  });

  it('lists a missing command together with the other mistakes of the same task', async () => {
    const mixed = await project('mixed');
    expect(mixed.state).toBe('invalid');
    const paths = mixed.errors.map((e) => e.path).sort();
    expect(paths).toEqual(['tasks.all_wrong', 'tasks.all_wrong.colour', 'tasks.all_wrong.overlap', 'tasks.all_wrong.schedule', 'tasks.all_wrong.timeout']);
    expect(mixed.errors.find((e) => e.path === 'tasks.all_wrong')?.message).toMatch(/command/);
  });

  it('marks a manifest that is not valid YAML as invalid, with the line of the mistake', async () => {
    const notYaml = await project('notyaml');
    expect(notYaml.state).toBe('invalid');
    expect(notYaml.errors.length).toBeGreaterThan(0);
    expect(notYaml.errors[0]?.message).toMatch(/YAML/);
    expect(notYaml.errors[0]?.line).toBeGreaterThan(0);
  });

  it('keeps listing the valid project with its tasks', async () => {
    const good = await project('good');
    expect(good).toMatchObject({ state: 'ok', errors: [], tasks: ['good/hello', 'good/nightly'] });
  });

  it("still answers status --json, with the valid projects' tasks and the invalid ones' errors", async () => {
    const status = await cliJson<StatusDoc>(['status', '--json'], { home: box.home });
    const good = status.projects.find((p) => p.name === 'good');
    expect(good?.state).toBe('ok');
    expect(good?.tasks.map((t) => t.id)).toEqual(['good/hello', 'good/nightly']);
    expect(good?.tasks.every((t) => t.kind === 'command' && t.state === 'never' && t.last_run === null)).toBe(true);
    const broken = status.projects.find((p) => p.name === 'broken');
    expect(broken?.state).toBe('invalid');
    expect(broken?.errors.length).toBe(6);
  });

  it('still runs the tasks of the valid project', async () => {
    const result = await runCli(['run', 'good/hello', '--wait'], { home: box.home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('hello from good');
  });

  it('refuses to run a task of the invalid project with one line on stderr and a non-zero exit', async () => {
    const result = await runCli(['run', 'broken/a', '--wait'], { home: box.home });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/broken.*invalid/);
  });
});
