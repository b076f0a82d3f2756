// Status across two engines (issue 15): a local `agent-os serve` showing a remote engine (a second serve, in
// hosted mode), 500 tasks each. The local status.get answers from the remote's status as last pushed, so it
// does not wait on the remote: median ≤ 50 ms on loopback, beside the same call to one engine alone.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../tests/helpers/remote-serve';
import { describeStats, row, sample, stats, type BenchRow } from './lib';
import { makeBenchHome, projectsYaml, sleep, startServe, writeBenchProject, type BenchHome } from './scheduler-fixtures';

const PROJECTS = 50;
const TASKS_PER_PROJECT = 10;
const CALLS = 200;

/** A home with 50 projects of 10 scheduled tasks each, plus `extra` config lines. */
function homeWith500(prefix: string, extra: string): BenchHome {
  const bench = makeBenchHome(prefix, '');
  const dirs = Array.from({ length: PROJECTS }, (_, p) =>
    writeBenchProject(
      join(bench.root, 'projects'),
      `${prefix}-${p}`,
      Array.from({ length: TASKS_PER_PROJECT }, (_, t): [string, string[]] => [`task-${t}`, ['command: ["true"]', `schedule: "${(p + t) % 60} 3 * * *"`]]),
    ),
  );
  appendFileSync(join(bench.home, 'config.yml'), `${projectsYaml(dirs)}${extra}`);
  return bench;
}

/** The server a serve announced for its home (server.json), with the home's token. */
function server(home: string): { url: string; token: string } {
  const info = JSON.parse(readFileSync(join(home, 'server.json'), 'utf8')) as { url: string };
  return { url: info.url, token: readFileSync(join(home, 'token'), 'utf8').trim() };
}

async function statusGet(target: {
  url: string;
  token: string;
}): Promise<{ projects: unknown[]; remotes?: Array<{ state: string; projects: Array<{ tasks: unknown[] }> }> }> {
  const response = await fetch(`${target.url}/api/status.get`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await response.json()) as { result: never }).result;
}

export async function remotesBench(): Promise<BenchRow[]> {
  const port = await freePort();
  const remoteHome = homeWith500('remote', '');
  const localHome = homeWith500('local', `remotes:\n  - name: prod\n    url: http://127.0.0.1:${port}\n`);
  const remote = await startServe(remoteHome.home, ['--host', '0.0.0.0', '--port', String(port)], { AGENT_OS_ALLOWED_HOSTS: 'agent.example.test' });
  const remoteApi = { url: `http://127.0.0.1:${port}`, token: readFileSync(join(remoteHome.home, 'token'), 'utf8').trim() };
  const local = await startServe(localHome.home, [], { AGENT_OS_REMOTE_PROD_TOKEN: remoteApi.token });
  try {
    const localApi = server(localHome.home);
    for (let waited = 0; ; waited += 100) {
      const doc = await statusGet(localApi);
      const tasks = doc.remotes?.[0]?.projects.reduce((n, p) => n + p.tasks.length, 0) ?? 0;
      if (doc.remotes?.[0]?.state === 'connected' && tasks === PROJECTS * TASKS_PER_PROJECT) break;
      if (waited > 30_000) throw new Error(`the remote never showed 500 tasks in the local status: ${JSON.stringify(doc.remotes?.[0]?.state)}`);
      await sleep(100);
    }
    await sample(20, () => statusGet(localApi)); // warm both
    await sample(20, () => statusGet(remoteApi));
    const two = stats(await sample(CALLS, () => statusGet(localApi)));
    const one = stats(await sample(CALLS, () => statusGet(remoteApi)));
    console.log(describeStats('status, 2 engines × 500 tasks', two));
    console.log(describeStats('status, 1 engine × 500 tasks', one));
    return [row('status.get across 2 engines × 500 tasks (median)', two.p50, 'ms', 50, one.p50, '1 engine × 500 tasks, median')];
  } finally {
    await local.stop();
    await remote.stop();
    localHome.remove();
    remoteHome.remove();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await remotesBench()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit} (baseline ${r.baseline?.toFixed(2)} ${r.unit})`);
}
