import { useCallback, useRef, type KeyboardEvent } from 'react';
import { ConfigErrors } from './components/config-errors';
import { useAppState } from './app-context';
import { engineTasks, unreachableRemotes } from './store/engine-tasks';
import { VIEWS, type ViewName } from './store/ui-slice';
import { LinkBanner } from './components/link-banner';
import { useDetailFocus } from './components/focus-return';
import { AlertsView } from './views/alerts-view';
import { CostsView } from './views/costs-view';
import { KeysView } from './views/keys-view';
import { OverviewView } from './views/overview-view';
import { RunDetail } from './views/run-detail';
import { RunsView } from './views/runs-view';
import { ScheduleView } from './views/schedule-view';
import { SettingsView } from './views/settings-view';
import { TaskPage } from './views/task-page';
import { TasksView } from './views/tasks-view';

const LABELS: Record<ViewName, string> = {
  overview: 'Overview',
  tasks: 'Tasks',
  runs: 'Runs',
  schedule: 'Schedule',
  alerts: 'Alerts',
  costs: 'Costs',
  keys: 'Keys',
  settings: 'Settings',
};

/** The tray window / dashboard: health at the top, one view below. */
export function App() {
  const view = useAppState((s) => s.view);
  const openRunId = useAppState((s) => s.openRunId);
  const openRunEngine = useAppState((s) => s.openRunEngine);
  const openTaskId = useAppState((s) => s.openTaskId);
  const error = useAppState((s) => s.error);
  const dismiss = useAppState((s) => s.dismissError);
  const offline = useAppState((s) => s.linkSeen && !s.linkUp);
  const openRun = useAppState((s) => s.openRun);
  const openTask = useAppState((s) => s.openTask);
  // Escape closes what is on top: the run, else the task's page.
  const closeDetail = useCallback(() => (openRunId !== null ? openRun(null) : openTask(null)), [openRunId, openRun, openTask]);
  useDetailFocus(openRunId !== null || openTaskId !== null, closeDetail);
  const status = useAppState((s) => s.status);
  return (
    <div className={`app${offline ? ' offline' : ''}`}>
      <Header />
      <Nav />
      <LinkBanner />
      <ConfigErrors status={status} listedBelow={view === 'overview' && openRunId === null && openTaskId === null} />
      {error && !offline ? (
        <div className="banner error" role="alert">
          <span>{error}</span>
          <button type="button" className="link" onClick={dismiss} aria-label="Dismiss error">
            Dismiss
          </button>
        </div>
      ) : null}
      <main>
        {openRunId !== null ? <RunDetail id={openRunId} engine={openRunEngine} /> : openTaskId !== null ? <TaskPage id={openTaskId} /> : <View view={view} />}
      </main>
    </div>
  );
}

function View({ view }: { view: ViewName }) {
  switch (view) {
    case 'overview':
      return <OverviewView />;
    case 'tasks':
      return <TasksView />;
    case 'runs':
      return <RunsView />;
    case 'schedule':
      return <ScheduleView />;
    case 'settings':
      return <SettingsView />;
    case 'alerts':
      return <AlertsView />;
    case 'costs':
      return <CostsView />;
    case 'keys':
      return <KeysView />;
  }
}

function Header() {
  const status = useAppState((s) => s.status);
  const linkUp = useAppState((s) => s.linkUp);
  // Every engine's tasks count: the header is the health of everything the user watches.
  const tasks = status ? engineTasks(status).map((t) => t.task) : [];
  const count = (state: string): number => tasks.filter((t) => t.state === state).length;
  const failing = count('failing') + count('down');
  const late = count('late');
  const running = count('running');
  const invalid = status?.projects.filter((p) => p.state === 'invalid').length ?? 0;
  const away = status ? unreachableRemotes(status) : [];
  const summary = failing > 0 ? 'failing' : late > 0 || invalid > 0 || away.length > 0 ? 'late' : running > 0 ? 'running' : 'ok';
  return (
    <header className={`app-header health-${summary}`}>
      <h1>Agent OS</h1>
      <p className="health" role="status" aria-live="polite">
        {status === null ? (
          'Loading…'
        ) : (
          <>
            {failing > 0 ? <strong className="count failing">{failing} failing</strong> : null}
            {late > 0 ? <strong className="count late">{late} late</strong> : null}
            {invalid > 0 ? <strong className="count late">{invalid} invalid</strong> : null}
            {away.map((r) => (
              <strong key={r.name} className="count late">
                {r.name} unreachable
              </strong>
            ))}
            {running > 0 ? <span className="count running">{running} running</span> : null}
            <span className="count ok">{count('ok')} ok</span>
            {count('never') > 0 ? <span className="count idle">{count('never')} not run yet</span> : null}
            {status.paused_all ? <span className="count paused">all paused</span> : null}
          </>
        )}
      </p>
      <span
        className={`link-dot ${linkUp ? 'up' : 'down'}`}
        title={linkUp ? 'Live' : 'Reconnecting…'}
        aria-label={linkUp ? 'Live updates on' : 'Live updates reconnecting'}
      />
    </header>
  );
}

/** Tabs with roving focus: arrow keys move, Home/End jump to the first/last, Enter/Space open. */
function Nav() {
  const view = useAppState((s) => s.view);
  const setView = useAppState((s) => s.setView);
  const openAlerts = useAppState((s) => s.openAlerts);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent, i: number): void => {
    const last = VIEWS.length - 1;
    const target = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (target === null) return;
    e.preventDefault();
    const next = (target + VIEWS.length) % VIEWS.length;
    refs.current[next]?.focus();
    setView(VIEWS[next] as ViewName);
  };
  return (
    <nav className="tabs" role="tablist" aria-label="Views">
      {VIEWS.map((v, i) => (
        <button
          key={v}
          ref={(el) => void (refs.current[i] = el)}
          type="button"
          role="tab"
          aria-selected={view === v}
          tabIndex={view === v ? 0 : -1}
          onClick={() => setView(v)}
          onKeyDown={(e) => onKey(e, i)}
          aria-label={LABELS[v]}
          aria-describedby={v === 'alerts' && openAlerts ? 'open-alerts' : undefined}
        >
          {LABELS[v]}
          {v === 'alerts' && openAlerts ? (
            <span className="tab-count" id="open-alerts" title={`${openAlerts} open alert${openAlerts === 1 ? '' : 's'}`}>
              {openAlerts}
              <span className="sr-only"> open alert{openAlerts === 1 ? '' : 's'}</span>
            </span>
          ) : null}
        </button>
      ))}
    </nav>
  );
}
