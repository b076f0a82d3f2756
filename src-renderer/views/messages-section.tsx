import { useCallback, useEffect, useState } from 'react';
import type { ProjectMessage } from '../../src-main/common/alerts';
import type { ProjectInfo } from '../../src-main/common/models';
import { useClient, useEventListener } from '../app-context';
import { CopyButton } from '../components/copy-button';
import { relativeTime } from '../components/time-format';

const LEVEL_BADGE = { critical: 'state-failing', warning: 'state-late', info: 'state-ok' } as const;
const SOURCE = { task: 'from a run', http: 'posted', cli: 'agent-os notify' } as const;

/** The curl line a job elsewhere runs to send a message through Agent OS. */
export function notifyCurl(url: string): string {
  return `curl -fsS -m 10 -H 'content-type: application/json' -d '{"title":"Backup","message":"finished","level":"info"}' ${url}`;
}

/**
 * What projects sent through Agent OS (issue 25 §2), newest first, and how each project sends: its
 * `POST /notify/<ping_key>` URL with a Copy button and a curl line. The key is a secret, like a ping URL.
 */
export function MessagesSection() {
  const client = useClient();
  const listen = useEventListener();
  const [messages, setMessages] = useState<ProjectMessage[] | null>(null);
  const [projects, setProjects] = useState<ProjectInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    client
      .call('messages.list', { limit: 200 })
      .then((m) => {
        setMessages(m);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    client
      .call('projects.list', undefined)
      .then(setProjects)
      .catch(() => setProjects([]));
  }, [client]);
  useEffect(() => {
    load();
    // A gathered batch of messages is recorded as a `message` alert.
    return listen((event) => {
      if (event.name === 'alert.raised' || event.name === 'alert.resolved') load();
    });
  }, [load, listen]);
  const senders = projects.filter((p): p is ProjectInfo & { notify_url: string } => typeof p.notify_url === 'string');
  return (
    <div className="messages">
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : null}
      {!messages ? <p className="empty">Loading…</p> : null}
      {messages && messages.length === 0 ? (
        <p className="empty">No messages yet. A project sends one from a task, a job elsewhere, or a shell (see below).</p>
      ) : null}
      {messages && messages.length > 0 ? (
        <ul className="alert-list" aria-label="Messages from projects">
          {messages.map((m) => (
            <li key={m.id} className="alert-row" data-message={m.id}>
              <div className="task-main">
                <span className={`badge ${LEVEL_BADGE[m.level]}`}>{m.level}</span>
                <span className="task-name">
                  {m.project}: {m.title ?? m.message}
                </span>
              </div>
              {m.title ? <div className="task-error">{m.message}</div> : null}
              <div className="task-meta muted">
                {relativeTime(m.received_at)} · {SOURCE[m.source]} · {m.alert_id === null ? 'waiting to be sent' : 'sent to its channels'}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <section aria-label="Send messages from projects">
        <h2>Send messages from projects</h2>
        <p className="muted">
          A task writes {'{"type":"notify","message":"…"}'} to $AGENT_OS_OUTPUT; a shell runs <code>agent-os notify &lt;project&gt; &lt;message&gt;</code>; a
          job elsewhere posts text or JSON to its project&apos;s URL. Keep the URL secret: anyone with it can send.
        </p>
        <ul className="plain-list">
          {senders.map((p) => (
            <li key={p.name} data-project={p.name}>
              <strong>{p.name}</strong>
              <code aria-label={`Notify URL of ${p.name}`}>{p.notify_url}</code>
              <CopyButton text={p.notify_url} label={`Copy the notify URL of ${p.name}`} />
              <code className="curl-line" aria-label={`curl line for ${p.name}`}>
                {notifyCurl(p.notify_url)}
              </code>
              <CopyButton text={notifyCurl(p.notify_url)} label={`Copy the curl line for ${p.name}`} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
