// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerArg } from '../../src-main/common/api';
import { examplesStatus, makeSettings } from './support/factories';
import { apiError } from './support/memory-transport';
import { renderApp, type Mounted } from './support/render-app';

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
});

/** A fake core whose settings.update writes into the settings it then returns, like config.yml does. */
function settingsCore(projects: string[]) {
  let settings = makeSettings({ projects, resources: { openai: 1 } });
  return {
    'status.get': () => examplesStatus(),
    'settings.get': () => settings,
    'settings.update': (arg: HandlerArg<'settings.update'>) =>
      (settings = {
        ...settings,
        ...arg,
        resources: arg.resources ?? settings.resources,
        projects: arg.projects ?? settings.projects,
        roots: arg.roots ?? settings.roots,
      }),
  };
}

// What updateConfigFile throws when config.yml cannot be parsed (the core refuses to rewrite it).
const REFUSAL =
  'config.yml has a syntax error (Nested mappings are not allowed in compact mappings at line 3, column 9); fix it by hand before changing settings here';
const refusingCore = () => ({ ...settingsCore([]), 'settings.update': () => Promise.reject(apiError(REFUSAL, 400)) });

const folders = (): string[] =>
  within(screen.getByRole('region', { name: 'Project folders' }))
    .queryAllByRole('listitem')
    .map((li) => li.querySelector('code')?.textContent ?? '');

describe('Settings', () => {
  it('shows what tasks get on their PATH, and the login shell’s warning when it hung', async () => {
    const warning =
      "could not read the PATH of your login shell (/bin/zsh -ilc): it did not answer within 5 s (a profile or rc file that waits or runs long?); tasks get Agent OS's own PATH plus /opt/homebrew/bin and /usr/local/bin";
    const core = {
      ...settingsCore([]),
      'status.get': () => ({ ...examplesStatus(), task_path: { login_shell: 'failed' as const, shell: '/bin/zsh', warning } }),
    };
    track(await renderApp(core, 'settings'));
    const section = await screen.findByRole('region', { name: 'Tasks and PATH' });
    expect(within(section).getByRole('status').textContent).toBe(`⚠ ${warning}`);
    expect(section.textContent).toContain('the folders your login shell (/bin/zsh) adds');
  });

  it('lists the project folders and adds one through settings.update', async () => {
    const m = track(await renderApp(settingsCore(['/Users/erik/code/cortana']), 'settings'));
    await waitFor(() => expect(folders()).toEqual(['/Users/erik/code/cortana']));
    const section = screen.getByRole('region', { name: 'Project folders' });
    const input = within(section).getByRole('textbox', { name: 'Add to Project folders' });
    fireEvent.change(input, { target: { value: '  /Users/erik/code/trading ' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(folders()).toEqual(['/Users/erik/code/cortana', '/Users/erik/code/trading']));
    expect(m.transport.callsOf('settings.update')).toEqual([{ projects: ['/Users/erik/code/cortana', '/Users/erik/code/trading'] }]);
    // The field empties once the save is answered.
    await waitFor(() => expect((input as HTMLInputElement).value).toBe(''));
  });

  it('removes a project folder through settings.update and reloads the status', async () => {
    const m = track(await renderApp(settingsCore(['/Users/erik/code/cortana', '/Users/erik/code/trading']), 'settings'));
    const remove = await screen.findByRole('button', { name: 'Remove /Users/erik/code/cortana' });
    const statusLoads = m.transport.callsOf('status.get').length;
    fireEvent.click(remove);
    await waitFor(() => expect(folders()).toEqual(['/Users/erik/code/trading']));
    expect(m.transport.callsOf('settings.update')).toEqual([{ projects: ['/Users/erik/code/trading'] }]);
    expect(m.transport.callsOf('status.get')).toHaveLength(statusLoads + 1);
  });

  it('shows the error the core gives when it refuses a folder', async () => {
    const m = track(await renderApp(refusingCore(), 'settings'));
    const section = await screen.findByRole('region', { name: 'Project folders' });
    expect(within(section).getByText('None yet.')).toBeDefined();
    fireEvent.change(within(section).getByRole('textbox', { name: 'Add to Project folders' }), { target: { value: '/nope' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(REFUSAL);
    expect(folders()).toEqual([]);
    expect(m.transport.callsOf('settings.update')).toEqual([{ projects: ['/nope'] }]);
  });

  it('keeps what was typed when the core refuses it, so the user can correct it', async () => {
    track(await renderApp(refusingCore(), 'settings'));
    const section = await screen.findByRole('region', { name: 'Project folders' });
    fireEvent.change(within(section).getByRole('textbox', { name: 'Add to Project folders' }), { target: { value: '/nope' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add' }));
    await screen.findByRole('alert');
    expect((within(section).getByRole('textbox', { name: 'Add to Project folders' }) as HTMLInputElement).value).toBe('/nope');
  });

  it('pauses every task with one button', async () => {
    let paused = false;
    const m = track(
      await renderApp(
        {
          ...settingsCore([]),
          'status.get': () => ({ ...examplesStatus(), paused_all: paused }),
          'engine.pauseAll': () => ({ paused_all: (paused = true) }),
        },
        'settings',
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Pause all tasks' }));
    expect(await screen.findByRole('button', { name: 'Resume all tasks' })).toBeDefined();
    expect(m.transport.callsOf('engine.pauseAll')).toHaveLength(1);
    expect(within(screen.getByRole('banner')).getByRole('status').textContent).toContain('all paused');
  });
});
