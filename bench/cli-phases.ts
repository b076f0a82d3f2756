// Where a CLI `status --json` spends its time: runs cli-phases-child.ts in fresh plain Node processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { stats } from './lib';

/** Median ms per phase over `samples` fresh processes, in the order the phases ran. */
export async function cliPhases(home: string, samples: number): Promise<Array<[string, number]>> {
  const source = readFileSync(fileURLToPath(new URL('./cli-phases-child.ts', import.meta.url)), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
  const dir = mkdtempSync(join(tmpdir(), 'agent-os-bench-phases-'));
  const child = join(dir, 'cli-phases-child.mjs');
  writeFileSync(child, code);
  const coreEntry = fileURLToPath(new URL('../dist/headless/core-entry.mjs', import.meta.url));
  // The child lives outside the checkout, so hand it the CLI's other dependency by path.
  const commander = createRequire(import.meta.url).resolve('commander');

  const runs: Array<Record<string, number>> = [];
  try {
    for (let i = 0; i < samples; i++) {
      const result = spawnSync(process.execPath, [child, coreEntry, commander, home], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`the CLI phase probe failed: ${result.stderr}`);
      runs.push((JSON.parse(result.stdout) as { phases: Record<string, number> }).phases);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const names = Object.keys(runs[0] ?? {});
  return names.map((name) => [name, stats(runs.map((r) => r[name] ?? Number.NaN)).p50]);
}
