// @vitest-environment jsdom
// The Tasks view at 500 tasks (issue 26): only the rows in view are drawn, a search box matches project,
// task and command, state chips filter, projects fold away, arrow keys move between rows, and a manifest's
// many errors fold behind "N errors".
import { fireEvent, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src-main/common/models';
import { examplesStatus, makeProject, makeStatus, makeTask } from './support/factories';
import { layOut, layOutRows } from './support/layout';
import { renderApp, useMountedApps } from './support/render-app';

const track = useMountedApps();
// The tray window's task list is about 420 x 410 px (see support/layout.ts for why jsdom needs telling).
const restore: Array<() => void> = [];
beforeAll(() => void restore.push(layOut('.task-scroller', { width: 420, height: 410 }), layOutRows('.virtual-item', 60)));
afterAll(() => restore.forEach((r) => r()));
const rows = (): string[] => [...document.querySelectorAll('li[data-task]')].map((li) => li.getAttribute('data-task') ?? '');

/** Five projects, 503 tasks: a few failing, late, running and paused among them. */
function bigHome(): StatusReport {
  const projects = ['home-automation', 'photos', 'finance', 'reading', 'ops'].map((name, p) =>
    makeProject(
      name,
      Array.from({ length: p === 0 ? 103 : 100 }, (_, i) =>
        makeTask(`${name}/job-${String(i).padStart(3, '0')}`, {
          command: i === 42 ? `python3 scripts/${name}-rsync-backup.py` : `python3 scripts/${name}-${i}.py`,
          state: i === 7 ? 'failing' : i === 8 ? 'late' : i === 9 ? 'running' : i === 10 ? 'paused' : 'ok',
          paused: i === 10,
        }),
      ),
    ),
  );
  return makeStatus(projects);
}

describe('Tasks at 500', () => {
  it('draws only the rows in view of a 503-task home, not all of them', async () => {
    track(await renderApp({ 'status.get': () => bigHome() }, 'tasks'));
    const drawn = rows();
    expect(drawn.length).toBeGreaterThan(3);
    expect(drawn.length).toBeLessThan(30);
    expect(drawn[0]).toBe('home-automation/job-000');
  });

  it('finds a task by a word of its command, its project or its name', async () => {
    track(await renderApp({ 'status.get': () => bigHome() }, 'tasks'));
    const search = screen.getByRole('searchbox', { name: 'Search tasks' });
    fireEvent.change(search, { target: { value: 'rsync-backup photos' } });
    expect(rows()).toEqual(['photos/job-042']);
    fireEvent.change(search, { target: { value: 'ops job-042' } });
    expect(rows()).toEqual(['ops/job-042']);
    fireEvent.change(search, { target: { value: 'nothing-like-this' } });
    expect(rows()).toEqual([]);
    expect(screen.getByText(/^No task matches/).textContent).toBe('No task matches “nothing-like-this”.');
  });

  it('filters by state chips (failing, late, running, paused), each with its count', async () => {
    track(await renderApp({ 'status.get': () => bigHome() }, 'tasks'));
    const chips = within(screen.getByRole('group', { name: 'Show only' }));
    expect(chips.getAllByRole('button').map((b) => b.textContent)).toEqual(['failing 5', 'late 5', 'running 5', 'paused 5']);
    fireEvent.click(chips.getByRole('button', { name: 'failing 5' }));
    expect(rows()).toEqual(['home-automation', 'photos', 'finance', 'reading', 'ops'].map((p) => `${p}/job-007`));
    fireEvent.click(chips.getByRole('button', { name: 'paused 5' }));
    expect(rows()).toHaveLength(10);
    expect(chips.getByRole('button', { name: 'paused 5' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('folds a project away and back', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus() }, 'tasks'));
    const fold = screen.getByRole('button', { name: /newsletter$/ });
    expect(fold.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(fold);
    expect(rows()).not.toContain('newsletter/fetch-feeds');
    expect(screen.getByText('2 tasks')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: /newsletter$/ }));
    expect(rows()).toContain('newsletter/fetch-feeds');
  });

  it('moves between rows with the arrow keys', async () => {
    track(await renderApp({ 'status.get': () => examplesStatus() }, 'tasks'));
    const first = screen.getByRole('button', { name: 'Run backups/snapshot now' });
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement?.closest('li')?.getAttribute('data-task')).toBe('backups/prune');
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    expect(document.activeElement?.closest('li')?.getAttribute('data-task')).toBe('newsletter/fetch-feeds');
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowUp' });
    expect(document.activeElement?.closest('li')?.getAttribute('data-task')).toBe('backups/prune');
  });

  it('folds the errors of an invalid manifest behind "7 errors"', async () => {
    const status = examplesStatus();
    const errors = Array.from({ length: 7 }, (_, i) => ({ path: `tasks.t${i}.timeout`, line: i + 3, message: 'expected a duration such as 30m' }));
    status.projects.push(makeProject('cortana', [], { state: 'invalid', errors }));
    track(await renderApp({ 'status.get': () => status }, 'tasks'));
    const cortana = screen.getByRole('region', { name: 'Project cortana' });
    const fold = cortana.querySelector('details');
    expect(fold?.querySelector('summary')?.textContent).toBe('7 errors');
    expect(fold?.open).toBe(false);
    expect(fold?.querySelectorAll('li')).toHaveLength(7);
  });
});
