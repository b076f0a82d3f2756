import { useState } from 'react';
import type { TaskStatus } from '../../src-main/common/models';
import './cloud-details.css';

const PROVIDER = { github_actions: 'GitHub Actions', railway: 'Railway' } as const;

/**
 * Where a cloud schedule comes from (provider, file, jobs), why Run now cannot start it, and, while Agent
 * OS cannot see its runs, the exact ping command to add to the job, with a Copy button.
 */
export function CloudDetails({ task }: { task: TaskStatus }) {
  const cloud = task.cloud;
  const [copied, setCopied] = useState(false);
  if (!cloud) return null;
  const copy = (): void => {
    if (!task.ping_hint) return;
    void navigator.clipboard?.writeText(task.ping_hint).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  const unseen = !cloud.observed && task.state === 'never';
  return (
    <div className="cloud-details">
      <div className="cloud-source" title={cloud.file}>
        <span className="cloud-provider">{PROVIDER[cloud.provider]}</span> · {cloud.title}
        {cloud.jobs.length > 0 ? ` · ${cloud.jobs.join(', ')}` : ''}
      </div>
      {cloud.not_runnable_reason ? (
        <div className="cloud-why" id={`why-${task.id}`}>
          Run now: {cloud.not_runnable_reason}.
        </div>
      ) : null}
      {task.note && !unseen ? <div className="cloud-note">{task.note}</div> : null}
      {unseen && task.ping_hint ? (
        <details className="cloud-connect">
          <summary>Not watched yet: how to connect it</summary>
          {task.note ? <p>{task.note}:</p> : null}
          <div className="cloud-ping">
            <code aria-label={`Ping command for ${task.id}`}>{task.ping_hint}</code>
            <button type="button" className="link" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </details>
      ) : null}
    </div>
  );
}
