import type { ProjectStatus, RemoteEngineStatus } from '../../src-main/common/models';
import { useAppState } from '../app-context';
import { TaskRow } from '../components/task-row';
import { relativeTime } from '../components/time-format';
import './engines.css';

/** Every task, grouped by project, with its state and Run now; then each remote engine's, under its name. */
export function TasksView() {
  const status = useAppState((s) => s.status);
  if (!status) return <p className="empty">Loading…</p>;
  const remotes = status.remotes ?? [];
  if (status.projects.length === 0 && remotes.length === 0) return <p className="empty">No projects yet. Add a project folder in Settings.</p>;
  return (
    <div className="projects">
      {status.paused_all ? <p className="banner warn">Everything is paused. Resume in Settings.</p> : null}
      {status.projects.map((project) => (
        <ProjectSection key={`${project.name}@${project.path}`} project={project} engine={null} />
      ))}
      {remotes.map((remote) => (
        <RemoteSection key={remote.name} remote={remote} />
      ))}
    </div>
  );
}

/** A remote engine: whether it answers (and since when), then its projects as it last reported them. */
function RemoteSection({ remote }: { remote: RemoteEngineStatus }) {
  return (
    <section className={`engine engine-${remote.state}`} aria-label={`Engine ${remote.name}`}>
      <h2 className="engine-heading">
        {remote.name} <span className="muted">· remote {remote.state === 'connected' ? '· connected' : ''}</span>
      </h2>
      {remote.state === 'unreachable' ? (
        <p className="banner warn" role="status">
          Server {remote.name} is unreachable since {relativeTime(remote.since)}
          {remote.error ? `: ${remote.error}` : ''}. Its last known state is shown.
        </p>
      ) : null}
      {remote.state === 'connecting' ? <p className="muted">Connecting to {remote.url}…</p> : null}
      {remote.projects.map((project) => (
        <ProjectSection key={`${remote.name}:${project.name}`} project={project} engine={remote.name} />
      ))}
    </section>
  );
}

function ProjectSection({ project, engine }: { project: ProjectStatus; engine: string | null }) {
  return (
    <section className={`project state-${project.state}`} aria-label={`Project ${project.name}${engine ? ` on ${engine}` : ''}`}>
      <h2>
        {project.name}
        {engine ? <span className="badge engine-badge">{engine}</span> : null}
        {project.state === 'invalid' ? <span className="badge state-failing">Invalid manifest</span> : null}
      </h2>
      {project.errors.length > 0 ? (
        <ul className="manifest-errors">
          {project.errors.map((e, i) => (
            <li key={i}>
              <code>{e.file ? `${e.file}${e.path ? `: ${e.path}` : ''}` : e.path || 'agent-os.yml'}</code>
              {e.line ? ` (line ${e.line})` : ''}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {project.tasks.length === 0 ? (
        <p className="muted">No tasks in this manifest yet.</p>
      ) : (
        <ul className="task-list">
          {project.tasks.map((t) => (
            <TaskRow key={t.id} task={t} engine={engine} />
          ))}
        </ul>
      )}
    </section>
  );
}
