// Smoke test of the packaged desktop app under the real Electron runtime (`npm run test:desktop`, run by
// .github/workflows/desktop.yml on macOS after `npm run package:desktop -- --dir`). Playwright's `_electron`
// starts the stock Electron binary of node_modules/electron on the packaged app.asar (the packaged binary's
// fuses refuse the inspector Playwright needs) through smoke-main.cjs, on a fresh home: the tray is created,
// a click opens the window, a run started from the menu finishes, a failing task notifies.
// Without an Electron binary (this project's build machine cannot download it) it says so in one line and
// exits 0; AGENT_OS_REQUIRE_ELECTRON=1 (the workflow) makes that a failure.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication } from 'playwright-core';
import { cliJson, type RunRow } from '../helpers/cli';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const TIMEOUT_MS = 60_000;

/** What smoke-main.cjs records in the main process. */
interface Seen {
  trays: Electron.Tray[];
  menus: Electron.Menu[];
  notifications: Array<{ title: string; body: string }>;
}

function electronBinary(): string | null {
  const dir = dirname(require.resolve('electron/package.json'));
  if (!existsSync(join(dir, 'path.txt'))) return null;
  const binary = require('electron') as string;
  return existsSync(binary) ? binary : null;
}

/** The packaged app.asar electron-builder --dir wrote under release/ (macOS: *.app/Contents/Resources). */
function packagedAsar(): string | null {
  if (process.env.AGENT_OS_PACKAGED_APP) return process.env.AGENT_OS_PACKAGED_APP;
  const release = join(REPO, 'release');
  if (!existsSync(release)) return null;
  for (const out of readdirSync(release)) {
    const candidates = [join(release, out, 'resources', 'app.asar')];
    if (existsSync(join(release, out)) && !out.includes('.'))
      for (const app of readdirSync(join(release, out)).filter((n) => n.endsWith('.app')))
        candidates.push(join(release, out, app, 'Contents', 'Resources', 'app.asar'));
    const found = candidates.find((c) => existsSync(c));
    if (found) return found;
  }
  return null;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What smoke-main.cjs has recorded so far (evaluated in the main process). */
function recorded(app: ElectronApplication): Promise<{ trays: number; notifications: Seen['notifications'] }> {
  return app.evaluate(() => {
    const seen = (globalThis as unknown as { __agentOsSmoke: Seen }).__agentOsSmoke;
    return { trays: seen.trays.length, notifications: seen.notifications };
  });
}

/** Opens the tray's menu (right-click) and clicks Run now ▸ project ▸ task; false while the menu lacks it. */
function runFromMenu(app: ElectronApplication, project: string, task: string): Promise<boolean> {
  return app.evaluate(
    (_electron, path) => {
      const seen = (globalThis as unknown as { __agentOsSmoke: Seen }).__agentOsSmoke;
      seen.trays[0]?.emit('right-click');
      let items = seen.menus[seen.menus.length - 1]?.items ?? [];
      let item: Electron.MenuItem | undefined;
      for (const label of path) {
        item = items.find((i) => i.label === label);
        items = item?.submenu?.items ?? [];
      }
      item?.click();
      return item !== undefined;
    },
    ['Run now', project, task],
  );
}

async function smoke(asar: string): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'agent-os-smoke-'));
  // A first start: no projects, so the examples are copied into the home and shown. A free port.
  writeFileSync(join(home, 'config.yml'), 'server:\n  port: 0\ncron:\n  dirs: []\n');
  // Playwright starts node_modules/electron's binary with its loader, then smoke-main.cjs.
  const app = await _electron.launch({
    args: [join(REPO, 'tests', 'desktop', 'smoke-main.cjs')],
    env: { ...process.env, AGENT_OS_HOME: home, AGENT_OS_SMOKE_APP: asar } as Record<string, string>,
    timeout: TIMEOUT_MS,
  });
  const runs = (): Promise<RunRow[]> => cliJson<RunRow[]>(['runs', '--json'], { home });
  try {
    await until('the tray icon', async () => (await recorded(app)).trays === 1);
    console.log('desktop smoke: the tray icon is there');

    await app.evaluate(() =>
      (globalThis as unknown as { __agentOsSmoke: Seen }).__agentOsSmoke.trays[0]?.emit('click', {}, { x: 0, y: 0, width: 22, height: 22 }),
    );
    await until('the window to open', () => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().some((w) => w.isVisible())));
    console.log('desktop smoke: a click on the icon opens the window');

    await until('Run now ▸ backups ▸ prune in the menu', () => runFromMenu(app, 'backups', 'prune'));
    const prune = await until('backups/prune to finish', async () => (await runs()).find((r) => r.task === 'backups/prune' && r.finished_at !== null));
    if (prune.status !== 'success') throw new Error(`backups/prune ended ${prune.status}`);
    console.log('desktop smoke: a run started from the menu finished');

    await until('Run now ▸ backups ▸ snapshot in the menu', () => runFromMenu(app, 'backups', 'snapshot'));
    const notice = await until('a notification for backups/snapshot', async () =>
      (await recorded(app)).notifications.find((n) => n.title.includes('backups/snapshot')),
    );
    console.log(`desktop smoke: a failing task notifies ("${notice.title}")`);
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
}

const binary = electronBinary();
if (!binary) {
  const line = 'desktop smoke test skipped: no Electron binary in node_modules/electron (`node node_modules/electron/install.js` fetches it)';
  console.log(line);
  process.exit(process.env.AGENT_OS_REQUIRE_ELECTRON === '1' ? 1 : 0);
}
const asar = packagedAsar();
if (!asar) {
  console.error('desktop smoke test: no packaged app under release/; run `npm run package:desktop -- --dir` first');
  process.exit(1);
}
await smoke(asar);
