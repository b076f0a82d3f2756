// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerResult } from '../../src-main/common/api';
import { examplesStatus } from './support/factories';
import { apiError } from './support/memory-transport';
import { renderApp, type Mounted } from './support/render-app';

type KeyAudit = HandlerResult<'keys.audit'>;
type KeyFinding = KeyAudit['findings'][number];

const mounted: Mounted[] = [];
const track = (m: Mounted): Mounted => (mounted.push(m), m);
afterEach(() => {
  cleanup();
  for (const m of mounted.splice(0)) m.disconnect();
  Reflect.deleteProperty(navigator, 'clipboard');
});

const SHARED: KeyFinding = {
  kind: 'shared_secret',
  title: 'The same secret in several projects',
  projects: ['cortana', 'trading'],
  variable: 'OPENAI_API_KEY',
  variables: ['OPENAI_API_KEY'],
  file: null,
  detail: 'cortana (OPENAI_API_KEY) and trading (OPENAI_API_KEY) hold the same secret value, so its use and cost cannot be told apart per project.',
  fix: "Give each project its own key (providers let you create one per project), put it in that project's env file, and revoke the shared one.",
};
const NO_EXAMPLE: KeyFinding = {
  kind: 'missing_env_example',
  title: 'Env file without .env.example',
  projects: ['trading'],
  variable: null,
  variables: [],
  file: '/Users/erik/code/trading/.env',
  detail: 'trading has .env but no .env.example, so nobody can tell which variables it needs without reading its secrets.',
  fix: 'Write .env.example with the variable names only: `agent-os doctor --write-examples`, or "Write .env.example" in the Keys view.',
};
const INVENTORY: KeyAudit['inventory'] = [
  {
    project: 'cortana',
    dir: '/Users/erik/code/cortana',
    env_files: ['.env'],
    services: [
      { service: 'OpenAI', variables: ['OPENAI_API_KEY'] },
      { service: 'Telegram', variables: ['TELEGRAM_BOT_TOKEN'] },
    ],
    has_example: true,
  },
  {
    project: 'trading',
    dir: '/Users/erik/code/trading',
    env_files: ['.env'],
    services: [{ service: 'OpenAI', variables: ['OPENAI_API_KEY'] }],
    has_example: false,
  },
];
const MARKDOWN = '# Key inventory\n\n## cortana\n\n| Service | Variables |\n| --- | --- |\n| OpenAI | `OPENAI_API_KEY` |\n';

/** A fake core whose writeEnvExample really removes the finding from the next audit, as the core does. */
function keysCore() {
  let findings = [SHARED, NO_EXAMPLE];
  return {
    'status.get': () => examplesStatus(),
    'keys.audit': (): KeyAudit => ({ findings, inventory: INVENTORY, checked_at: new Date().toISOString() }),
    'keys.inventoryMarkdown': () => MARKDOWN,
    'keys.writeEnvExample': ({ project }: { project: string }) => {
      findings = findings.filter((f) => f.kind !== 'missing_env_example');
      return { path: `/Users/erik/code/${project}/.env.example`, written: true };
    },
  };
}

const findingsRegion = () => screen.getByRole('region', { name: 'Findings' });

describe('Keys', () => {
  it('lists every finding with what to do about it', async () => {
    track(await renderApp(keysCore(), 'keys'));
    const rows = await waitFor(() => {
      const items = within(findingsRegion()).getAllByRole('listitem');
      expect(items).toHaveLength(2);
      return items;
    });
    expect(rows[0]?.textContent).toContain('The same secret in several projects');
    expect(rows[0]?.textContent).toContain('cortana, trading');
    expect(rows[0]?.textContent).toContain('Fix: Give each project its own key');
    expect(rows[1]?.textContent).toContain('trading has .env but no .env.example');
  });

  it('shows which services each project uses, by variable name', async () => {
    track(await renderApp(keysCore(), 'keys'));
    const cortana = await screen.findByRole('article', { name: 'cortana services' });
    expect(within(cortana).getByRole('rowheader', { name: 'Telegram' })).toBeDefined();
    expect(within(cortana).getByText('TELEGRAM_BOT_TOKEN')).toBeDefined();
    expect(within(screen.getByRole('article', { name: 'trading services' })).getByText(/no \.env\.example/)).toBeDefined();
  });

  it('writes a .env.example for a project on request and checks again', async () => {
    const m = track(await renderApp(keysCore(), 'keys'));
    fireEvent.click(await screen.findByRole('button', { name: 'Write .env.example for trading' }));
    expect((await within(screen.getByRole('main')).findByRole('status')).textContent).toContain('Wrote /Users/erik/code/trading/.env.example');
    await waitFor(() => expect(within(findingsRegion()).getAllByRole('listitem')).toHaveLength(1));
    expect(m.transport.callsOf('keys.writeEnvExample')).toEqual([{ project: 'trading' }]);
    expect(screen.queryByRole('button', { name: 'Write .env.example for trading' })).toBeNull();
  });

  it('copies the inventory to the clipboard as Markdown', async () => {
    const copied: string[] = [];
    // The browser's clipboard is the edge here; jsdom has none.
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (text: string) => Promise.resolve(void copied.push(text)) } });
    track(await renderApp(keysCore(), 'keys'));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy as Markdown' }));
    expect((await within(screen.getByRole('main')).findByRole('status')).textContent).toContain('Copied the inventory as Markdown');
    expect(copied).toEqual([MARKDOWN]);
  });

  it('shows the Markdown to copy by hand when there is no clipboard', async () => {
    track(await renderApp(keysCore(), 'keys'));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy as Markdown' }));
    const box = await screen.findByRole('textbox', { name: 'Inventory as Markdown' });
    expect((box as HTMLTextAreaElement).value).toBe(MARKDOWN);
  });

  it('says so plainly when there is no problem', async () => {
    track(await renderApp({ ...keysCore(), 'keys.audit': () => ({ findings: [], inventory: INVENTORY, checked_at: new Date().toISOString() }) }, 'keys'));
    expect((await screen.findByText(/No key-hygiene problems/)).textContent).toBe('No key-hygiene problems in 2 project(s).');
  });

  it('shows the error when the audit cannot run', async () => {
    const failing = { ...keysCore(), 'keys.audit': () => Promise.reject(apiError('/home/erik/.local/share/agent-os/keys.salt does not hold a salt', 500)) };
    track(await renderApp(failing, 'keys'));
    expect((await screen.findByRole('alert')).textContent).toContain('keys.salt does not hold a salt');
  });
});
