import type { Command } from 'commander';
import { withBackend } from '../cli-context';
import { paint, printJson, table } from '../format';

/** `agent-os projects [--json]`. */
export function registerProjects(program: Command): void {
  program
    .command('projects')
    .description('list the projects found, with every manifest error')
    .option('--json', 'print JSON for scripts (one object per project, with its errors and tasks)')
    .action(async (opts: { json?: boolean }) => {
      const projects = await withBackend(async (backend) => await backend.call('projects.list', undefined));
      if (opts.json) return printJson(projects);
      if (projects.length === 0) {
        process.stdout.write('No projects yet. List project folders under `projects:` or `roots:` in config.yml.\n');
        return;
      }
      const rows = projects.map((p) => [
        paint('bold', p.name),
        p.state === 'ok' ? paint('green', 'ok') : paint(['red', 'bold'], 'invalid'),
        `${p.tasks.length} task(s)`,
        paint('gray', p.path),
      ]);
      process.stdout.write(`${table(rows)}\n`);
      for (const p of projects.filter((x) => x.errors.length > 0)) {
        process.stdout.write(`\n${paint('red', `${p.name}: ${p.errors.length} error(s) in ${p.path}`)}\n`);
        for (const e of p.errors)
          process.stdout.write(`  ${e.file ?? 'agent-os.yml'}${e.line ? ` line ${e.line}` : ''}, ${e.path || '(file)'}: ${e.message}\n`);
      }
    });
}
