import type { Command } from 'commander';
import type { KeyAudit, KeyFinding } from '../../../core/keys/keys-types';
import { withBackend } from '../cli-context';
import { paint, printJson } from '../format';

interface DoctorOptions {
  json?: boolean;
  markdown?: boolean;
  writeExamples?: boolean;
}

/**
 * `agent-os doctor [--json] [--markdown] [--write-examples]`: the key-hygiene audit (SPEC §8). Exits 1 when
 * it finds a problem so a script or a pre-commit hook can gate on it; --markdown is an export and exits 0.
 */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check key hygiene: shared secrets, env files git tracks or does not ignore, keys in Agent OS’s own environment (exits 1 on a problem)')
    .option('--json', 'print JSON for scripts: {"findings":[…],"inventory":[…]}')
    .option('--markdown', 'print the per-project inventory of services and variable names (no values) as Markdown')
    .option('--write-examples', 'write a names-only .env.example for each project that lacks one (never overwrites)')
    .action(async (opts: DoctorOptions) => {
      if (opts.markdown) {
        process.stdout.write(await withBackend(async (backend) => await backend.call('keys.inventoryMarkdown', undefined)));
        return;
      }
      const { audit, written } = await withBackend(async (backend) => {
        const written: string[] = [];
        let audit = await backend.call('keys.audit', undefined);
        if (opts.writeExamples) {
          for (const f of audit.findings.filter((x) => x.kind === 'missing_env_example')) {
            for (const project of f.projects) {
              const result = await backend.call('keys.writeEnvExample', { project });
              if (result.written) written.push(result.path);
            }
          }
          if (written.length) audit = await backend.call('keys.audit', undefined);
        }
        return { audit, written };
      });
      if (opts.json) printJson({ findings: audit.findings, inventory: audit.inventory, ...(opts.writeExamples ? { written } : {}) });
      else printHuman(audit, written);
      if (audit.findings.length > 0) process.exitCode = 1;
    });
}

function printHuman(audit: KeyAudit, written: readonly string[]): void {
  const out: string[] = [];
  for (const path of written) out.push(`${paint('green', '✔')} wrote ${path} (variable names only)`);
  if (written.length) out.push('');
  const envFiles = audit.inventory.reduce((n, p) => n + p.env_files.length, 0);
  const checked = `checked ${audit.inventory.length} project(s), ${envFiles} env file(s)`;
  if (audit.findings.length === 0) {
    out.push(`${paint('green', '✔')} No key-hygiene problems (${checked}).`);
  } else {
    out.push(`${paint(['red', 'bold'], `${audit.findings.length} key-hygiene problem(s)`)} (${checked})`);
    const groups = new Map<string, KeyFinding[]>();
    for (const f of audit.findings) groups.set(f.kind, [...(groups.get(f.kind) ?? []), f]);
    for (const findings of groups.values()) {
      out.push('', paint('bold', `✘ ${findings[0]?.title ?? ''} (${findings.length})`));
      for (const f of findings) {
        out.push(`  • ${f.detail}`);
        out.push(`    ${paint('cyan', 'Fix:')} ${f.fix}`);
      }
    }
  }
  const used = audit.inventory.filter((p) => p.services.length > 0);
  if (used.length) {
    out.push('', paint('bold', 'Services by project') + paint('gray', ' (variable names: agent-os doctor --markdown)'));
    for (const p of used) out.push(`  ${p.project}: ${p.services.map((s) => `${s.service} (${s.variables.length})`).join(', ')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
