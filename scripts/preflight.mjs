// The first step of `npm test`: the programs from outside npm that tests need (scripts/test-tools.mjs).
// Missing ones are installed with apt-get when this runs as root on a Debian-like machine; otherwise one
// line gives the exact command. What still cannot be had only skips the tests that need it, named in one
// line per tool, except under CI=true, where a missing tool fails the run (nothing may be skipped there).
import { spawnSync } from 'node:child_process';
import { TEST_TOOLS, onPath } from './test-tools.mjs';

const env = process.env;
const say = (line) => process.stdout.write(`preflight: ${line}\n`);
const missingNow = () => TEST_TOOLS.filter((tool) => !tool.present(env));

const missing = missingNow();
if (missing.length === 0) process.exit(0);
const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
const names = missing.map((tool) => tool.name).join(', ');
const hasApt = process.platform === 'linux' && onPath('apt-get', env);
const install = (tools) => `apt-get install -y ${[...new Set(tools.map((tool) => tool.debianPackage))].join(' ')}`;

if (hasApt && process.getuid?.() === 0) {
  say(`installing ${packages.join(' ')} for the tests that need ${names}`);
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', ...packages])) say(`apt-get could not install ${packages.join(' ')}`);
} else if (hasApt) {
  say(`${names} missing; install with: sudo ${install(missing)}`);
} else {
  say(`${names} missing and this machine has no apt-get; install ${packages.join(', ')} with its package manager where it has one`);
}

const still = missingNow();
if (still.length > 0 && env.CI === 'true') {
  say(`CI=true: ${still.map((tool) => tool.name).join(', ')} still missing and nothing may be skipped under CI; run: ${install(still)}`);
  process.exit(1);
}
for (const tool of still) say(`without ${tool.name}, these tests are skipped: ${tool.tests.join(', ')}`);
