import { useAppState } from '../app-context';
import { TaskRow } from '../components/task-row';

/** Every task, grouped by project, with its state and Run now. */
export function TasksView() {
  const status = useAppState((s) => s.status);
  if (!status) return <p className="empty">Loading…</p>;
  if (status.projects.length === 0) return <p className="empty">No projects yet. Add a project folder in Settings.</p>;
  return (
    <div className="projects">
      {status.paused_all ? <p className="banner warn">Everything is paused. Resume in Settings.</p> : null}
      {status.projects.map((project) => (
        <section key={`${project.name}@${project.path}`} className={`project state-${project.state}`} aria-label={`Project ${project.name}`}>
          <h2>
            {project.name}
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
                <TaskRow key={t.id} task={t} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
