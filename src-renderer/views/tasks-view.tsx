import type { ProjectStatus, RemoteEngineStatus } from '../../src-main/common/models';
import { ProjectHeading } from '../components/project-heading';
import { moveBetweenRows } from '../components/row-keys';
import { useAppState } from '../app-context';
import { TaskRow } from '../components/task-row';
import { relativeTime } from '../components/time-format';
import { CHIPS, chipCounts, filterTasks, type Chip, type TaskFilter } from '../store/task-filter';
import { VirtualTasks, VIRTUAL_FROM } from './virtual-tasks';
import './engines.css';

/**
 * Every task, grouped by project, with its state and Run now; a search box and state chips filter them, a
 * project folds away; then each remote engine's, under its name. Past a few dozen tasks the list is
 * virtualized (only the rows in view are drawn).
 */
export function TasksView() {
  const status = useAppState((s) => s.status);
  const query = useAppState((s) => s.taskQuery);
  const chips = useAppState((s) => s.taskChips);
  const foldedList = useAppState((s) => s.foldedProjects);
  const setTaskFilter = useAppState((s) => s.setTaskFilter);
  const setQuery = (taskQuery: string): void => setTaskFilter({ taskQuery });
  const setChips = (taskChips: Chip[]): void => setTaskFilter({ taskChips });
  const folded: ReadonlySet<string> = new Set(foldedList);
  if (!status) return <p className="empty">Loading…</p>;
  const remotes = status.remotes ?? [];
  if (status.projects.length === 0 && remotes.length === 0) return <p className="empty">No projects yet. Add a project folder in Settings.</p>;
  const filter: TaskFilter = { query, chips };
  const filtering = query.trim() !== '' || chips.length > 0;
  const counts = chipCounts(status.projects);
  const shown = status.projects.map((project) => ({ project, tasks: filterTasks(project, filter) })).filter((g) => !filtering || g.tasks.length > 0);
  const total = shown.reduce((n, g) => n + g.tasks.length, 0);
  const toggle = (name: string): void => {
    const next = new Set(folded);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setTaskFilter({ foldedProjects: [...next] });
  };
  return (
    <div className="projects" onKeyDown={moveBetweenRows}>
      {status.paused_all ? <p className="banner warn">Everything is paused. Resume in Settings.</p> : null}
      <div className="task-toolbar" role="search">
        <input type="search" aria-label="Search tasks" placeholder="Search project, task or command" value={query} onChange={(e) => setQuery(e.target.value)} />
        <div className="chips" role="group" aria-label="Show only">
          {CHIPS.map((c) => (
            <button
              key={c}
              type="button"
              className={`chip chip-${c}`}
              aria-pressed={chips.includes(c)}
              onClick={() => setChips(chips.includes(c) ? chips.filter((x) => x !== c) : [...chips, c])}
            >
              {c} {counts[c]}
            </button>
          ))}
        </div>
      </div>
      {filtering && shown.length === 0 ? (
        <p className="empty" role="status">
          No task matches{query.trim() ? ` “${query.trim()}”` : ''}
          {chips.length ? ` among ${chips.join(' / ')} tasks` : ''}.
        </p>
      ) : null}
      {total > VIRTUAL_FROM ? (
        <VirtualTasks groups={shown} folded={folded} onToggle={toggle} />
      ) : (
        shown.map(({ project, tasks }) => (
          <ProjectSection
            key={`${project.name}@${project.path}`}
            project={project}
            tasks={tasks}
            engine={null}
            folded={folded.has(project.name)}
            onToggle={toggle}
          />
        ))
      )}
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
        <ProjectSection key={`${remote.name}:${project.name}`} project={project} tasks={project.tasks} engine={remote.name} />
      ))}
    </section>
  );
}

function ProjectSection({
  project,
  tasks,
  engine,
  folded = false,
  onToggle,
}: {
  project: ProjectStatus;
  tasks: ProjectStatus['tasks'];
  engine: string | null;
  folded?: boolean;
  onToggle?: (name: string) => void;
}) {
  return (
    <section className={`project state-${project.state}`} aria-label={`Project ${project.name}${engine ? ` on ${engine}` : ''}`}>
      <ProjectHeading project={project} engine={engine} folded={folded} onToggle={onToggle} />
      {folded ? null : tasks.length === 0 ? (
        <p className="muted">No tasks in this manifest yet.</p>
      ) : (
        <ul className="task-list">
          {tasks.map((t) => (
            <TaskRow key={t.id} task={t} engine={engine} />
          ))}
        </ul>
      )}
    </section>
  );
}
