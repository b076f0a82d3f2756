import { useEffect, useState } from 'react';
import type { TaskPathStatus } from '../../src-main/common/models';
import { useAppState, useClient } from '../app-context';
import { ChannelsSection } from './channels-section';
import { DigestSection } from './digest-section';

/** Project folders, roots, resources, pause-all, channels and the digest. Changes are written to config.yml (comments kept). */
export function SettingsView() {
  const client = useClient();
  const settings = useAppState((s) => s.settings);
  const loadSettings = useAppState((s) => s.loadSettings);
  const loadStatus = useAppState((s) => s.loadStatus);
  const pausedAll = useAppState((s) => s.status?.paused_all ?? false);
  const pauseAll = useAppState((s) => s.pauseAll);
  const taskPath = useAppState((s) => s.status?.task_path ?? null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void loadSettings(), [loadSettings]);
  if (!settings) return <p className="empty">Loading…</p>;
  /** Saves; resolves true on success so a form clears its input only then. */
  const save = async (changes: Record<string, unknown>): Promise<boolean> => {
    try {
      await client.call('settings.update', changes);
      setError(null);
      await Promise.all([loadSettings(), loadStatus()]);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  return (
    <div className="settings-view">
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : null}
      <section aria-label="Pause">
        <h2>Scheduling</h2>
        <button type="button" onClick={() => void pauseAll(!pausedAll)}>
          {pausedAll ? 'Resume all tasks' : 'Pause all tasks'}
        </button>
      </section>
      <PathList title="Project folders" hint="Folders that hold an agent-os.yml." values={settings.projects} onSave={(projects) => save({ projects })} />
      <PathList
        title="Roots"
        hint={`Searched ${settings.scan_depth} levels deep for agent-os.yml.`}
        values={settings.roots}
        onSave={(roots) => save({ roots })}
      />
      <ResourceList values={settings.resources} onSave={(resources) => save({ resources })} />
      {taskPath ? <TaskPathSection status={taskPath} /> : null}
      <ChannelsSection />
      <DigestSection />
    </div>
  );
}

/** What a task's PATH is made of, and the login shell's warning when it failed or hung. */
function TaskPathSection({ status }: { status: TaskPathStatus }) {
  const shell = status.shell ? ` (${status.shell})` : '';
  return (
    <section aria-label="Tasks and PATH">
      <h2>Tasks and PATH</h2>
      {status.warning ? (
        <p className="banner warn" role="status">
          ⚠ {status.warning}
        </p>
      ) : null}
      <p className="muted">
        A task&apos;s PATH is Agent OS&apos;s own, then the folders your login shell{shell} adds, then /opt/homebrew/bin and /usr/local/bin. A project sets its
        own with <code>env:</code> in agent-os.yml.
        {status.login_shell === 'off' ? ' The login shell is not asked here (AGENT_OS_LOGIN_SHELL=off).' : ''}
      </p>
    </section>
  );
}

function PathList({ title, hint, values, onSave }: { title: string; hint: string; values: readonly string[]; onSave: (v: string[]) => Promise<boolean> }) {
  const [draft, setDraft] = useState('');
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">{hint}</p>
      {values.length === 0 ? <p className="muted">None yet.</p> : null}
      <ul className="plain-list">
        {values.map((v) => (
          <li key={v}>
            <code>{v}</code>
            <button type="button" className="link" aria-label={`Remove ${v}`} onClick={() => void onSave(values.filter((x) => x !== v))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) void onSave([...values, draft.trim()]).then((ok) => ok && setDraft(''));
        }}
      >
        <input aria-label={`Add to ${title}`} placeholder="/Users/me/code/project" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Add</button>
      </form>
    </section>
  );
}

function ResourceList({ values, onSave }: { values: Record<string, number>; onSave: (v: Record<string, number>) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [limit, setLimit] = useState('1');
  return (
    <section aria-label="Resources">
      <h2>Resources</h2>
      <p className="muted">Named concurrency limits; tasks list them under `resources:`.</p>
      <ul className="plain-list">
        {Object.entries(values).map(([k, v]) => (
          <li key={k}>
            <code>{k}</code>: {v} at a time
            <button
              type="button"
              className="link"
              aria-label={`Remove resource ${k}`}
              onClick={() => {
                const next = { ...values };
                delete next[k];
                void onSave(next);
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void onSave({ ...values, [name.trim()]: Number(limit) || 1 }).then((ok) => ok && setName(''));
        }}
      >
        <input aria-label="Resource name" placeholder="openai" value={name} onChange={(e) => setName(e.target.value)} />
        <input aria-label="Resource limit" className="narrow" type="number" min={1} value={limit} onChange={(e) => setLimit(e.target.value)} />
        <button type="submit">Add</button>
      </form>
    </section>
  );
}
