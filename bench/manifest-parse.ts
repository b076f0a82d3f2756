// Manifest parse near the 1 MB cap (issue 22): loadManifest on a 1,000 KB agent-os.yml of ~14,000 tasks
// (read, YAML, duplicate-key check, schema), and the refusal of a 5 MB one, which must not parse at all.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest } from '../src-main/core/projects/load-manifest';
import { describeStats, row, sample, stats, type BenchRow } from './lib';

function manifestOf(bytes: number): string {
  const parts = ['name: big\ntasks:\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const block = `  task_${i}:\n    command: ["echo", "hi"]\n    schedule: "*/5 * * * *"\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

export async function manifestParseBench(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'agent-os-bench-manifest-'));
  try {
    const near = join(root, 'near');
    const over = join(root, 'over');
    mkdirSync(near);
    mkdirSync(over);
    writeFileSync(join(near, 'agent-os.yml'), manifestOf(1000 * 1024));
    writeFileSync(join(over, 'agent-os.yml'), manifestOf(5 * 1024 * 1024));
    const nearStats = stats(await sample(5, () => loadManifest(near)));
    const overStats = stats(await sample(20, () => loadManifest(over)));
    console.log(`  ${describeStats('1,000 KB manifest parsed', nearStats)}`);
    console.log(`  ${describeStats('5 MB manifest refused', overStats)}`);
    return [row('manifest of 1,000 KB parsed (median)', nearStats.p50, 'ms', 100), row('manifest of 5 MB refused (median)', overStats.p50, 'ms', 5)];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
