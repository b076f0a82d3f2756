import type { Command } from 'commander';
import type { ProjectStatus, RemoteEngineStatus } from '../../../common/models';
import { REMOTE_OPTION, withBackend } from '../cli-context';
import { clip, paint, printJson, relativeTime, stateLabel, table } from '../format';

/** `agent-os status [--json]`: every project and task, worst first. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show every project and task: state, last run, next run')
    .option('--json', 'print the SPEC §10 JSON document')
    .option(...REMOTE_OPTION)
    .action(async (opts: { json?: boolean; remote?: string }) => {
      const report = await withBackend(async (backend) => await backend.call('status.get', undefined), opts.remote);
      if (opts.json) return printJson(report);
      for (const n of report.notices ?? []) process.stdout.write(`${paint('red', '!')} ${n}\n`);
      for (const n of report.source_notes ?? []) process.stdout.write(`${paint('yellow', 'note')} ${n}\n`);
      for (const e of report.config_errors)
        process.stdout.write(`${paint('yellow', `! config.yml${e.line ? `:${e.line}` : ''}`)} ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
      if (report.projects.length === 0) {
        process.stdout.write('No projects yet. Add a project folder (one holding an agent-os.yml) under `projects:` or `roots:` in config.yml.\n');
        return;
      }
      process.stdout.write(report.projects.map(renderProject).join('\n\n') + '\n');
      for (const remote of report.remotes ?? []) process.stdout.write(`\n${renderRemote(remote)}\n`);
    });
}

/** A remote engine (config `remotes`) the server shows: whether it answers, then its projects. */
function renderRemote(r: RemoteEngineStatus): string {
  const state =
    r.state === 'connected'
      ? paint('green', 'connected')
      : r.state === 'unreachable'
        ? paint(['red', 'bold'], `unreachable since ${relativeTime(r.since)}${r.error ? `: ${r.error}` : ''}`)
        : paint('gray', 'connecting…');
  const projects = r.projects.map((p) => renderProject(p).replace(/^/gm, '  '));
  return [`${paint('bold', `▸ remote ${r.name}`)}  ${paint('gray', r.url)}  ${state}`, ...projects].join('\n');
}

function renderProject(p: ProjectStatus): string {
  const header = `${paint('bold', p.name)}  ${p.state === 'invalid' ? paint(['red', 'bold'], 'invalid manifest') : paint('gray', p.path)}`;
  // An error in a file beside the manifest (a workflow, a Railway config) names that file.
  const where = (e: ProjectStatus['errors'][number]): string => (e.file ? `${e.file}${e.path ? `: ${e.path}` : ''}` : e.path || 'agent-os.yml');
  const errors = p.errors.map((e) => `  ${paint('red', '✘')} ${where(e)}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`);
  const rows = p.tasks.map((t) => [
    `  ${t.id.slice(p.name.length + 1)}`,
    stateLabel(t.state),
    t.last_run ? `last ${relativeTime(t.last_run.finished_at ?? t.last_run.started_at ?? t.last_run.queued_at)} (#${t.last_run.id})` : 'never run',
    t.next_run ? `next ${relativeTime(t.next_run)}` : t.schedule ? `schedule ${t.schedule}` : 'on demand',
    t.state === 'failing' && t.last_run?.error
      ? paint('red', clip(t.last_run.error, 70))
      : t.note
        ? paint('yellow', clip(t.note, 70))
        : t.linked
          ? paint('gray', clip(t.linked, 70))
          : '',
  ]);
  return [header, ...errors, ...(rows.length ? [table(rows)] : p.state === 'ok' ? ['  (no tasks)'] : [])].join('\n');
}
