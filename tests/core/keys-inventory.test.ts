// The per-project inventory of services (variable names only) as Markdown, and writing a names-only
// .env.example that never overwrites the user's own (SPEC §8).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { UserError } from '../../src-main/core';
import { startCore } from '../helpers/core';
import { createSandbox, writeConfig, writeProject, type Sandbox } from '../helpers/fixtures';

const VALUES = {
  OPENAI_API_KEY: 'sk-proj-InventoryOpenAiKey0123456789',
  ANTHROPIC_API_KEY: 'sk-ant-api03-InventoryAnthropic012345',
  STRIPE_SECRET_KEY: 'sk_live_InventoryStripe0123456789',
  DATABASE_URL: 'postgres://app:hunter2-database@db.local/app',
  SLACK_BOT_TOKEN: 'xoxb-1234567890-inventory-slack',
  TELEGRAM_BOT_TOKEN: '123456:InventoryTelegramToken',
  FEED_URL: 'https://example.com/feed.xml',
};

let box: Sandbox;
let core: Core;
let dirs: Record<'cortana' | 'trading' | 'plain', string>;

beforeAll(async () => {
  box = createSandbox();
  dirs = {
    cortana: writeProject(box.root, 'cortana', { manifest: 'name: cortana\n', env: VALUES }),
    trading: writeProject(box.root, 'trading', {
      manifest: 'name: trading\n',
      env: { AWS_ACCESS_KEY_ID: 'AKIAINVENTORYTEST0001', GITHUB_TOKEN: 'ghp_inventory0123456789abcdefABCDEF' },
    }),
    plain: writeProject(box.root, 'plain', { manifest: 'name: plain\n' }),
  };
  writeFileSync(join(dirs.trading, '.env.example'), '# hand-written\nAWS_ACCESS_KEY_ID=your-key-here\n');
  writeConfig(box.home, Object.values(dirs));
  core = await startCore(box.home, { PATH: process.env.PATH });
});

afterAll(async () => {
  await core?.stop();
  box?.cleanup();
});

describe('the key inventory', () => {
  it('groups each project variable names by known service, unknown names last as "other"', async () => {
    const { inventory } = await core.handlers['keys.audit']({});
    expect(inventory.find((p) => p.project === 'cortana')?.services).toEqual([
      { service: 'OpenAI', variables: ['OPENAI_API_KEY'] },
      { service: 'Anthropic', variables: ['ANTHROPIC_API_KEY'] },
      { service: 'Stripe', variables: ['STRIPE_SECRET_KEY'] },
      { service: 'Postgres / database', variables: ['DATABASE_URL'] },
      { service: 'Slack', variables: ['SLACK_BOT_TOKEN'] },
      { service: 'Telegram', variables: ['TELEGRAM_BOT_TOKEN'] },
      { service: 'other', variables: ['FEED_URL'] },
    ]);
    expect(inventory.find((p) => p.project === 'trading')).toMatchObject({ has_example: true, services: [{ service: 'AWS' }, { service: 'GitHub' }] });
    expect(inventory.find((p) => p.project === 'plain')).toMatchObject({ env_files: [], services: [] });
  });

  it('exports as Markdown that lists the variable names and no value at all', () => {
    const markdown = core.handlers['keys.inventoryMarkdown']({});
    expect(markdown).toMatch(/^# Key inventory\n/);
    expect(markdown).toContain('## cortana');
    expect(markdown).toContain('| OpenAI | `OPENAI_API_KEY` |');
    expect(markdown).toContain('| other | `FEED_URL` |');
    expect(markdown).toContain('| AWS | `AWS_ACCESS_KEY_ID` |');
    expect(markdown).toMatch(/## plain\n\nNo env file\./);
    const leaked = Object.values(VALUES).filter((v) => markdown.includes(v));
    expect(leaked).toEqual([]);
    expect(markdown).not.toContain('AKIAINVENTORYTEST0001');
  });
});

describe('writing .env.example', () => {
  it('writes the variable names with empty values, and the missing_env_example finding goes away', async () => {
    const before = await core.handlers['keys.audit']({});
    expect(before.findings.filter((f) => f.kind === 'missing_env_example').map((f) => f.projects)).toEqual([['cortana']]);
    const result = core.handlers['keys.writeEnvExample']({ project: 'cortana' });
    expect(result).toEqual({ path: join(dirs.cortana, '.env.example'), written: true });
    const lines = readFileSync(result.path, 'utf8').trimEnd().split('\n');
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual(Object.keys(VALUES).map((name) => `${name}=`));
    const after = await core.handlers['keys.audit']({});
    expect(after.findings.filter((f) => f.kind === 'missing_env_example')).toEqual([]);
  });

  it('never overwrites an existing .env.example', () => {
    const path = join(dirs.trading, '.env.example');
    expect(core.handlers['keys.writeEnvExample']({ project: 'trading' })).toEqual({ path, written: false });
    expect(readFileSync(path, 'utf8')).toBe('# hand-written\nAWS_ACCESS_KEY_ID=your-key-here\n');
  });

  it('refuses a project without an env file, and an unknown project, with a sentence saying what to do', () => {
    expect(() => core.handlers['keys.writeEnvExample']({ project: 'plain' })).toThrow(/plain has no env file/);
    expect(existsSync(join(dirs.plain, '.env.example'))).toBe(false);
    let error: unknown;
    try {
      core.handlers['keys.writeEnvExample']({ project: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ kind: 'not_found', message: expect.stringContaining('no project "nope"') });
  });
});
