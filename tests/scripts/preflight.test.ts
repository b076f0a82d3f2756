// `npm test` is the whole set-up (issue 21 §4): its preflight installs the Debian packages tests need when it
// runs as root, else prints the exact command; what still cannot be had skips only the tests that need it,
// named in one line, and under CI=true fails the run instead. apt-get is faked at the edge: a real executable
// on PATH that records its arguments and, for `install`, puts the tools where Debian's packages would.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';
import { createSandbox, type Sandbox } from '../helpers/fixtures';
import { faketimeLibrary, toolsMissing } from '../../scripts/test-tools.mjs';

const PREFLIGHT = join(REPO_ROOT, 'scripts', 'preflight.mjs');
const ALL = 'chromium, faketime, tini, unshare';
const isRoot = process.getuid?.() === 0;

let box: Sandbox;
let root: string;
let bin: string;
let calls: string;

beforeEach(() => {
  box = createSandbox('agent-os-preflight-');
  chmodSync(box.root, 0o755); // reachable by the unprivileged user of the non-root case
  root = join(box.root, 'system');
  bin = join(box.root, 'bin');
  calls = join(box.root, 'apt-get.calls');
  mkdirSync(root);
  mkdirSync(bin);
});
afterEach(() => box.cleanup());

/** A fake apt-get: records each call; `install` creates each package's file under the fake system root. */
function fakeAptGet(options: { fails?: boolean } = {}): void {
  const lib = faketimeLibrary({ AGENT_OS_TOOLS_ROOT: root });
  const script = `#!/bin/sh
PATH=/usr/bin:/bin
echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> ${calls}
${options.fails ? 'echo "E: Unable to locate package tini" >&2; exit 100' : ''}
[ "$1" = install ] || exit 0
for pkg in "$@"; do
  case "$pkg" in
    chromium) mkdir -p ${root}/usr/bin && touch ${root}/usr/bin/chromium ;;
    tini) mkdir -p ${root}/usr/bin && touch ${root}/usr/bin/tini ;;
    faketime) mkdir -p ${join(lib, '..')} && touch ${lib} ;;
    util-linux) printf '#!/bin/sh\\n' > ${bin}/unshare && chmod +x ${bin}/unshare ;;
  esac
done
`;
  writeFileSync(join(bin, 'apt-get'), script);
  chmodSync(join(bin, 'apt-get'), 0o755);
}

/** Runs the preflight with only the fake bin folder on PATH (no chromium, tini, unshare of this machine). */
function preflight(extra: Record<string, string> = {}, asUser = false) {
  const env = { PATH: bin, AGENT_OS_TOOLS_ROOT: root, HOME: box.root, ...extra };
  const command = asUser
    ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, PREFLIGHT]
    : [process.execPath, PREFLIGHT];
  const result = spawnSync(command[0] as string, command.slice(1), { env, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, lines: result.stdout.trim().split('\n').filter(Boolean), stderr: result.stderr };
}

const aptCalls = (): string[] => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);

describe('the test preflight', () => {
  it.skipIf(!isRoot)('installs the missing packages with apt-get as root, and asks nothing once they are there', () => {
    fakeAptGet();
    const first = preflight();
    expect(first.code, first.stderr).toBe(0);
    expect(first.lines).toEqual([`preflight: installing chromium faketime tini util-linux for the tests that need ${ALL}`]);
    expect(aptCalls()).toEqual([
      'DEBIAN_FRONTEND=noninteractive update -qq',
      'DEBIAN_FRONTEND=noninteractive install -y -qq chromium faketime tini util-linux',
    ]);

    const again = preflight({ CI: 'true' });
    expect(again).toMatchObject({ code: 0, lines: [] });
    expect(aptCalls()).toHaveLength(2);
  });

  it.skipIf(!isRoot || !existsSync('/usr/bin/setpriv'))(
    'prints the exact command when not root, and one line per missing tool naming the tests it skips',
    () => {
      fakeAptGet();
      const result = preflight({}, true);
      expect(result.code, result.stderr).toBe(0);
      expect(aptCalls()).toEqual([]);
      expect(result.lines[0]).toBe(`preflight: ${ALL} missing; install with: sudo apt-get install -y chromium faketime tini util-linux`);
      expect(result.lines.slice(1)).toEqual([
        'preflight: without chromium, these tests are skipped: tests/e2e/*.e2e.test.ts',
        'preflight: without faketime, these tests are skipped: tests/electron/shell-lifecycle.test.ts (waking from sleep)',
        'preflight: without tini, these tests are skipped: tests/headless/hosted-container.test.ts, tests/headless/hosted-lifecycle.test.ts, tests/headless/hosted-refusals.test.ts',
        'preflight: without unshare, these tests are skipped: tests/headless/engine-restart.test.ts (restart in a fresh PID namespace)',
      ]);
    },
  );

  it('says so where there is no apt-get (macOS), and skips only what needs the missing tools', () => {
    mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
    writeFileSync(join(root, 'usr', 'bin', 'chromium'), '');
    const result = preflight();
    expect(result.code, result.stderr).toBe(0);
    expect(result.lines[0]).toBe(
      'preflight: faketime, tini, unshare missing and this machine has no apt-get; install faketime, tini, util-linux with its package manager where it has one',
    );
    expect(result.lines.slice(1).map((line) => line.split(',')[0])).toEqual([
      'preflight: without faketime',
      'preflight: without tini',
      'preflight: without unshare',
    ]);
  });

  it.skipIf(!isRoot)('fails under CI=true when apt-get cannot install a tool, instead of skipping its tests', () => {
    fakeAptGet({ fails: true });
    const result = preflight({ CI: 'true' });
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toBe(
      `preflight: CI=true: ${ALL} still missing and nothing may be skipped under CI; run: apt-get install -y chromium faketime tini util-linux`,
    );
  });
});

describe('a test’s skip condition', () => {
  it('names the missing tool, and counts nothing as missing under CI=true', () => {
    expect(toolsMissing(['tini', 'chromium'], { AGENT_OS_TOOLS_ROOT: root, PATH: bin })).toEqual(['tini', 'chromium']);
    expect(toolsMissing(['tini'], { AGENT_OS_TOOLS_ROOT: root, PATH: bin, CI: 'true' })).toEqual([]);
  });
});
