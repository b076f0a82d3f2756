// The rules behind hosted mode, one by one: what counts as a strong token, which Host names are accepted,
// when the server is in hosted mode, and which source wins (flags > AGENT_OS_* > config.yml).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src-main/core/config/load-config';
import { ensureHome, type HomePaths } from '../../src-main/core/home';
import { HostCheck } from '../../src-main/headless/server/host-check';
import { resolveServeSettings, type ServeSettings } from '../../src-main/headless/server/serve-settings';
import { tokenWeakness } from '../../src-main/headless/server/token-strength';
import { createSandbox, type Sandbox } from '../helpers/fixtures';

const STRONG = randomBytes(32).toString('hex');

let box: Sandbox;
let paths: HomePaths;

beforeEach(() => {
  box = createSandbox();
  paths = ensureHome(box.home);
});

afterEach(() => box.cleanup());

function settings(configYaml: string, env: Record<string, string> = {}, flags: { host?: string; port?: number } = {}): ServeSettings {
  writeFileSync(paths.config, configYaml);
  const loaded = loadConfig(paths.config);
  return resolveServeSettings({ flags, env, server: loaded.config.server, configErrors: loaded.errors, paths });
}

describe('token strength', () => {
  it('accepts random tokens of the usual generators (openssl rand -hex / -base64, uuid-less alphanumerics)', () => {
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    for (let i = 0; i < 2000; i++) {
      expect(tokenWeakness(randomBytes(16).toString('hex'))).toBeNull();
      expect(tokenWeakness(randomBytes(32).toString('hex'))).toBeNull();
      expect(tokenWeakness(randomBytes(32).toString('base64'))).toBeNull();
      expect(tokenWeakness(Array.from(randomBytes(32), (b) => alnum[b % alnum.length]).join(''))).toBeNull();
    }
  });

  it('refuses what a person types, without quoting it', () => {
    const weak = ['short', 'x'.repeat(64), 'changemechangemechangemechangeme', '0123456789abcdef0123456789abcdef', 'qwertyuiopasdfgh 123456789012345'];
    for (const token of weak) {
      const reason = tokenWeakness(token);
      expect(reason, token).not.toBeNull();
      expect(reason).not.toContain(token.slice(0, 4));
    }
  });
});

describe('the Host check', () => {
  it('accepts localhost forms with the bound port, allowed names with any port, and allowed name:port exactly', () => {
    const hosts = new HostCheck('0.0.0.0', 7317, ['agent.example.com', 'ops.example.com:8443'], true);
    for (const ok of ['localhost:7317', '127.0.0.1:7317', '[::1]:7317', 'agent.example.com', 'AGENT.example.com:443', 'ops.example.com:8443'])
      expect(hosts.accepts(ok), ok).toBe(true);
    for (const no of ['0.0.0.0:7317', 'localhost:7318', 'ops.example.com', 'ops.example.com:443', 'evil.agent.example.com', 'agent.example.com.evil.test', ''])
      expect(hosts.accepts(no), no).toBe(false);
    expect(hosts.suggestion).toBeNull();
  });

  it('accepts the bound address itself when it is one (a LAN IP)', () => {
    const hosts = new HostCheck('192.168.1.20', 7317, [], true);
    expect(hosts.accepts('192.168.1.20:7317')).toBe(true);
    expect(hosts.accepts('192.168.1.20')).toBe(false);
  });
});

describe('resolving the settings', () => {
  it('keeps loopback out of hosted mode, with the home token file', () => {
    const s = settings('server: { port: 0 }\n');
    expect(s).toMatchObject({ host: '127.0.0.1', hosted: false, tokenSource: 'file', allowedHosts: [], trustProxy: false, publicUrl: null });
    expect(s.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts a loopback server reached by a public name (a reverse proxy on the same machine) as hosted', () => {
    const s = settings('server: { allowed_hosts: [agent.example.com], trust_proxy: loopback }\n');
    expect(s).toMatchObject({ host: '127.0.0.1', hosted: true, trustProxy: ['loopback'] });
  });

  it('lets AGENT_OS_* override config.yml and flags override both', () => {
    const s = settings(
      'server: { host: 127.0.0.1, port: 1234, allowed_hosts: [a.example.com], trust_proxy: false }\n',
      {
        AGENT_OS_TOKEN: ` ${STRONG}\n`,
        AGENT_OS_ALLOWED_HOSTS: 'b.example.com, c.example.com:8443',
        AGENT_OS_TRUST_PROXY: '2',
        AGENT_OS_PUBLIC_URL: 'https://B.example.com/',
      },
      { host: '0.0.0.0', port: 0 },
    );
    expect(s).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      hosted: true,
      token: STRONG,
      tokenSource: 'env',
      allowedHosts: ['b.example.com', 'c.example.com:8443'],
      trustProxy: 2,
      publicUrl: 'https://b.example.com',
    });
  });

  it('adds the public_url host to the accepted names and warns when it is plain http', () => {
    const s = settings('server: { host: 0.0.0.0, public_url: "http://nas.local:7317" }\n', { AGENT_OS_TOKEN: STRONG });
    expect(s.allowedHosts).toEqual(['nas.local:7317']);
    expect(s.warnings.join('\n')).toMatch(/clear text/);
  });

  it('accepts a specific LAN address without allowed_hosts (its own address is the Host)', () => {
    expect(settings('server: { host: 192.168.1.20 }\n', { AGENT_OS_TOKEN: STRONG }).hosted).toBe(true);
  });
});
