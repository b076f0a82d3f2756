import type { TaskState, TaskStatus } from '../../src-main/common/models';
import { useAppState } from '../app-context';
import { TaskRow } from '../components/task-row';
import { engineTasks, unreachableRemotes } from '../store/engine-tasks';
import { relativeTime } from '../components/time-format';

const ORDER: Record<TaskState, number> = { failing: 0, down: 1, late: 2, running: 3, paused: 4, unknown: 5, never: 6, ok: 7 };

/** Health first: what is broken, then what runs next and what just ran. */
export function OverviewView() {
  const status = useAppState((s) => s.status);
  const setView = useAppState((s) => s.setView);
  if (!status) return <p className="empty">Loading…</p>;
  const tasks = status.projects.flatMap((p) => p.tasks);
  const invalid = status.projects.filter((p) => p.state === 'invalid');
  if (status.projects.length === 0) {
    return (
      <div className="empty">
        <h2>No projects yet</h2>
        <p>Add a project folder (one holding an agent-os.yml) in Settings, or list it under `projects:` in config.yml.</p>
        <button type="button" onClick={() => setView('settings')}>
          Add a project folder
        </button>
      </div>
    );
  }
  // What needs attention, on every engine this one shows (a remote's tasks are labelled with its name).
  const problems = engineTasks(status)
    .filter(({ task: t }) => ['failing', 'down', 'late'].includes(t.state))
    .sort((a, b) => ORDER[a.task.state] - ORDER[b.task.state]);
  const away = unreachableRemotes(status);
  const configErrors = status.config_errors;
  // A heartbeat whose ping is overdue is not "next": it is late (or down) and shows above.
  const now = Date.now();
  const next = tasks
    .filter((t) => t.next_run && t.state !== 'paused' && !(t.kind === 'heartbeat' && Date.parse(t.next_run) < now))
    .sort((a, b) => (a.next_run ?? '').localeCompare(b.next_run ?? ''))
    .slice(0, 5);
  // Problem tasks are already above; each task shows once on this page.
  const recent = tasks
    .filter((t) => t.last_run && !problems.some((p) => p.task === t))
    .sort((a, b) => (b.last_run?.id ?? 0) - (a.last_run?.id ?? 0))
    .slice(0, 5);
  return (
    <div className="overview">
      {status.examples ? <ExamplesNote folder={status.examples} onAdd={() => setView('settings')} /> : null}
      {problems.length === 0 && invalid.length === 0 && away.length === 0 && configErrors.length === 0 ? (
        <p className="all-good" role="status">
          {allGoodText(tasks)}
        </p>
      ) : (
        <section aria-label="Needs attention">
          <h2>Needs attention</h2>
          {configErrors.map((e, i) => (
            <p key={`config-${i}`} className="invalid-project config-error">
              <strong>config.yml</strong>
              {e.line ? ` line ${e.line}` : ''}
              {e.path ? ` (${e.path})` : ''}: {e.message}
            </p>
          ))}
          {invalid.map((p) => (
            <p key={p.name} className="invalid-project">
              <strong>{p.name}</strong>: invalid agent-os.yml ({p.errors.length} error{p.errors.length === 1 ? '' : 's'}) — {p.errors[0]?.path}:{' '}
              {p.errors[0]?.message}
            </p>
          ))}
          {away.map((r) => (
            <p key={r.name} className="invalid-project">
              <strong>Server {r.name}</strong> is unreachable since {relativeTime(r.since)}
              {r.error ? `: ${r.error}` : ''}
            </p>
          ))}
          <ul className="task-list">
            {problems.map(({ task: t, engine }) => (
              <TaskRow key={`${engine ?? ''}:${t.id}`} task={t} showProject engine={engine} />
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Next up">
        <h2>Next up</h2>
        {next.length === 0 ? (
          <p className="muted">Nothing scheduled.</p>
        ) : (
          <ul className="compact-list">
            {next.map((t) => (
              <NextItem key={t.id} task={t} />
            ))}
          </ul>
        )}
      </section>
      {recent.length > 0 ? (
        <section aria-label="Recently ran">
          <h2>Recently ran</h2>
          <ul className="task-list">
            {recent.map((t) => (
              <TaskRow key={t.id} task={t} showProject />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function NextItem({ task }: { task: TaskStatus }) {
  return (
    <li>
      <span>{task.id}</span>
      <span className="muted">{relativeTime(task.next_run)}</span>
    </li>
  );
}

/** "All 6 tasks are healthy.", or, while some have never run, no claim about those. */
function allGoodText(tasks: readonly TaskStatus[]): string {
  const never = tasks.filter((t) => t.state === 'never').length;
  if (never === 0) return `All ${tasks.length} tasks are healthy.`;
  return `Nothing needs attention. ${never === tasks.length ? 'No task has run yet.' : `${never} of ${tasks.length} tasks have not run yet.`}`;
}

/** Shown while the engine runs the example projects (config.yml lists none): what they are and how to add one's own. */
function ExamplesNote({ folder, onAdd }: { folder: string; onAdd: () => void }) {
  return (
    <section className="examples-note" aria-label="Example projects">
      <p>
        These are example projects, copied to <code>{folder}</code> so you can run and edit them. Add your own project (a folder with an agent-os.yml) in
        Settings, or list it under `projects:` in config.yml; the examples then go away.
      </p>
      <button type="button" onClick={onAdd}>
        Add a project folder
      </button>
    </section>
  );
}
