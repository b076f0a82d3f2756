// What the cloud source tests (GitHub Actions, Railway) share: a task and its runs as the handlers answer
// them, and the check that a provider token stays Agent OS's own (no file under the home, no answer, no alert).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Core } from '../../src-main/core';
import type { Run, TaskStatus } from '../../src-main/common/models';
import { filesContaining } from './fixtures';
import type { Listener } from './listener';

/** A task as `status.get` shows it. */
export function taskOf(core: Core, id: string): TaskStatus | undefined {
  return core.handlers['status.get']()
    .projects.flatMap((p) => p.tasks)
    .find((t) => t.id === id);
}

/** A task's runs, newest first. */
export function runsOf(core: Core, id: string): Run[] {
  return core.handlers['runs.list']({ task: id, limit: 500 });
}

/**
 * Checks that `token` is in no answer about `taskId` (status, its runs, its newest run and log, settings) and no
 * alert the listener received, then stops the engine and checks no file under the home holds it.
 */
export async function expectTokenKeptOut(core: Core, home: string, taskId: string, token: string, listener: Listener): Promise<void> {
  const answers = JSON.stringify([
    core.handlers['status.get'](),
    runsOf(core, taskId),
    core.handlers['runs.get']({ id: runsOf(core, taskId)[0]!.id }),
    core.handlers['settings.get'](),
  ]);
  expect(answers).not.toContain(token);
  expect(listener.requests.map((r) => r.raw).join('\n')).not.toContain(token);
  await core.stop();
  expect(filesContaining(home, token)).toEqual([]);
  expect(readFileSync(join(home, 'config.yml'), 'utf8')).not.toContain(token);
}
