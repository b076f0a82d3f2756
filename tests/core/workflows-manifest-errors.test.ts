// Acceptance (issue 10, SPEC §3 `triggerable_by`): triggers are checked across manifests when they load. A
// target that does not allow the source project, and a cycle of triggers across two manifests, are refused
// as errors on the declaring manifest (which is then invalid, as `projects --json` shows), never at run time.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../src-main/common/models';
import type { Core } from '../../src-main/core';
import { coreRuns, startEngine } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';
import { SPIKE_TRIGGER, writeSignal, writeTradingAndCortana } from '../helpers/workflows';

let box: Sandbox;
let core: Core | null = null;

beforeEach(() => {
  box = createSandbox('agent-os-trigger-errors-');
});

afterEach(async () => {
  await core?.stop();
  core = null;
  box.cleanup();
});

const project = (name: string): ProjectInfo => {
  const found = core?.handlers['projects.list']().find((p) => p.name === name);
  if (!found) throw new Error(`no project ${name}`);
  return found;
};

describe('a target without triggerable_by for the source', () => {
  it('makes the declaring manifest invalid with an error that names the target and says to add triggerable_by', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER, queryMemories: '' });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const declaring = project('trading');
    expect(declaring.state).toBe('invalid');
    expect(declaring.errors).toHaveLength(1);
    const [error] = declaring.errors;
    expect(error?.path).toBe('triggers.0.run');
    expect(error?.message).toContain('cortana/query_memories');
    expect(error?.message).toMatch(/add `?triggerable_by: \[trading\]`?/);
    // The target's own manifest is fine: the error belongs to the manifest that declared the trigger.
    expect(project('cortana')).toMatchObject({ state: 'ok', errors: [] });
    expect(() => core?.handlers['runs.start']({ task: 'trading/volatility_check' })).toThrow(/invalid agent-os\.yml/);
  });

  it('allows the trigger once the target lists the source project, and it then fires', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, { triggers: SPIKE_TRIGGER, queryMemories: '    triggerable_by: [ops]\n' });
    writeSignal(trading, { spike: true });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);
    expect(
      project('trading')
        .errors.map((e) => e.message)
        .join('\n'),
    ).toMatch(/cortana\/query_memories does not allow trading/);

    // A longer file than before, so the change is seen whatever the file system's mtime resolution.
    writeFileSync(
      join(cortana, 'agent-os.yml'),
      'name: cortana\ntasks:\n  query_memories:\n    command: ["sh", "copy-trigger.sh"]\n    triggerable_by: [ops, trading]\n',
    );
    core.reload();

    expect(project('trading')).toMatchObject({ state: 'ok', errors: [] });
    const started = core.handlers['runs.start']({ task: 'trading/volatility_check' });
    await core.handlers['runs.wait']({ id: started.id });
    await core.idle();
    expect(coreRuns(core, 'cortana/query_memories').map((r) => [r.status, r.triggered_by])).toEqual([['success', started.id]]);
  });

  it('always lets a project trigger its own tasks without triggerable_by', async () => {
    const dir = writeProject(box.root, 'solo', {
      manifest: 'name: solo\ntasks:\n  a:\n    command: ["true"]\n  b:\n    command: ["true"]\ntriggers:\n  - on: { task: a }\n    run: solo/b\n',
    });
    writeConfig(box.home, [dir]);
    core = await startEngine(box.home);

    expect(project('solo')).toMatchObject({ state: 'ok', errors: [] });
  });
});

describe('other trigger mistakes', () => {
  it('refuses a condition that does not parse and a target that does not exist, all at once, each at its path', async () => {
    const { trading, cortana } = writeTradingAndCortana(box.root, {
      triggers: `  - on: { task: volatility_check }
    when: { output: "spike == true" }
    run: cortana/query_memories
  - on: { task: volatility_check }
    when: { output: "$.vix > thirty" }
    run: cortana/query_memories
  - on: { task: volatility_check }
    run: cortana/forget_everything
`,
    });
    writeConfig(box.home, [trading, cortana]);
    core = await startEngine(box.home);

    const errors = project('trading').errors;
    expect(project('trading').state).toBe('invalid');
    expect(errors.map((e) => e.path)).toEqual(['triggers.0.when.output', 'triggers.1.when.output', 'triggers.2.run']);
    expect(errors[0]?.message).toMatch(/expected a JSONPath starting with \$.*spike == true/);
    expect(errors[1]?.message).toMatch(/expected a JSON value.*thirty/);
    expect(errors[2]?.message).toMatch(/expected an existing task, found "cortana\/forget_everything"/);
  });
});

describe('a cycle of triggers across two manifests', () => {
  it('is refused with an error naming the cycle a/x → b/y → a/x on each manifest that declares part of it', async () => {
    const a = writeProject(box.root, 'a', {
      manifest: 'name: a\ntasks:\n  x:\n    command: ["true"]\n    triggerable_by: [b]\ntriggers:\n  - on: { task: x }\n    run: b/y\n',
    });
    const b = writeProject(box.root, 'b', {
      manifest: 'name: b\ntasks:\n  y:\n    command: ["true"]\n    triggerable_by: [a]\ntriggers:\n  - on: { task: y, status: any }\n    run: a/x\n',
    });
    writeConfig(box.home, [a, b]);
    core = await startEngine(box.home);

    for (const name of ['a', 'b']) {
      const p = project(name);
      expect(p.state, name).toBe('invalid');
      const cycle = p.errors.find((e) => /cycle/.test(e.message));
      expect(cycle?.path, name).toBe('triggers.0.run');
      // Either rotation names the same loop.
      expect(cycle?.message, name).toMatch(/a\/x → b\/y → a\/x|b\/y → a\/x → b\/y/);
    }
    // Nothing of a refused cycle runs: starting x by hand is refused, so no loop can begin.
    expect(() => core?.handlers['runs.start']({ task: 'a/x' })).toThrow(/invalid agent-os\.yml/);
  });

  it('leaves other projects running', async () => {
    const a = writeProject(box.root, 'a', {
      manifest: 'name: a\ntasks:\n  x:\n    command: ["true"]\n    triggerable_by: [b]\ntriggers:\n  - on: { task: x }\n    run: b/y\n',
    });
    const b = writeProject(box.root, 'b', {
      manifest: 'name: b\ntasks:\n  y:\n    command: ["true"]\n    triggerable_by: [a]\ntriggers:\n  - on: { task: y }\n    run: a/x\n',
    });
    const c = writeProject(box.root, 'c', { manifest: 'name: c\ntasks:\n  z:\n    command: ["echo", "still here"]\n' });
    writeConfig(box.home, [a, b, c]);
    core = await startEngine(box.home);

    expect(project('c')).toMatchObject({ state: 'ok', errors: [] });
    const started = core.handlers['runs.start']({ task: 'c/z' });
    expect((await core.handlers['runs.wait']({ id: started.id })).status).toBe('success');
  });
});
