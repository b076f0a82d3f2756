import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigError } from '../../src-main/common/models';
import { loadConfig } from '../../src-main/core/config/load-config';
import { ensureHome, readToken } from '../../src-main/core/home';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-os-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configFile(text: string): string {
  const file = join(dir, 'config.yml');
  writeFileSync(file, text);
  return file;
}

function errorAt(errors: ConfigError[], path: string): ConfigError {
  const found = errors.find((e) => e.path === path);
  expect(found, `an error at ${path} among ${JSON.stringify(errors)}`).toBeDefined();
  return found as ConfigError;
}

describe('loadConfig', () => {
  it('reads every documented setting', () => {
    const { config, errors } = loadConfig(
      configFile(`roots: [~/code]
projects: [/srv/cortana]
resources: { openai: 1 }
notify:
  webhooks:
    - { kind: discord, url: "https://discord.com/api/webhooks/1/abc" }
budgets: { monthly_usd: 100, daily_usd: 10 }
server: { host: 0.0.0.0, port: 8080, allowed_hosts: [Agent.Example.com, "10.0.0.5:8080"], trust_proxy: 1, public_url: "https://agent.example.com/" }
quiet_hours: { start: "22:00", end: "07:00" }
retention: { runs_days: 30, log_max_bytes: 512KB }
`),
    );
    expect(errors).toEqual([]);
    expect(config.roots).toEqual(['~/code']);
    expect(config.projects).toEqual(['/srv/cortana']);
    expect(config.resources).toEqual({ openai: 1 });
    expect(config.notify.webhooks).toEqual([{ kind: 'discord', url: 'https://discord.com/api/webhooks/1/abc' }]);
    expect(config.budgets).toEqual({ monthly_usd: 100, daily_usd: 10 });
    expect(config.server).toEqual({
      host: '0.0.0.0',
      port: 8080,
      allowed_hosts: ['agent.example.com', '10.0.0.5:8080'],
      trust_proxy: 1,
      public_url: 'https://agent.example.com',
    });
    expect(config.quiet_hours).toEqual({ start: '22:00', end: '07:00' });
    expect(config.retention).toEqual({ runs_days: 30, log_max_bytes: '512KB' });
  });

  it('falls back to the default of a bad setting alone and names it, keeping the other settings', () => {
    const { config, errors } = loadConfig(configFile('roots: [~/code]\nserver:\n  port: high\nresources: { openai: 2 }\n'));
    expect(config.server.port).toBe(7317);
    expect(config.roots).toEqual(['~/code']);
    expect(config.resources).toEqual({ openai: 2 });
    expect(errors).toHaveLength(1);
    const error = errorAt(errors, 'server.port');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/expected a number, found "high"; using the default/);
  });

  it('keeps the valid fields of a group when one field of it is bad', () => {
    // BUG (load-config.ts): each top-level key validates as a whole, so a bad retention.log_max_bytes also
    // throws away retention.runs_days (and a bad server.port the configured server.host), while the
    // error only says log_max_bytes fell back to its default.
    const { config, errors } = loadConfig(configFile('retention: { runs_days: 30, log_max_bytes: 1KB }\nserver: { host: 0.0.0.0, port: high }\n'));
    expect(errorAt(errors, 'retention.log_max_bytes').message).toMatch(/at least 4KB/);
    expect(config.retention.runs_days).toBe(30);
    expect(config.server.host).toBe('0.0.0.0');
  });

  it('reports unknown settings by name', () => {
    const { config, errors } = loadConfig(configFile('roots: [/a]\ncolour: blue\n'));
    expect(config.roots).toEqual(['/a']);
    const error = errorAt(errors, 'colour');
    expect(error.message).toContain('unknown setting "colour"');
    expect(error.line).toBe(2);
  });

  it('uses every default and reports the error when the YAML does not parse', () => {
    const { config, errors } = loadConfig(configFile('roots: [~/code\nserver: { port: 1 }\n'));
    expect(config.roots).toEqual([]);
    expect(config.server).toEqual({ host: '127.0.0.1', port: 7317, allowed_hosts: [], trust_proxy: false });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/is not valid YAML/);
  });

  it('gives the line of a YAML syntax error', () => {
    // BUG (yaml-issues.ts parseYaml): prettyErrors: false leaves YAMLError.linePos unset, so no line.
    const { errors } = loadConfig(configFile('roots: []\nserver:\n  port: [1\n'));
    expect(errors[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('uses the defaults and says so when the file is missing', () => {
    const { config, errors } = loadConfig(join(dir, 'nope.yml'));
    expect(config.server.port).toBe(7317);
    expect(errors[0]?.message).toMatch(/cannot be read .*using defaults/);
  });

  it('treats an empty file as all defaults without errors', () => {
    const { config, errors } = loadConfig(configFile(''));
    expect(errors).toEqual([]);
    expect(config.roots).toEqual([]);
    expect(config.server).toEqual({ host: '127.0.0.1', port: 7317, allowed_hosts: [], trust_proxy: false });
  });

  it('rejects a top level that is not a mapping', () => {
    const { config, errors } = loadConfig(configFile('- roots\n'));
    expect(config.roots).toEqual([]);
    expect(errors[0]?.message).toMatch(/expected a mapping of settings/);
  });

  it('names each bad webhook field', () => {
    const { config, errors } = loadConfig(configFile('notify: { webhooks: [{ kind: teams, url: "not a url" }, { kind: slack, url: "not a url" }] }\n'));
    expect(config.notify.webhooks).toEqual([]);
    // An unknown kind is the one thing wrong with its entry: which fields it needs depends on the kind.
    expect(errorAt(errors, 'notify.webhooks.0.kind').message).toMatch(/discord, slack, json, ntfy, telegram, email, pushover/);
    expect(errors.filter((e) => e.path.startsWith('notify.webhooks.0'))).toHaveLength(1);
    expect(errorAt(errors, 'notify.webhooks.1.url').message).toMatch(/expected an http\(s\) URL/);
  });

  it('leaves out a bad list entry alone, keeping the other entries, with one error naming it', () => {
    const { config, errors } = loadConfig(configFile('mcp:\n  allow_run: [cortana/daily, "Not A Task", "trading/*"]\nroots: [/a, 7]\n'));
    expect(config.mcp.allow_run).toEqual(['cortana/daily', 'trading/*']);
    expect(config.roots).toEqual(['/a']);
    expect(errors.map((e) => e.path)).toEqual(['roots.1', 'mcp.allow_run.1']);
    expect(errorAt(errors, 'mcp.allow_run.1')).toMatchObject({
      line: 2,
      message: 'expected "project/task" or "project/*", e.g. "cortana/daily_update", found "Not A Task"; this entry is left out',
    });
  });

  it('reports an unknown field of a group once and keeps the known fields', () => {
    const { config, errors } = loadConfig(configFile('mcp:\n  allow_run: [a/b]\n  allow_runs: [c/d]\n'));
    expect(config.mcp.allow_run).toEqual(['a/b']);
    expect(errors).toEqual([
      expect.objectContaining({ path: 'mcp.allow_runs', line: 3, message: 'unknown field "allow_runs"; remove it or check its spelling' }),
    ]);
  });
});

describe('ensureHome', () => {
  it('creates config.yml with commented defaults that parse back to the defaults', () => {
    const paths = ensureHome(join(dir, 'home'));
    const text = readFileSync(paths.config, 'utf8');
    expect(text).toMatch(/^# /m);
    for (const key of ['roots', 'projects', 'resources', 'notify', 'budgets', 'server', 'quiet_hours', 'retention']) {
      expect(text).toMatch(new RegExp(`^${key}:`, 'm'));
    }
    const loaded = loadConfig(paths.config);
    expect(loaded.errors).toEqual([]);
    expect(loaded.config.server).toEqual({ host: '127.0.0.1', port: 7317, allowed_hosts: [], trust_proxy: false });
    expect(loaded.config.roots).toEqual([]);
  });

  it('creates a token of 64 hex characters readable by its owner only', () => {
    const paths = ensureHome(join(dir, 'home'));
    expect(readToken(paths)).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(paths.token).mode & 0o777).toBe(0o600);
  });

  it('creates a different token for each home', () => {
    expect(readToken(ensureHome(join(dir, 'a')))).not.toBe(readToken(ensureHome(join(dir, 'b'))));
  });

  it('keeps an existing config and token', () => {
    const home = join(dir, 'home');
    const first = ensureHome(home);
    writeFileSync(first.config, 'roots: [/mine]\n');
    const token = readToken(first);
    const second = ensureHome(home);
    expect(readFileSync(second.config, 'utf8')).toBe('roots: [/mine]\n');
    expect(readToken(second)).toBe(token);
  });

  it('restores the mode of a token file that lost it', () => {
    const paths = ensureHome(join(dir, 'home'));
    chmodSync(paths.token, 0o644);
    ensureHome(join(dir, 'home'));
    expect(statSync(paths.token).mode & 0o777).toBe(0o600);
  });

  it('creates the run log folder', () => {
    const paths = ensureHome(join(dir, 'home'));
    expect(statSync(paths.runLogs).isDirectory()).toBe(true);
  });
});
