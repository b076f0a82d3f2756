// Acceptance (issue 15 §2): `agent-os serve` refuses a combination that would expose the engine with one
// line naming the setting and what to do, and a non-zero exit, before it takes the home's lock, opens the
// database or binds a port (README "Run it 24/7 on a server" lists the rules).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lacks } from '../helpers/tools';
import { collect, spawnCli } from '../helpers/cli';
import { giveToImageUser, launchContainer } from '../helpers/container';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';

const STRONG = randomBytes(32).toString('hex');
const PUBLIC_BIND = ['serve', '--host', '0.0.0.0', '--port', '0'];

let box: Sandbox;

beforeEach(() => {
  box = createSandbox();
});

afterEach(() => box.cleanup());

/** Runs `agent-os serve` and expects it to refuse: one line on stderr matching `pattern`, exit 1, nothing started. */
async function expectRefusal(args: readonly string[], env: Record<string, string>, pattern: RegExp): Promise<string> {
  const result = await collect(spawnCli(args, { home: box.home, env }), 20_000);
  expect(result.code, result.stdout + result.stderr).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^agent-os: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stdout).toBe('');
  expect(existsSync(join(box.home, 'server.json'))).toBe(false);
  expect(existsSync(join(box.home, 'agent-os.db'))).toBe(false);
  for (const secret of Object.values(env)) if (secret.length >= 8) expect(result.stderr).not.toContain(secret);
  return lines[0] ?? '';
}

describe('serve refuses unsafe combinations', () => {
  it('refuses a public bind (0.0.0.0) without the public name(s) to check Host against', async () => {
    writeConfig(box.home, []);
    await expectRefusal(PUBLIC_BIND, { AGENT_OS_TOKEN: STRONG }, /serving on 0\.0\.0\.0 needs the public name\(s\) of this server.*server\.allowed_hosts/);
    await expectRefusal(['serve', '--host', '::', '--port', '0'], { AGENT_OS_TOKEN: STRONG }, /serving on :: needs the public name/);
  });

  it('refuses a weak AGENT_OS_TOKEN, even on loopback', async () => {
    writeConfig(box.home, [], 'server:\n  port: 0\n');
    const weak: Array<[string, RegExp]> = [
      ['hunter2', /AGENT_OS_TOKEN is too weak: it has 7 characters, fewer than 32; use at least 32 random characters/],
      ['a'.repeat(40), /only 1 different characters/],
      ['passwordpasswordpassword12345678', /a 5-character piece of it repeats 3 times/],
      ['abcdefghijklmnopqrstuvwxyz012345', /a run of consecutive characters/],
      [`${STRONG.slice(0, 20)} ${STRONG.slice(20)}`, /spaces or characters other than printable ASCII/],
    ];
    for (const [token, pattern] of weak) await expectRefusal(['serve'], { AGENT_OS_TOKEN: token }, pattern);
    await expectRefusal(['serve'], { AGENT_OS_TOKEN: '  ' }, /AGENT_OS_TOKEN is set but empty; set it to a strong token/);
  });

  it("refuses to serve beyond loopback with a weak token in the home's token file", async () => {
    writeConfig(box.home, [], 'server:\n  allowed_hosts: [agent.example.test]\n');
    writeFileSync(join(box.home, 'token'), 'letmein\n', { mode: 0o600 });
    await expectRefusal(
      PUBLIC_BIND,
      {},
      /the token in .*token is too weak to serve beyond loopback: .*delete the file to get a new random one, or set AGENT_OS_TOKEN/,
    );
  });

  it('refuses an https public_url without trust_proxy (the session cookie could not be Secure)', async () => {
    writeConfig(box.home, [], 'server:\n  public_url: https://agent.example.test\n');
    await expectRefusal(PUBLIC_BIND, { AGENT_OS_TOKEN: STRONG }, /server\.public_url is https:\/\/agent\.example\.test but server\.trust_proxy is off/);
  });

  it('refuses a bad server setting instead of falling back to its default beyond loopback', async () => {
    writeConfig(box.home, [], 'server:\n  allowed_hosts: ["https://agent.example.test/"]\n');
    await expectRefusal(
      PUBLIC_BIND,
      { AGENT_OS_TOKEN: STRONG },
      /config\.yml server\.allowed_hosts\.0 \(line \d+\): expected a host name .*serving beyond loopback does not fall back to defaults/,
    );
    writeConfig(box.home, [], 'server:\n  allowed_host: [agent.example.test]\n');
    await expectRefusal(PUBLIC_BIND, { AGENT_OS_TOKEN: STRONG }, /config\.yml server.*allowed_host/);
  });

  it('refuses an unusable AGENT_OS_ALLOWED_HOSTS, AGENT_OS_TRUST_PROXY or AGENT_OS_PUBLIC_URL', async () => {
    writeConfig(box.home, []);
    await expectRefusal(
      PUBLIC_BIND,
      { AGENT_OS_TOKEN: STRONG, AGENT_OS_ALLOWED_HOSTS: '*.example.test' },
      /AGENT_OS_ALLOWED_HOSTS is not usable: expected a host name/,
    );
    await expectRefusal(
      PUBLIC_BIND,
      { AGENT_OS_TOKEN: STRONG, AGENT_OS_ALLOWED_HOSTS: 'a.test', AGENT_OS_TRUST_PROXY: 'everyone' },
      /AGENT_OS_TRUST_PROXY is not usable/,
    );
    await expectRefusal(PUBLIC_BIND, { AGENT_OS_TOKEN: STRONG, AGENT_OS_PUBLIC_URL: 'ftp://a.test' }, /AGENT_OS_PUBLIC_URL is not usable/);
  });

  it('serves on loopback as before with the home token file, printing its dashboard link', async () => {
    writeConfig(box.home, [], 'server:\n  port: 0\n');
    const child = spawnCli(['serve'], { home: box.home });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const deadline = Date.now() + 20_000;
    while (!/Dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const result = await collect(child);
    expect(out).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/);
    expect(result.code).toBe(0);
  });
});

// The image's ENTRYPOINT is /usr/bin/tini, run as it is.
describe.skipIf(lacks('tini'))('the container refuses to start exposed', () => {
  it('exits non-zero through tini with the one-line reason when the platform gave no public name', async () => {
    chmodSync(box.root, 0o755);
    const data = join(box.root, 'data');
    mkdirSync(data);
    giveToImageUser(data);
    const container = await launchContainer({ data, env: { AGENT_OS_TOKEN: STRONG } });
    const exit = await container.exited;
    expect(exit.code).toBe(1);
    expect(container.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^agent-os: serving on 0\.0\.0\.0 needs the public name\(s\) of this server/),
    ]);
  });
});
