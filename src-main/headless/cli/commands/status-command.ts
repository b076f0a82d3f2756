import type { Command } from 'commander';
import type { ProjectHealth, ProjectStatus, RemoteEngineStatus, StatusReport } from '../../../common/models';
import { REMOTE_OPTION, withBackend } from '../cli-context';
import { clip, paint, printJson, relativeTime, stateLabel, table } from '../format';
import { attentionOnly, projectNeedsAttention, reportNeedsAttention, summaryLine } from '../status-summary';

/** `agent-os status [--json] [--failing] [--exit-code]`: every project and task, worst first, then a summary line. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show every project and task: state, last run, next run, and a summary line')
    .option('--json', 'print JSON for scripts (every project and its tasks; see the README)')
    .option(
      '--failing',
      'list only what needs attention: failing, down or late tasks, invalid projects, projects whose status command reports trouble, config.yml problems, unreachable remotes',
    )
    .option('--exit-code', 'exit with status 1 when something needs attention (what --failing lists), for scripts and menubar plugins')
    .option(...REMOTE_OPTION)
    .action(async (opts: { json?: boolean; failing?: boolean; exitCode?: boolean; remote?: string }) => {
      const full = await withBackend(async (backend) => await backend.call('status.get', undefined), opts.remote);
      if (opts.exitCode && reportNeedsAttention(full)) process.exitCode = 1;
      const report = opts.failing ? onlyAttention(full) : full;
      if (opts.json) return printJson(report);
      for (const n of report.notices ?? []) process.stdout.write(`${paint('red', '!')} ${n}\n`);
      for (const n of report.source_notes ?? []) process.stdout.write(`${paint('yellow', 'note')} ${n}\n`);
      for (const e of report.config_errors)
        process.stdout.write(`${paint('yellow', `! config.yml${e.line ? `:${e.line}` : ''}`)} ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
      if (full.projects.length === 0 && !full.remotes?.length) {
        process.stdout.write('No projects yet. Add a project folder (one holding an agent-os.yml) under `projects:` or `roots:` in config.yml.\n');
        return;
      }
      if (report.projects.length > 0) process.stdout.write(report.projects.map(renderProject).join('\n\n') + '\n');
      for (const remote of report.remotes ?? []) process.stdout.write(`\n${renderRemote(remote)}\n`);
      if (opts.failing && !reportNeedsAttention(full)) process.stdout.write(`${paint('green', 'Nothing needs attention.')}\n`);
      process.stdout.write(`${report.projects.length > 0 || report.remotes?.length ? '\n' : ''}${summaryLine(full)}\n`);
    });
}

/** The report cut to what needs attention (`--failing`); a remote stays while it is unreachable or has some. */
function onlyAttention(report: StatusReport): StatusReport {
  const cut = (projects: ProjectStatus[]): ProjectStatus[] => projects.filter(projectNeedsAttention).map(attentionOnly);
  const remotes = (report.remotes ?? []).map((r) => ({ ...r, projects: cut(r.projects) })).filter((r) => r.state === 'unreachable' || r.projects.length > 0);
  return { ...report, projects: cut(report.projects), ...(report.remotes ? { remotes } : {}) };
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
  const header = `${paint('bold', p.name)}  ${p.state === 'invalid' ? paint(['red', 'bold'], 'invalid manifest') : paint('gray', p.path)}${renderHealth(p.health)}`;
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

/** What the project's own status command last said ("  ● degraded: queue at 80%"), or nothing. */
function renderHealth(h: ProjectHealth | null | undefined): string {
  if (!h) return '';
  const style: Parameters<typeof paint>[0] = h.state === 'ok' ? 'green' : h.state === 'degraded' ? 'yellow' : ['red', 'bold'];
  const text = h.error ?? h.message;
  return `  ${paint(style, `● ${h.state === 'unknown' ? 'status unknown' : h.state}`)}${text ? `: ${clip(text, 80)}` : ''}${paint('gray', ` (reported ${relativeTime(h.at)})`)}`;
}
