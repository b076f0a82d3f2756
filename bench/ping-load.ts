// Heartbeat ping load on a real `agent-os serve` (its own process, so the load generator does not share its
// event loop): 10,000 pings from 50 keep-alive clients per run, mixed start/success/fail/exit with ?rid=
// pairing, over ~10 heartbeat tasks; one run crosses a minute boundary. Baseline: a bare node:http server
// (also its own process) answering 200, measured by the same client in the same session. Every ping must
// be recorded (ping_events rows == pings sent), and the API must answer a status call during the load.
// PING_LOAD_CPU_PROF=<dir> writes a --cpu-prof of the serve process there and prints its hottest functions.
import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { describeStats, stats, type BenchRow, type Stats } from './lib';
import { makeBenchHome, projectsYaml, sleep, writeBenchProject } from './scheduler-fixtures';

const PINGS_PER_RUN = 10_000;
const CLIENTS = 50;
const RUNS = 3;
const WARM_UP = 2_000;
const TASKS = 10;
const TARGET_PER_SECOND = 5_000;
const TARGET_P99_MS = 20;
const CLI = fileURLToPath(new URL('../bin/agent-os.js', import.meta.url));
const PROFILE_DIR = process.env.PING_LOAD_CPU_PROF;

/** A server process under load: where it listens and how to stop it. */
interface Target {
  label: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** One measured run. */
interface LoadRun {
  latencies: number[];
  seconds: number;
  perSecond: number;
  statuses: Map<number, number>;
  startedAt: number;
  endedAt: number;
  statusCall?: { status: number; ms: number; projects: number };
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AGENT_OS_') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Resolves with the first stdout match of `pattern` in a child's output, or rejects when it exits first. */
function awaitOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${String(code)}) before it was ready: ${err.trim()}`)));
    setTimeout(() => reject(new Error(`${what} was not ready within 60 s: ${err.trim()}`)), 60_000).unref();
  });
}

function stopper(child: ChildProcessWithoutNullStreams): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
}

async function startAgentOs(home: string): Promise<Target> {
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, CLI, 'serve'], { env: childEnv({ AGENT_OS_HOME: home }) });
  const match = await awaitOutput(child, /Dashboard: http:\/\/127\.0\.0\.1:(\d+)\//, 'agent-os serve');
  return { label: 'agent-os serve', port: Number(match[1]), pid: child.pid ?? -1, stop: stopper(child) };
}

const BARE_SERVER = `const http = require('node:http');
const server = http.createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }); res.end('OK\\n'); });
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));`;

async function startBare(): Promise<Target> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { env: childEnv() });
  const match = await awaitOutput(child, /port (\d+)/, 'bare node:http server');
  return { label: 'bare node:http', port: Number(match[1]), pid: child.pid ?? -1, stop: stopper(child) };
}

function send(
  agent: http.Agent,
  port: number,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The i-th ping of client c, over a cycle of four: start (rid), its end (success, /fail or an exit status),
 * a plain success, a plain exit 0. Every start is followed by its own end from the same client.
 */
function pingPath(keys: readonly string[], run: string, c: number, i: number): string {
  const key = keys[(c + Math.floor(i / 4)) % keys.length] ?? '';
  const rid = `${run}-${c}-${Math.floor(i / 4)}`;
  switch (i % 4) {
    case 0:
      return `/ping/${key}/start?rid=${rid}`;
    case 1: {
      const end = Math.floor(i / 4) % 5;
      return `/ping/${key}${end === 3 ? '/fail' : end === 4 ? '/7' : ''}?rid=${rid}`;
    }
    case 2:
      return `/ping/${key}`;
    default:
      return `/ping/${key}/0`;
  }
}

/** Sends `total` pings from CLIENTS concurrent keep-alive clients; optionally a status call halfway. */
async function load(target: Target, keys: readonly string[], run: string, total: number, statusToken?: string): Promise<LoadRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const perClient = Math.ceil(total / CLIENTS / 4) * 4;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  let statusCall: LoadRun['statusCall'];
  let statusPromise: Promise<void> | null = null;
  const startedAt = Date.now();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < perClient && sent < total; i++) {
        sent++;
        if (statusToken && statusPromise === null && sent >= total / 2) {
          const s0 = performance.now();
          const side = new http.Agent({ keepAlive: false });
          statusPromise = send(
            side,
            target.port,
            '/api/status.get',
            'POST',
            { authorization: `Bearer ${statusToken}`, 'content-type': 'application/json' },
            '{}',
          ).then((answer) => {
            const parsed = JSON.parse(answer.text) as { result?: { projects?: unknown[] } };
            statusCall = { status: answer.status, ms: performance.now() - s0, projects: parsed.result?.projects?.length ?? 0 };
          });
        }
        const r0 = performance.now();
        const answer = await send(agent, target.port, pingPath(keys, run, c, i));
        latencies.push(performance.now() - r0);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await statusPromise;
  agent.destroy();
  return { latencies, seconds, perSecond: latencies.length / seconds, statuses, startedAt, endedAt: Date.now(), statusCall };
}

/** Waits until `lead` ms before the next minute boundary (skipping to the next one if too close). */
async function untilBeforeMinute(lead: number): Promise<void> {
  const into = Date.now() % 60_000;
  const wait = (60_000 - lead - into + 60_000) % 60_000;
  if (wait > 0) await sleep(wait);
}

function describeRun(label: string, r: LoadRun): string {
  const s = stats(r.latencies);
  const crossed = Math.floor(r.startedAt / 60_000) !== Math.floor(r.endedAt / 60_000);
  const codes = JSON.stringify(Object.fromEntries(r.statuses));
  const status = r.statusCall ? `; status.get during load: ${r.statusCall.status} in ${r.statusCall.ms.toFixed(1)} ms (${r.statusCall.projects} project)` : '';
  return `  ${label.padEnd(28)} ${r.perSecond.toFixed(0).padStart(6)} pings/s  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(1)} ms  ${codes}${crossed ? '  [crossed a minute boundary]' : ''}${status}`;
}

function countRows(home: string): { pings: number; running: number; byKind: Record<string, number> } {
  const db = new Database(join(home, 'agent-os.db'), { readonly: true });
  try {
    const pings = (db.prepare('SELECT COUNT(*) AS n FROM ping_events').get() as { n: number }).n;
    const running = (db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'running'").get() as { n: number }).n;
    const kinds = db.prepare('SELECT kind, COUNT(*) AS n FROM ping_events GROUP BY kind').all() as Array<{ kind: string; n: number }>;
    return { pings, running, byKind: Object.fromEntries(kinds.map((k) => [k.kind, k.n])) };
  } finally {
    db.close();
  }
}

/** The hottest functions (self time) of the newest .cpuprofile in PROFILE_DIR. */
function hottest(dir: string, top = 20): string[] {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .pop();
  if (!file) return ['  (no .cpuprofile written)'];
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: Node[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFrame = new Map<string, number>();
  for (const node of profile.nodes) {
    const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${node.callFrame.lineNumber + 1}`;
    byFrame.set(where, (byFrame.get(where) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...byFrame.values()].reduce((a, b) => a + b, 0);
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${where}`)
    .concat([`  (${join(dir, file)}, ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled)`]);
}

export async function pingLoad(): Promise<BenchRow[]> {
  const bench = makeBenchHome('ping-load', '');
  const tasks = Array.from({ length: TASKS }, (_, t): [string, string[]] => [
    `beat-${t}`,
    [t % 2 === 0 ? 'heartbeat: { period: 1h, grace: 1h }' : 'heartbeat: { schedule: "* * * * *", grace: 10m }'],
  ]);
  const dir = writeBenchProject(join(bench.root, 'projects'), 'pingers', tasks);
  appendFileSync(join(bench.home, 'config.yml'), projectsYaml([dir]));
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const bare = await startBare();
  let serve: Target | null = null;
  try {
    serve = await startAgentOs(bench.home);
    const token = readFileSync(join(bench.home, 'token'), 'utf8').trim();
    const side = new http.Agent({ keepAlive: false });
    const listed = JSON.parse(
      (await send(side, serve.port, '/api/tasks.list', 'POST', { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, '{}')).text,
    ) as { result: Array<{ ping_url?: string }> };
    const keys = listed.result.flatMap((t) => (t.ping_url ? [t.ping_url.split('/ping/')[1] ?? ''] : []));
    if (keys.length !== TASKS) throw new Error(`expected ${TASKS} heartbeat tasks, found ${keys.length}`);

    let sent = 0;
    const warm = await load(serve, keys, 'warm', WARM_UP);
    await load(bare, keys, 'warm', WARM_UP);
    sent += warm.latencies.length;
    const agentRuns: LoadRun[] = [];
    const bareRuns: LoadRun[] = [];
    console.log(
      `  ${TASKS} heartbeat tasks; ${RUNS} runs of ${PINGS_PER_RUN} pings from ${CLIENTS} keep-alive clients each way (after ${WARM_UP} warm-up pings)`,
    );
    for (let r = 0; r < RUNS; r++) {
      // The middle run starts 1.5 s before a minute boundary, so the load spans it.
      if (r === 1) await untilBeforeMinute(1500);
      const a = await load(serve, keys, `r${r}`, PINGS_PER_RUN, token);
      agentRuns.push(a);
      sent += a.latencies.length;
      console.log(describeRun(`agent-os serve, run ${r + 1}`, a));
      const b = await load(bare, keys, `r${r}`, PINGS_PER_RUN);
      bareRuns.push(b);
      console.log(describeRun(`bare node:http, run ${r + 1}`, b));
    }

    const rows = countRows(bench.home);
    const failedAnswers = agentRuns.concat([warm]).reduce((n, r) => n + r.latencies.length - (r.statuses.get(200) ?? 0), 0);
    console.log(
      `  pings sent ${sent}, ping_events rows ${rows.pings} (${rows.pings === sent ? 'none lost' : `${sent - rows.pings} LOST`}); non-200 answers ${failedAnswers}; runs left running ${rows.running}; by kind ${JSON.stringify(rows.byKind)}`,
    );
    if (rows.pings !== sent) throw new Error(`${sent - rows.pings} of ${sent} pings were answered but not recorded`);
    if (failedAnswers > 0) throw new Error(`${failedAnswers} pings were not answered 200`);
    const statusCalls = agentRuns.map((r) => r.statusCall);
    if (statusCalls.some((s) => !s || s.status !== 200 || s.projects < 1)) throw new Error(`status.get during the load failed: ${JSON.stringify(statusCalls)}`);

    const all = (runs: LoadRun[]): Stats => stats(runs.flatMap((r) => r.latencies));
    const rate = (runs: LoadRun[]): number => runs.reduce((n, r) => n + r.latencies.length, 0) / runs.reduce((s, r) => s + r.seconds, 0);
    const agent = all(agentRuns);
    const base = all(bareRuns);
    const agentRate = rate(agentRuns);
    const bareRate = rate(bareRuns);
    console.log(describeStats('agent-os serve, all runs', agent));
    console.log(describeStats('bare node:http, all runs', base));
    console.log(
      `  throughput: agent-os ${agentRate.toFixed(0)} pings/s, bare ${bareRate.toFixed(0)} req/s, ratio bare/agent-os ${(bareRate / agentRate).toFixed(2)}×; status.get during load: ${statusCalls.map((s) => `${s?.ms.toFixed(1) ?? '?'} ms`).join(', ')}`,
    );
    if (PROFILE_DIR) {
      await serve.stop();
      serve = null;
      console.log('  hottest functions of the serve process (self time):');
      for (const line of hottest(PROFILE_DIR)) console.log(line);
    }
    // Throughput as time per ping (1000 / pings per second), so a lower figure is better like every other row.
    return [
      {
        name: `time per ping at ${CLIENTS} clients (1/throughput)`,
        value: 1000 / agentRate,
        unit: 'ms',
        baseline: 1000 / bareRate,
        baselineLabel: 'bare node:http',
        ratio: bareRate / agentRate,
        target: 1000 / TARGET_PER_SECOND,
      },
      {
        name: 'ping latency p50',
        value: agent.p50,
        unit: 'ms',
        baseline: base.p50,
        baselineLabel: 'bare node:http',
        ratio: agent.p50 / base.p50,
        target: null,
      },
      {
        name: 'ping latency p99',
        value: agent.p99,
        unit: 'ms',
        baseline: base.p99,
        baselineLabel: 'bare node:http',
        ratio: agent.p99 / base.p99,
        target: TARGET_P99_MS,
      },
      {
        name: 'status.get during ping load (max)',
        value: Math.max(...statusCalls.map((s) => s?.ms ?? Number.NaN)),
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: null,
      },
    ];
  } finally {
    await serve?.stop();
    await bare.stop();
    bench.remove();
  }
}
